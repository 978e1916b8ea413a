import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import YAML from 'yaml';
import { parse as shellParse } from 'shell-quote';
import { EscapeError, envPair, execForm, shellWord, yamlLiteral, yamlInterpolated, plainName, plainLine } from '../../src/render/escape.js';
import { hostile, envName, runs } from './arbitraries.js';
import { composeLiteral, dockerQuoted, execArgs, instructions } from './docker-text.js';

// Each escaping helper, against random hostile values: the output parses back to the value, or the helper refuses.

/** Runs `fn`; an EscapeError is a refusal (returned as undefined), anything else is a bug. */
function refusedOr<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (err) {
    if (err instanceof EscapeError) {
      expect(err.message, 'refusals are one line').not.toMatch(/[\n\r\u2028\u2029]/);
      return undefined;
    }
    throw err;
  }
}

describe('escaping helpers keep any value intact or refuse it', () => {
  test('exec form: CMD parses to one instruction whose JSON array is the argv', () => {
    fc.assert(fc.property(fc.array(hostile(), { minLength: 1, maxLength: 4 }), (argv) => {
      const json = refusedOr(() => execForm(argv));
      if (json === undefined) {
        expect(argv.some((a) => a.includes('\0'))).toBe(true);
        return;
      }
      const parsed = instructions(`FROM scratch\nCMD ${json}\nUSER 1:1\n`);
      expect(parsed.map((i) => i.keyword)).toEqual(['FROM', 'CMD', 'USER']);
      expect(execArgs(parsed[1]!.args)).toEqual(argv);
    }), runs(300));
  });

  test('ENV NAME="value": one ENV instruction; Docker\'s quote rules give the value back', () => {
    fc.assert(fc.property(envName, hostile(), (name, value) => {
      const pair = refusedOr(() => envPair(name, value));
      const valid = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !/[\n\r\0\u2028\u2029\u0085]/.test(value);
      expect(pair !== undefined, `accepted ${JSON.stringify([name, value])}`).toBe(valid);
      if (pair === undefined) return;
      const parsed = instructions(`FROM scratch\nENV ${pair}\nUSER 1:1\n`);
      expect(parsed.map((i) => i.keyword)).toEqual(['FROM', 'ENV', 'USER']);
      expect(dockerQuoted(parsed[1]!.args)).toEqual({ name, value });
    }), runs(300));
  });

  test('YAML literal: parses back to the value once compose turns $$ into $', () => {
    fc.assert(fc.property(hostile(), (value) => {
      const text = refusedOr(() => yamlLiteral(value));
      if (text === undefined) {
        expect(value).toContain('\0');
        return;
      }
      const doc = YAML.parse(`a:\n  k: ${text}\n  after: 1\n`, { strict: true, uniqueKeys: true }) as { a: Record<string, unknown> };
      expect(Object.keys(doc.a)).toEqual(['k', 'after']);
      expect(composeLiteral(doc.a.k as string)).toBe(value);
      expect(text, 'a YAML document may not hold raw C1 controls, DEL or BOM').not.toMatch(/[\u007f-\u009f\ufeff\u2028\u2029]/);
    }), runs(300));
  });

  test('YAML with interpolation: only ${NAME...} references survive; every other $ is doubled', () => {
    fc.assert(fc.property(hostile(), (value) => {
      const text = refusedOr(() => yamlInterpolated(value));
      if (text === undefined) return;
      const parsed = YAML.parse(`k: ${text}\n`) as { k: string };
      const withoutRefs = parsed.k.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*(?::[-?][^${}"\\\n]*)?\}/g, '');
      expect(withoutRefs.replace(/\$\$/g, ''), 'no lone $ is left for compose to expand').not.toContain('$');
    }), runs(300));
  });

  test('shell word: a POSIX words parser reads exactly one word, the value', () => {
    fc.assert(fc.property(hostile(), (value) => {
      const word = refusedOr(() => shellWord(value));
      if (word === undefined) {
        expect(value).toMatch(/[\n\r\0\u2028\u2029\u0085]/);
        return;
      }
      expect(shellParse(word, (k) => `$${k}`)).toEqual([value]);
    }), runs(300));
  });

  test('names and lines: accepted only when they cannot start a new key or line', () => {
    fc.assert(fc.property(hostile(8), (value) => {
      const name = refusedOr(() => plainName(value));
      if (name !== undefined) expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_.-]*$/);
      const line = refusedOr(() => plainLine(value));
      if (line !== undefined) expect(line.split(/\r\n|[\n\r\u2028\u2029\u0085]/)).toHaveLength(1);
    }), runs(300));
  });
});
