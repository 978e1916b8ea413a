import { afterAll, describe, expect, test, vi } from 'vitest';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as zlib from 'node:zlib';
import { outcome, isClearError, rawProject, type RawFiles } from './outcome.js';
import { removeDir, tempDir } from './cli-run.js';
import { runMain, useTempCache } from '../helpers/run-main.js';
import { decodeBases, readState } from '../../src/state/state-file.js';
import { contentHash } from '../../src/fs/content-hash.js';

// Expansion bombs: text that grows without bound when expanded (Maven properties, YAML aliases, XML entities,
// gzip) is refused with the documented one-line error, or ignored where optional, and never expanded.
useTempCache();
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const POM = (props: string, artifact: string): string => `<project><modelVersion>4.0.0</modelVersion><groupId>a</groupId><artifactId>${artifact}</artifactId><version>1</version><properties>${props}</properties></project>`;
const MAIN = { 'src/main/java/a/App.java': 'package a;\npublic class App { public static void main(String[] a) {} }\n' };

/** The java-spring-boot fixture's files without its application.properties, to plant an application.yml instead. */
function springProject(): RawFiles {
  const root = path.resolve(import.meta.dirname, '../fixtures/java-spring-boot/project');
  const out: RawFiles = {};
  const walk = (rel: string): void => {
    for (const name of readdirSync(path.join(root, rel))) {
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(path.join(root, r)).isDirectory()) walk(r);
      else out[r] = readFileSync(path.join(root, r), 'utf8');
    }
  };
  walk('');
  delete out['src/main/resources/application.properties'];
  return out;
}

const ALIAS_BOMB = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 15 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`)].join('\n');

describe('refused with one line naming the file', () => {
  test.each<[string, RawFiles, RegExp]>([
    ['Maven properties that double each round', {
      'pom.xml': POM(`<p0>xxxxxxxxxx</p0>${Array.from({ length: 30 }, (_, i) => `<p${i + 1}>\${p${i}}\${p${i}}</p${i + 1}>`).join('')}`, '${p30}'), ...MAIN,
    }, /^pom\.xml: "\$\{p30\}" expands to more than 4096 characters/],
    ['an XXE pom (external entity)', {
      'pom.xml': `<?xml version="1.0"?>\n<!DOCTYPE project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n${POM('', '&xxe;')}`, ...MAIN,
    }, /^pom\.xml: declares XML entities/],
    ['a billion-laughs pom (internal entities)', {
      'pom.xml': `<?xml version="1.0"?>\n<!DOCTYPE project [<!ENTITY a "aaaaaaaaaa">${Array.from({ length: 9 }, (_, i) => `<!ENTITY a${i + 1} "${`&a${i ? i : ''};`.repeat(10)}">`).join('')}]>\n${POM('', '&a9;')}`, ...MAIN,
    }, /^pom\.xml: declares XML entities/],
    ['a YAML alias bomb in application.yml', { ...springProject(), 'src/main/resources/application.yml': `${ALIAS_BOMB}\nserver:\n  port: 8080\n` }, /^src\/main\/resources\/application\.yml: /],
  ])('%s', async (_name, files, want) => {
    const r = await outcome(rawProject(files));
    expect(r.ok ? 'planned' : r.kind, r.ok ? '' : r.message).toBe('UserError');
    if (r.ok) return;
    expect(r.message).toMatch(want);
    expect(isClearError(r.message), r.message).toBe(true);
  });

  test('a ${constructor} property reference stays unresolved, never a function\'s source', async () => {
    const r = await outcome(rawProject({ 'pom.xml': POM('', 'app-${constructor}'), ...MAIN }));
    const text = r.ok ? r.files.map((f) => f.text).join('\n') : r.message;
    expect(r.ok || r.kind !== 'internal', text).toBe(true);
    expect(text).not.toMatch(/native code|function Object/);
  });

  test('a YAML alias bomb in the state file: exit 2, one line', async () => {
    const dir = tempDir('statebomb');
    dirs.push(dir);
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ scripts: { start: 'node s.js' } }));
    writeFileSync(path.join(dir, 's.js'), '');
    writeFileSync(path.join(dir, '.create-dockerfile.yml'), `version: 1\n${ALIAS_BOMB}\n`);
    const r = await runMain(['--yes', '--cwd', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^create-dockerfile: \.create-dockerfile\.yml: /);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });
});

describe('state file bases', () => {
  test('only bases of recorded files are decoded: bombs under other names are never gunzipped', async () => {
    const dir = tempDir('bases');
    dirs.push(dir);
    const bomb = zlib.gzipSync(Buffer.alloc(4 * 1024 * 1024), { level: 9 }).toString('base64');
    const text = 'FROM scratch\n';
    const good = zlib.gzipSync(Buffer.from(text)).toString('base64');
    const bases = Array.from({ length: 200 }, (_, i) => `  junk${i}: ${bomb}`).join('\n');
    writeFileSync(path.join(dir, '.create-dockerfile.yml'), `version: 1\nfiles:\n  Dockerfile: ${contentHash(text)}\nbases:\n${bases}\n  Dockerfile: ${good}\n`);
    const state = await readState(dir);
    expect(state?.bases).toEqual({ Dockerfile: text });
    const gunzip = vi.fn(zlib.gunzipSync);
    const raw = Object.fromEntries([...Array.from({ length: 200 }, (_, i) => [`junk${i}`, bomb]), ['Dockerfile', good]]);
    expect(decodeBases(raw, { Dockerfile: contentHash(text) }, gunzip)).toEqual({ Dockerfile: text });
    expect(gunzip).toHaveBeenCalledTimes(1);
  });
});
