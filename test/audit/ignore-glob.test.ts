import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { compileIgnoreGlob, compileIgnoreGlobNfa } from '../../src/audit/ignore-glob.js';
import { auditFiles } from '../../src/audit/audit.js';

/** The backtracking translation the matcher replaced: right on small inputs, so it is the oracle here. */
function oracle(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*' && pattern[i + 1] === '*') {
      i++;
      if (pattern[i + 1] === '/') {
        i++;
        re += '(?:.*/)?';
      } else re += '.*';
    } else if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

describe('linear-time .dockerignore glob', () => {
  test.each<[string, string, boolean]>([
    ['**/.env', '.env', true], ['**/.env', 'a/b/.env', true], ['**/.env', 'a/.envx', false],
    ['*.pem', 'a.pem', true], ['*.pem', 'd/a.pem', false], ['a/**', 'a/b/c', true], ['a/**/b', 'a/b', true],
    ['a/**/b', 'a/x/y/b', true], ['a/**/b', 'ab', false], ['?', '/', false], ['[a-c]x', 'bx', true], ['[!a-c]x', 'bx', false],
    ['[^a-c]x', 'dx', true], ['\\*', '*', true], ['\\*', 'a', false], ['**', 'anything/at/all', true], ['[', '[', true],
  ])('%s matches %s: %s', (pattern, path, want) => {
    expect(compileIgnoreGlob(pattern)(path)).toBe(want);
  });

  test('agrees with the regular-expression translation on random patterns and paths', () => {
    const piece = fc.constantFrom('a', 'b', '/', '*', '**', '**/', '?', '.');
    fc.assert(fc.property(fc.array(piece, { maxLength: 8 }), fc.array(fc.constantFrom('a', 'b', '/', '.'), { maxLength: 10 }), (p, s) => {
      const pattern = p.join('');
      const path = s.join('');
      expect(compileIgnoreGlob(pattern)(path)).toBe(oracle(pattern).test(path));
    }), { numRuns: 3000 });
  });

  test('the string tests for common shapes answer as the general matcher does', () => {
    // Shapes the fast paths take (`lit`, `*.x`, `**/lit`, `**/a*b`, `**/d/lit`) mixed with ones they must refuse.
    const lead = fc.constantFrom('', '**/', '**/**/', 'a/', '\\');
    const piece = fc.constantFrom('a', 'b', '.', '*', '/', '?', '[a]', '\\*', 'ab');
    const pathChar = fc.constantFrom('a', 'b', '.', '/', '*', '?', '[');
    fc.assert(fc.property(lead, fc.array(piece, { maxLength: 6 }), fc.array(pathChar, { maxLength: 10 }), (l, p, s) => {
      const pattern = l + p.join('');
      const path = s.join('');
      expect(compileIgnoreGlob(pattern)(path), `${pattern} on ${path}`).toBe(compileIgnoreGlobNfa(pattern)(path));
    }), { numRuns: 5000 });
    for (const [pattern, path, want] of [['**/*.pem', 'tls/a.pem', true], ['**/*.pem', 'a.pem/x', false], ['**/id_rsa*', 'keys/id_rsa.pub', true],
      ['**/service-account*.json', 'config/service-account-prod.json', true], ['**/.docker/config.json', 'ci/.docker/config.json', true],
      ['**/.docker/config.json', 'ci.docker/config.json', false], ['*a*a*b', 'ab', false], ['*a*a*b', 'aab', true], ['*a*a*b', 'xaxab', true]] as const) {
      expect(compileIgnoreGlob(pattern)(path), `${pattern} on ${path}`).toBe(want);
      expect(compileIgnoreGlobNfa(pattern)(path), `${pattern} on ${path}`).toBe(want);
    }
  });

  // The backtracking translation takes minutes on these; a hang fails the test through its timeout.
  test('patterns that make a backtracking matcher explode are answered at once', () => {
    const long = 'a'.repeat(20_000);
    expect(compileIgnoreGlob(`${'*a'.repeat(20)}*b`)(long)).toBe(false);
    expect(compileIgnoreGlob(`${'**a'.repeat(20)}b`)(long)).toBe(false);
    expect(compileIgnoreGlob(`${'**/a'.repeat(20)}/b`)(`${'a/'.repeat(5000)}c`)).toBe(false);
  }, 10_000);

  test('audit of a .dockerignore holding such a pattern completes', () => {
    const findings = auditFiles([
      { path: 'Dockerfile', text: 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nUSER 1000:1000\nCMD ["node", "s.js"]\n' },
      { path: '.dockerignore', text: `.git\n${'*a'.repeat(30)}*b\n` },
    ]);
    expect(findings.map((f) => f.rule)).toContain('dockerignore-credentials');
  }, 10_000);
});
