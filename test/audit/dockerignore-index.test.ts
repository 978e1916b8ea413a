import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { excludedBy, parseDockerignore, type DockerignoreRules } from '../../src/audit/dockerignore.js';
import { compileIgnoreRule } from '../../src/audit/ignore-glob.js';

/** The lookup the index replaced: every pattern, newest first, against the path and each of its parent folders. */
function scanAll(rules: DockerignoreRules, path: string): number | undefined {
  const parts = path.split('/');
  const folders = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  for (let i = rules.patterns.length - 1; i >= 0; i--) {
    const p = rules.patterns[i]!;
    if (folders.some((f) => p.matches(f))) return p.exclude ? p.line : undefined;
  }
  return undefined;
}

describe('indexed .dockerignore lookup', () => {
  test.each<[string, { end: 'last' | 'first'; char: string } | undefined]>([
    ['.git', { end: 'last', char: 't' }], ['**/*.pem', { end: 'last', char: 'm' }], ['**/id_rsa*', { end: 'first', char: 'i' }],
    ['**/.config/gcloud', { end: 'last', char: 'd' }], ['a/**/b', { end: 'last', char: 'b' }], ['**/**/b', { end: 'last', char: 'b' }],
    // `x**/c*` matches `xcd` (the `**/` may be empty), whose last segment does not start at the `c`.
    ['x**/b', { end: 'last', char: 'b' }], ['x**/c*', undefined], ['**/a?*', { end: 'first', char: 'a' }], ['a**b*', undefined], ['**/*', undefined], ['a/**', undefined], ['*.test.*', undefined], ['Dockerfile*', { end: 'first', char: 'D' }],
    ['a?c', { end: 'last', char: 'c' }], ['[ab]', undefined], ['\\*x', { end: 'last', char: 'x' }], ['x\\*', { end: 'last', char: '*' }],
  ])('hint of %s', (pattern, hint) => {
    expect(compileIgnoreRule(pattern).hint).toEqual(hint);
  });

  test('a pattern whose double star may match nothing still decides for the path it then matches', () => {
    const rules = parseDockerignore('x**/b\nx**/c*\n');
    expect(excludedBy(rules, 'xb')?.line).toBe(1);
    expect(excludedBy(rules, 'x/y/b/d')?.line).toBe(1);
    expect(excludedBy(rules, 'xcd')?.line).toBe(2);
    expect(excludedBy(rules, 'x/cd')?.line).toBe(2);
  });

  test('the last matching pattern decides, through parent folders and re-includes', () => {
    const rules = parseDockerignore('**/.env*\n!.env.example\nconfig\n!config/app.yml\n**/*.pem\n!**/public*.pem\n');
    expect(excludedBy(rules, '.env')?.line).toBe(1);
    expect(excludedBy(rules, '.env.example')).toBeUndefined();
    expect(excludedBy(rules, 'config/db.yml')?.line).toBe(3);
    expect(excludedBy(rules, 'config/app.yml')).toBeUndefined();
    expect(excludedBy(rules, 'tls/private.pem')?.line).toBe(5);
    expect(excludedBy(rules, 'tls/public-ca.pem')).toBeUndefined();
    expect(excludedBy(rules, './config//db.yml')?.line).toBe(3);
    expect(excludedBy(rules, 'src/app.js')).toBeUndefined();
  });

  test('answers as a scan of every pattern does, on random files and paths', () => {
    const piece = fc.constantFrom('a', 'b', '.', '*', '**', '**/', '/', '?', '[ab]', '\\*', 'ab', '.env');
    const line = fc.tuple(fc.boolean(), fc.array(piece, { minLength: 1, maxLength: 5 })).map(([neg, p]) => `${neg ? '!' : ''}${p.join('')}`);
    const path = fc.array(fc.constantFrom('a', 'b', '.a', 'ab', '.env', 'x*', 'a.b'), { minLength: 1, maxLength: 4 }).map((p) => p.join('/'));
    fc.assert(fc.property(fc.array(line, { maxLength: 12 }), fc.array(path, { minLength: 1, maxLength: 8 }), (lines, paths) => {
      const rules = parseDockerignore(lines.join('\n'));
      for (const p of paths) expect(excludedBy(rules, p)?.line, `${lines.join(' | ')} on ${p}`).toBe(scanAll(rules, p));
    }), { numRuns: 1500 });
  });
});
