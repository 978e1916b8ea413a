import { describe, expect, test, vi } from 'vitest';
import { jsEnvFacts } from '../../../detectors/shared/env/js-conditions.js';

// Babel's parser is a large module: a file whose text cannot hold a guard (no `if`, `switch`, `&&` or ternary) must
// be answered without loading it. The mock's factory runs when the module is first imported.
const loads = vi.hoisted(() => ({ count: 0 }));
vi.mock('@babel/parser', async (original) => {
  loads.count++;
  return original();
});

describe('the parser is loaded only for files that may guard a read', () => {
  test.each([
    ['two reads with ?? defaults (a Nest main.ts)', "const port = process.env.PORT ?? 3000;\nconst host = process.env.HOST ?? '0.0.0.0';"],
    ['optional chaining and || defaults', 'const a = process.env.A?.trim() || "x";\nconst b = process.env.B?.length;'],
    // Guards exist (on names set from reads), but every read comes before the first of them.
    ['every read before the first guard (an Express main)', "const port = process.env.PORT || 8080;\nconst db = new Pool({ url: process.env.DATABASE_URL });\nif (!db.ready) db.connect();\napp.listen(port, () => port && log(port));"],
  ])('%s: no facts, parser not loaded', async (_, code) => {
    expect(await jsEnvFacts(code, 'src/main.ts')).toEqual({ guarded: [], productionRequired: [] });
    expect(loads.count).toBe(0);
  });

  test.each([
    ['if', "if (process.env.STORAGE === 's3') s3(process.env.S3_KEY);"],
    ['a ternary right before a number (?.5)', 'const r = process.env.FAST?.5:process.env.RATE;'],
    ['a read after the first guard', "const db = process.env.DB;\nif (db === 'pg') pg(process.env.PG_URL);"],
    ['an if written with an escape, the first plain guard after every read', "\\u0069f (process.env.MODE) s3(process.env.S3_KEY);\nconst ok = a && b;"],
  ])('%s: parsed, the guarded read found', async (_, code) => {
    expect((await jsEnvFacts(code, 'src/app.ts')).guarded.length).toBeGreaterThan(0);
    expect(loads.count).toBe(1);
  });
});
