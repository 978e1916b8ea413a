import { describe, expect, test } from 'vitest';
import { outcome, isClearError, rawProject, type RawFiles } from './outcome.js';

// Broken manifests of every stack on an in-memory filesystem. Each case either plans and renders, or stops with
// one UserError line that names the file (with line:col for syntax errors) and says what to do.

const SERVER = "require('http').createServer((q, s) => s.end('ok')).listen(process.env.PORT || 3000);\n";
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const BOM = '\ufeff';

interface Case {
  name: string;
  files: RawFiles;
  /** Expected error line (regex), or 'ok' when the project must plan and render. */
  want: RegExp | 'ok';
}

const MALFORMED: Case[] = [
  { name: 'package.json with a trailing comma', files: { 'package.json': '{\n  "name": "x",\n}\n' }, want: /^package\.json:3:1: invalid JSON .*; fix the syntax/ },
  { name: 'package.json cut short', files: { 'package.json': '{"name": "x", "scripts": {"start": "node s' }, want: /^package\.json:1:\d+: invalid JSON/ },
  { name: 'package.json holding an array', files: { 'package.json': '[1, 2]' }, want: /^package\.json: must hold a JSON object/ },
  { name: 'package.json holding null', files: { 'package.json': 'null' }, want: /^package\.json: must hold a JSON object/ },
  { name: 'pyproject.toml with an unclosed table', files: { 'pyproject.toml': '[project\nname = "x"\n' }, want: /^pyproject\.toml:1:\d+: invalid TOML/ },
  { name: 'pyproject.toml with a duplicate key', files: { 'pyproject.toml': '[project]\nname = "x"\nname = "y"\n' }, want: /^pyproject\.toml:3:\d+: invalid TOML/ },
  { name: 'Cargo.toml with a bad value', files: { 'Cargo.toml': '[package]\nname = x\n', 'src/main.rs': 'fn main() {}\n' }, want: /^Cargo\.toml:2:\d+: invalid TOML/ },
  { name: 'pom.xml with a mismatched tag', files: { 'pom.xml': '<project>\n  <artifactId>a</groupId>\n</project>\n' }, want: /^pom\.xml:2:\d+: invalid XML/ },
  { name: 'pom.xml that is not XML', files: { 'pom.xml': 'hello' }, want: /^pom\.xml:\d+:\d+: invalid XML/ },
  { name: 'pnpm-workspace.yaml with a bad indent', files: { 'package.json': { scripts: { start: 'node s.js' } }, 's.js': SERVER, 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n", 'pnpm-workspace.yaml': 'packages:\n  - a\n - b: [\n' }, want: /^pnpm-workspace\.yaml:\d+:\d+: invalid YAML/ },
  { name: '.yarnrc.yml with an unclosed flow map', files: { 'package.json': { scripts: { start: 'node s.js' } }, 's.js': SERVER, 'yarn.lock': '', '.yarnrc.yml': 'nodeLinker: {\n' }, want: /^\.yarnrc\.yml:\d+:\d+: invalid YAML/ },
  { name: 'Spring application.yml with a tab indent', files: springWith('src/main/resources/application.yml', 'server:\n\tport: 9000\n'), want: /^src\/main\/resources\/application\.yml:\d+:\d+: invalid YAML/ },
  { name: 'gradle/libs.versions.toml broken', files: { 'build.gradle.kts': 'plugins { application }\n', 'settings.gradle.kts': '', 'gradle/libs.versions.toml': '[versions\n' }, want: /^gradle\/libs\.versions\.toml:1:\d+: invalid TOML/ },
];

const EMPTY: Case[] = [
  { name: 'empty package.json', files: { 'package.json': '' }, want: /^package\.json: file is empty; it must hold a JSON object/ },
  { name: 'whitespace-only package.json', files: { 'package.json': ' \n\t\n' }, want: /^package\.json: file is empty/ },
  { name: 'empty go.mod', files: { 'go.mod': '', 'main.go': 'package main\nfunc main() {}\n' }, want: /^go\.mod: / },
  { name: 'empty Cargo.toml', files: { 'Cargo.toml': '', 'src/main.rs': 'fn main() {}\n' }, want: /^Cargo\.toml: no \[package\] or \[workspace\]/ },
  { name: 'empty pyproject.toml', files: { 'pyproject.toml': '' }, want: /^pyproject\.toml: / },
  { name: 'empty pom.xml', files: { 'pom.xml': '' }, want: /^pom\.xml: file is empty; it must hold a <project> element/ },
  { name: 'empty requirements.txt next to an app (no dependencies is a valid app)', files: { 'requirements.txt': '', 'app.py': 'print(1)\n' }, want: 'ok' },
];

const ENCODING: Case[] = [
  { name: 'package.json with a UTF-8 BOM', files: { 'package.json': `${BOM}{"scripts": {"start": "node s.js"}}`, 's.js': SERVER }, want: 'ok' },
  { name: 'pyproject.toml with a UTF-8 BOM', files: { 'pyproject.toml': `${BOM}[project]\nname = "a"\ndependencies = ["flask"]\n`, 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' }, want: 'ok' },
  { name: 'go.mod with a UTF-8 BOM', files: { 'go.mod': `${BOM}module example.com/a\n\ngo 1.22\n`, 'main.go': 'package main\nfunc main() {}\n' }, want: 'ok' },
  { name: 'package.json in Latin-1', files: { 'package.json': Uint8Array.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]) }, want: /^package\.json: not valid UTF-8; save it as UTF-8/ },
  { name: 'Cargo.toml in UTF-16', files: { 'Cargo.toml': Uint8Array.from([0xff, 0xfe, 0x5b, 0x00]), 'src/main.rs': 'fn main() {}\n' }, want: /^Cargo\.toml: not valid UTF-8/ },
  { name: 'package.json with NUL bytes', files: { 'package.json': enc('{"name": "a\u0000b", "scripts": {"start": "node s.js"}}'), 's.js': SERVER }, want: /invalid JSON|NUL/ },
];

const SHAPE: Case[] = [
  { name: 'package.json that is a directory', files: { 'package.json': null }, want: /^package\.json: is a directory, expected a file; rename or remove it/ },
  { name: 'go.mod that is a directory', files: { 'go.mod': null, 'main.go': 'package main\n' }, want: /^go\.mod: is a directory/ },
  { name: 'Cargo.toml that is a directory', files: { 'Cargo.toml': null }, want: /^Cargo\.toml: is a directory/ },
  { name: 'pyproject.toml that is a directory', files: { 'pyproject.toml': null, 'app.py': '' }, want: /^pyproject\.toml: is a directory/ },
  { name: 'pom.xml that is a directory', files: { 'pom.xml': null }, want: /^pom\.xml: is a directory/ },
  { name: 'no recognisable stack', files: { 'README.md': '# hi\n', 'notes.txt': 'x' }, want: /^\/project: no recognisable stack \(looked for .*package\.json.*\); run in the project root/ },
  { name: 'an empty folder', files: {}, want: /no recognisable stack/ },
  { name: 'scripts that are not strings', files: { 'package.json': { scripts: { start: 42, build: ['x'] }, main: { a: 1 } }, 's.js': SERVER }, want: /^package\.json: no "start" script/ },
  { name: 'dependencies holding junk', files: { 'package.json': { dependencies: 'pg', devDependencies: [1], engines: { node: 7 }, scripts: { start: 'node s.js' } }, 's.js': SERVER }, want: 'ok' },
];

function springWith(file: string, text: string): RawFiles {
  return {
    'pom.xml': '<project><modelVersion>4.0.0</modelVersion><groupId>a</groupId><artifactId>a</artifactId><version>1</version>'
      + '<parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.3.0</version></parent>'
      + '<dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency></dependencies>'
      + '<build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build></project>',
    'src/main/java/a/App.java': 'package a;\n@SpringBootApplication\npublic class App { public static void main(String[] a) {} }\n',
    [file]: text,
  };
}

describe.each([
  ['malformed manifests', MALFORMED],
  ['empty manifests', EMPTY],
  ['encodings', ENCODING],
  ['manifests of the wrong shape', SHAPE],
] as const)('%s', (_group, cases) => {
  test.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const result = await outcome(rawProject(c.files));
    if (c.want === 'ok') {
      expect(result.ok ? 'ok' : `${result.kind}: ${result.message}`).toBe('ok');
      return;
    }
    expect(result.ok, 'a broken project must not render').toBe(false);
    if (result.ok) return;
    expect(result.kind, result.message).toBe('UserError');
    expect(isClearError(result.message), `one clear line: ${result.message}`).toBe(true);
    expect(result.message).toMatch(c.want);
  });
});
