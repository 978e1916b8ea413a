import { describe, expect, test } from 'vitest';
import { memProject } from '../../helpers/memfs.js';
import { buildPlan } from '../../../src/plan/detect.js';
import { render } from '../../../src/render/render.js';
import { holdsCredential } from '../../../detectors/shared/secret-configs.js';
import { createRequire } from 'node:module';
import type { Ignore } from '@balena/dockerignore';

// Docker's own matching rules for .dockerignore.
const ignore = createRequire(import.meta.url)('@balena/dockerignore') as () => Ignore;
const dockerignoreMatcher = (text: string) => { const ig = ignore().add(text); return (p: string): boolean => ig.ignores(p); };

// Tool configs holding registry credentials (pip.conf, Maven settings.xml, gradle.properties) are build secrets:
// never in the context (.dockerignore), never COPY'd, mounted with RUN --mount=type=secret where the install runs,
// and the Dockerfile header says how to pass them. Without credentials they stay ordinary build files.

describe('holdsCredential', () => {
  test.each([
    ['pip.conf index URL with user:pass@', '[global]\nindex-url = https://user:s3cret@pypi.example.com/simple\n', true],
    ['pip.conf extra-index-url with a token as user', '[global]\nextra-index-url = https://__token__@host/simple\n', true],
    ['.npmrc _auth', '//registry.example.com/:_auth=dXNlcjpwYXNz\n', true],
    ['.npmrc _password', '//registry.example.com/:_password=cGFzcw==\n', true],
    ['.npmrc _authToken', '//registry.example.com/:_authToken=abc\n', true],
    ['.pypirc password', '[pypi]\nusername = me\npassword = hunter2\n', true],
    ['settings.xml <password>', '<settings><servers><server><id>r</id><username>u</username><password>p</password></server></servers></settings>', true],
    ['gradle.properties repo password', 'org.gradle.jvmargs=-Xmx1g\nmavenPassword=hunter2\n', true],
    ['gradle.properties token', 'gpr.token=ghp_x\n', true],
    // Negative rows: configuration without credentials stays build input.
    ['pip.conf plain index', '[global]\nindex-url = https://pypi.example.com/simple\ntimeout = 60\n', false],
    ['gradle.properties settings only', 'org.gradle.jvmargs=-Xmx1g\norg.gradle.caching=true\nversion=1.2.3\n', false],
    ['settings.xml mirrors only', '<settings><mirrors><mirror><id>m</id><url>https://repo.example.com/maven2</url><mirrorOf>*</mirrorOf></mirror></mirrors></settings>', false],
    ['settings.xml empty password element', '<settings><servers><server><id>r</id><password></password></server></servers></settings>', false],
    ['.npmrc registry only', 'registry=https://registry.example.com/\nengine-strict=true\n', false],
  ])('%s', (_name, text, want) => {
    expect(holdsCredential(text)).toBe(want);
  });
});

const POM = '<project><modelVersion>4.0.0</modelVersion><groupId>a</groupId><artifactId>app</artifactId><version>1</version><packaging>jar</packaging></project>';
const JAVA_MAIN = 'package a;\npublic class App { public static void main(String[] a) throws Exception { com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress(8080), 0).start(); } }\n';
const GRADLE = "plugins { id 'application' }\napplication { mainClass = 'a.App' }\n";

/** Plans and renders a project; returns the Dockerfile, the .dockerignore and a matcher of what it excludes. */
async function generate(files: Record<string, string>) {
  const { plan } = await buildPlan(memProject(files), {});
  const out = Object.fromEntries(render(plan).map((f) => [f.path, f.text]));
  return { dockerfile: out.Dockerfile!, ignored: dockerignoreMatcher(out['.dockerignore']!) };
}

describe('credential configs become build secrets', () => {
  test.each([
    ['python pip.conf', { 'requirements.txt': 'flask==3.0.0\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n', 'pip.conf': '[global]\nindex-url = https://u:p@pypi.example.com/simple\n' }, 'pip.conf', 'pip-conf', '/etc/pip.conf'],
    ['maven settings.xml', { 'pom.xml': POM, 'src/main/java/a/App.java': JAVA_MAIN, 'settings.xml': '<settings><servers><server><id>r</id><username>u</username><password>p</password></server></servers></settings>' }, 'settings.xml', 'settings-xml', '/root/.m2/settings.xml'],
    ['gradle gradle.properties', { 'build.gradle': GRADLE, 'settings.gradle': "rootProject.name = 'app'\n", 'src/main/java/a/App.java': JAVA_MAIN, 'gradle.properties': 'repoUser=u\nrepoPassword=p\n' }, 'gradle.properties', 'gradle-properties', '/app/gradle.properties'],
  ])('%s: ignored, never copied, mounted at every install step, and the header says how to pass it', async (_name, files, file, id, target) => {
    const { dockerfile, ignored } = await generate(files as Record<string, string>);
    expect(ignored(file), `${file} is not in the context`).toBe(true);
    expect(dockerfile).toContain(`# ${file} holds registry credentials: it stays out of the build context and every image; build with --secret id=${id},src=${file}\n`);
    const copies = dockerfile.split('\n').filter((l) => /^COPY (?!--from)/.test(l));
    for (const c of copies) expect(c, 'no COPY names it').not.toContain(file);
    const installs = dockerfile.split('\n').filter((l) => /^RUN --mount=type=cache/.test(l));
    expect(installs.length).toBeGreaterThan(0);
    for (const r of installs) expect(r).toContain(`--mount=type=secret,id=${id},target=${target} `);
  });

  test.each([
    ['python pip.conf without credentials', { 'requirements.txt': 'flask==3.0.0\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n', 'pip.conf': '[global]\ntimeout = 60\n' }],
    ['gradle.properties without credentials', { 'build.gradle': GRADLE, 'settings.gradle': "rootProject.name = 'app'\n", 'src/main/java/a/App.java': JAVA_MAIN, 'gradle.properties': 'org.gradle.caching=true\n' }],
  ])('%s: no secret mount, no header line', async (_name, files) => {
    const { dockerfile, ignored } = await generate(files as Record<string, string>);
    expect(dockerfile).not.toContain('type=secret');
    expect(dockerfile).not.toContain('holds registry credentials');
    if ('gradle.properties' in files) {
      expect(ignored('gradle.properties'), 'a plain gradle.properties stays build input').toBe(false);
      expect(dockerfile).toMatch(/^COPY .*gradle\.properties/m);
    }
  });
});
