import { readFileSync } from 'node:fs';
import path from 'node:path';
import { load, CORE_SCHEMA } from 'js-yaml';
import { describe, expect, test } from 'vitest';
import { topLevelEntry, yamlTopLevelValue } from '../../src/yaml-document.js';

const LOCK = `lockfileVersion: '9.0'

settings:
  autoInstallPeers: true

importers:

  .:
    dependencies:
      sharp:
        specifier: ^0.33.0
        version: 0.33.5

packages:

  '@img/sharp-linux-x64@0.33.5':
    resolution: {integrity: sha512-x}
    cpu: [x64]
# a comment at the margin does not end the section
  sharp@0.33.5:
    resolution: {integrity: sha512-y}
    engines: {node: ^18.17.0 || ^20.3.0 || >=21.0.0}

snapshots:

  sharp@0.33.5:
    dependencies:
      detect-libc: 2.0.3
`;

describe('one top-level entry of a YAML text', () => {
  test('the slice runs from its key to the next entry at the margin', () => {
    const entry = topLevelEntry(LOCK, 'packages')!;
    expect(entry.startsWith('packages:\n')).toBe(true);
    expect(entry).toContain('sharp@0.33.5:\n    resolution: {integrity: sha512-y}');
    expect(entry).not.toContain('snapshots');
    expect(topLevelEntry(LOCK, 'snapshots')!.endsWith('detect-libc: 2.0.3\n')).toBe(true);
  });

  test.each([
    ['a key only named inside another entry', 'importers:\n  packages:\n    x: 1\n', 'packages'],
    ['a longer key with the same start', 'packagesExtra:\n  x: 1\n', 'packages'],
    ['no such key', LOCK, 'overrides'],
  ])('no slice: %s', (_, text, key) => {
    expect(topLevelEntry(text, key)).toBeUndefined();
  });

  test('the value equals the whole parse\'s, for every top-level key of a real lockfile', async () => {
    const real = readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'pnpm-nestjs', 'project', 'pnpm-lock.yaml'), 'utf8');
    const whole = load(real, { schema: CORE_SCHEMA }) as Record<string, unknown>;
    for (const key of Object.keys(whole)) expect(await yamlTopLevelValue(real, key)).toEqual(whole[key]);
    for (const key of ['packages', 'settings', 'importers']) expect(await yamlTopLevelValue(LOCK, key)).toEqual((load(LOCK, { schema: CORE_SCHEMA }) as Record<string, unknown>)[key]);
  });

  test.each([
    ['a flow mapping over several lines', '{packages: {a: 1},\n snapshots: {}}\n', { a: 1 }],
    ['a quoted key', '"packages":\n  a: 1\n', { a: 1 }],
    ['an absent key', 'importers: {}\n', undefined],
    ['a flow sequence over several lines', 'packages: [\na, b\n]\n', ['a', 'b']],
  ])('the whole text decides when the slice cannot: %s', async (_, text, expected) => {
    expect(await yamlTopLevelValue(text, 'packages')).toEqual(expected);
  });

  test.each([
    // A block sequence may sit at its key's own margin ("- " lines, compact form): they belong to the entry.
    ['a sequence at the margin', 'packages:\n- a\n-\n- b\nsnapshots: {}\n', ['a', null, 'b']],
    ['a sequence at the margin before a document end', 'packages:\n- a\n---\n', ['a']],
  ])('the slice keeps what belongs to the entry: %s', async (_, text, expected) => {
    expect(await yamlTopLevelValue(text, 'packages')).toEqual(expected);
  });

  test('invalid YAML in the entry rejects', async () => {
    await expect(yamlTopLevelValue('packages:\n  a: [1\n', 'packages')).rejects.toThrow();
  });
});
