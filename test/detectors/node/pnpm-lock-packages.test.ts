import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { dump } from 'js-yaml';
import { describe, expect, test } from 'vitest';
import { memProject } from '../../helpers/memfs.js';
import { maySelect, pnpmLockPackages, type PnpmLockQuery } from '../../../detectors/node/pnpm-lock-packages.js';
import { NATIVE_PNPM_QUERY } from '../../../detectors/node/native.js';
import { BINARIES_PNPM_QUERY } from '../../../detectors/node/install-binaries.js';
import { yamlTopLevelValue } from '../../../src/yaml-document.js';

// pnpmLockPackages skips the parse when the text cannot hold a selected entry: whatever the text, it must return
// what parsing the `packages` section and keeping the selected entries returns (this file's own oracle).

const FIXTURES = path.join(import.meta.dirname, '..', '..', 'fixtures');
const fixtureLocks = readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' })
  .filter((p) => path.basename(p) === 'pnpm-lock.yaml' && !p.includes('expected'))
  .map((p) => [p, readFileSync(path.join(FIXTURES, p), 'utf8')] as const);

/** The entries a query selects, from a full parse of the section (the behaviour before the skip existed). */
async function oracle(text: string, query: PnpmLockQuery): Promise<Record<string, unknown>> {
  let packages: unknown;
  try {
    packages = await yamlTopLevelValue(text, 'packages');
  } catch {
    return {};
  }
  if (packages === null || typeof packages !== 'object') return {};
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(packages)) {
    const name = /^\/?((?:@[^/@]+\/)?[^/@(]+)[@/]/.exec(key)?.[1];
    const byName = name !== undefined && (query.names.has(name) || !!query.prefixes?.some((p) => name.startsWith(p)));
    const byField = entry !== null && typeof entry === 'object' && !!query.fields?.some((f) => f in entry);
    if (byName || byField) out[key] = entry;
  }
  return out;
}

const selected = (text: string, query: PnpmLockQuery) => pnpmLockPackages(memProject({ 'pnpm-lock.yaml': text }), query);
const QUERIES: [string, PnpmLockQuery][] = [
  ['native', NATIVE_PNPM_QUERY],
  ['install binaries', BINARIES_PNPM_QUERY],
  ['common packages', { names: new Set(['typescript', 'rxjs', 'esbuild', 'turbo', '@nestjs/core']), prefixes: ['@types/'], fields: ['hasBin'] }],
];
const lock = (packages: string) => `lockfileVersion: '9.0'\n\nimporters:\n\n  .: {}\n\npackages:\n\n${packages}\nsnapshots: {}\n`;

describe('pnpm lockfile packages a check selects', () => {
  test.each(fixtureLocks)('every fixture lockfile, every query: same entries as a full parse (%s)', async (_, text) => {
    for (const [, query] of QUERIES) expect(await selected(text, query)).toEqual(await oracle(text, query));
  });

  test('a real lockfile without native or install-script packages is not parsed for them', () => {
    const nest = fixtureLocks.find(([p]) => p.startsWith('pnpm-nestjs'))![1];
    expect(maySelect(nest, NATIVE_PNPM_QUERY)).toBe(false);
    expect(maySelect(nest, BINARIES_PNPM_QUERY)).toBe(false);
    expect(maySelect(nest, QUERIES[2]![1])).toBe(true);
  });

  test.each<[string, string, PnpmLockQuery, string[]]>([
    ['a v9 key', lock('  canvas@3.1.0:\n    resolution: {integrity: sha512-x}\n'), NATIVE_PNPM_QUERY, ['canvas@3.1.0']],
    ['a v5 key', lock('  /canvas/2.11.2:\n    resolution: {integrity: sha512-x}\n'), NATIVE_PNPM_QUERY, ['/canvas/2.11.2']],
    ['a scoped key, quoted', lock("  '@serialport/bindings-cpp@12.0.1':\n    resolution: {integrity: sha512-x}\n"), NATIVE_PNPM_QUERY, ['@serialport/bindings-cpp@12.0.1']],
    ['a name prefix', lock('  tree-sitter-json@0.24.8:\n    resolution: {integrity: sha512-x}\n'), NATIVE_PNPM_QUERY, ['tree-sitter-json@0.24.8']],
    ['a field, whatever the key', "lockfileVersion: '6.0'\npackages:\n  /argon-ish@1.0.0:\n    requiresBuild: true\n  /pure@1.0.0: {}\n", NATIVE_PNPM_QUERY, ['/argon-ish@1.0.0']],
    ['a flow mapping on one line', "{lockfileVersion: '9.0', packages: {bun@1.2.0: {}, esbuild@0.25.0: {}}}\n", BINARIES_PNPM_QUERY, ['bun@1.2.0']],
    ['CRLF line ends', lock('  bun@1.2.0:\n    resolution: {integrity: sha512-x}\n').replace(/\n/g, '\r\n'), BINARIES_PNPM_QUERY, ['bun@1.2.0']],
    // Hostile spellings: a key or field without its letters in a row.
    ['a hex escape in a key', lock('  "\\x62crypt@5.1.1":\n    resolution: {integrity: sha512-x}\n'), NATIVE_PNPM_QUERY, ['bcrypt@5.1.1']],
    ['a unicode escape in a key', lock('  "\\u0062un@1.2.0": {}\n'), BINARIES_PNPM_QUERY, ['bun@1.2.0']],
    ['an escaped line break inside an explicit key', lock('  ? "bc\\\n    rypt@5.1.1"\n  : {}\n'), NATIVE_PNPM_QUERY, ['bcrypt@5.1.1']],
    ['an escape in a field', "lockfileVersion: '6.0'\npackages:\n  /x@1.0.0:\n    \"requires\\x42uild\": true\n", NATIVE_PNPM_QUERY, ['/x@1.0.0']],
    ['an entry through an alias', "lockfileVersion: '6.0'\npackages:\n  /a@1.0.0: &e\n    requiresBuild: true\n  /b@1.0.0: *e\n", NATIVE_PNPM_QUERY, ['/a@1.0.0', '/b@1.0.0']],
    // Negative rows: near names, and names outside a key.
    ['a scoped package of the same name', lock("  '@types/bcrypt@5.0.2':\n    resolution: {integrity: sha512-x}\n"), NATIVE_PNPM_QUERY, []],
    ['a longer name', lock('  bcryptjs@2.4.3:\n    resolution: {integrity: sha512-x}\n  bun-types@1.2.0: {}\n'), { names: new Set(['bcrypt', 'bun']) }, []],
    ['a name inside an integrity hash', lock('  pure@1.0.0:\n    resolution: {integrity: sha512-ab/usb/cd==}\n'), NATIVE_PNPM_QUERY, []],
    ['a multi-line key folds with a space', lock('  ? bc\n    rypt@5.1.1\n  : {}\n'), NATIVE_PNPM_QUERY, []],
    ['invalid YAML', lock('  canvas@3.1.0: [\n'), NATIVE_PNPM_QUERY, []],
    ['no packages section', "lockfileVersion: '9.0'\nimporters: {}\n", NATIVE_PNPM_QUERY, []],
  ])('%s', async (_, text, query, keys) => {
    const got = await selected(text, query);
    expect(Object.keys(got).sort()).toEqual(keys);
    expect(got).toEqual(await oracle(text, query));
  });

  test('random lockfiles in every YAML style: same entries as a full parse', async () => {
    const names = ['bcrypt', 'bun', 'canvas', 'tree-sitter-go', '@types/bcrypt', 'bcryptjs', 'express', 'usb', '@serialport/bindings-cpp'];
    const key = fc.tuple(fc.constantFrom(...names), fc.constantFrom('@1.0.0', '/1.0.0', '@2.0.0(peer@1.0.0)'), fc.boolean()).map(([n, v, slash]) => `${slash ? '/' : ''}${n}${v}`);
    const entry = fc.record({ requiresBuild: fc.boolean(), dependencies: fc.dictionary(fc.constantFrom('node-gyp', 'bindings', 'ms'), fc.constant('1.0.0')) }, { requiredKeys: [] });
    const style = fc.record({ flowLevel: fc.constantFrom(-1, 0, 1, 2), forceQuotes: fc.boolean(), quotingType: fc.constantFrom<'"' | "'">('"', "'") });
    await fc.assert(fc.asyncProperty(fc.dictionary(key, fc.option(entry)), style, async (packages, opts) => {
      const text = dump({ lockfileVersion: '9.0', packages }, opts);
      for (const [, query] of QUERIES) expect(await selected(text, query)).toEqual(await oracle(text, query));
    }), { numRuns: 50 });
  });
});
