import { describe, expect, test } from 'vitest';
import { loadTimeGuards, placeholderValue } from '../../../detectors/node/build-env-guards.js';

// Variables a module's top level throws without: `next build` loads the route modules, so the build step needs them set.
describe('load-time env guards', () => {
  test.each<[string, string, string[]]>([
    ['if (!process.env.X) throw', "if (!process.env.POSTGRES_URL) {\n  throw new Error('POSTGRES_URL is not set');\n}\nexport const client = postgres(process.env.POSTGRES_URL);", ['POSTGRES_URL']],
    ['throw without a block', "if (!process.env.AUTH_SECRET) throw new Error('missing');", ['AUTH_SECRET']],
    ['|| of two tests', "if (!process.env.A_KEY || !process.env['B_KEY']) throw new Error('x');", ['A_KEY', 'B_KEY']],
    ['=== undefined and == null', "if (process.env.DATABASE_URL === undefined) throw new Error('x');\nif (null == process.env.REDIS_URL) throw new Error('y');", ['DATABASE_URL', 'REDIS_URL']],
    ["=== ''", "if (process.env.API_TOKEN === '') throw new Error('x');", ['API_TOKEN']],
    ['a non-null assertion the top level evaluates (an SDK client)', "import Stripe from 'stripe';\nexport const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!, { apiVersion: '2025-01-27' });", ['STRIPE_SECRET_KEY']],
    ['a non-null assertion in an exported object', "export const config = { url: process.env.SUPABASE_URL!, key: process.env['SUPABASE_KEY']! };", ['SUPABASE_KEY', 'SUPABASE_URL']],
    // Negative rows.
    ['a non-null assertion inside a function or method runs on a call', "export function client() { return new Stripe(process.env.STRIPE_SECRET_KEY!); }\nexport const c = { get: () => process.env.A_KEY!, m() { return process.env.B_KEY!; } };", []],
    ['a read without the assertion may be unset', "export const stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? '');", []],
    ['inside a function: runs on a request, not at load', "export function db() {\n  if (!process.env.DATABASE_URL) throw new Error('x');\n}", []],
    ['the branch warns instead of throwing', "if (!process.env.DATABASE_URL) console.warn('no database');", []],
    ['the test also checks something else', "if (!process.env.DATABASE_URL && isProd) throw new Error('x');", []],
    ['a set variable is the error', "if (process.env.LEGACY_MODE) throw new Error('unsupported');", []],
    ['!== undefined is no unset test', "if (process.env.X_URL !== undefined) throw new Error('x');", []],
    ['client-inlined names are left out', "if (!process.env.NEXT_PUBLIC_API_URL) throw new Error('x');", []],
    ['lower-case names are not env configuration', "if (!process.env.foo) throw new Error('x');", []],
    ['a file that does not parse', "if (!process.env.X_KEY) throw new Error('x'); {{{", []],
  ])('%s', async (_, text, want) => {
    expect((await loadTimeGuards([{ file: 'lib/db.ts', text }])).map((g) => g.name)).toEqual(want);
  });

  test('another tool\'s config is no route module; next.config is loaded by the build', async () => {
    const text = 'export default { url: process.env.POSTGRES_URL! };';
    expect(await loadTimeGuards([{ file: 'drizzle.config.ts', text }, { file: 'src/vitest.config.mts', text }])).toEqual([]);
    expect(await loadTimeGuards([{ file: 'next.config.ts', text }])).toEqual([{ name: 'POSTGRES_URL', file: 'next.config.ts' }]);
  });

  test('each name once, with the first module that guards it', async () => {
    const guard = "if (!process.env.POSTGRES_URL) throw new Error('x');";
    expect(await loadTimeGuards([{ file: 'lib/a.ts', text: guard }, { file: 'lib/b.js', text: guard }])).toEqual([{ name: 'POSTGRES_URL', file: 'lib/a.ts' }]);
  });

  test.each<[string, string[], string]>([
    ['POSTGRES_URL', ['postgres'], 'postgres://build@localhost:5432/build'],
    ['DATABASE_URL', ['mysql'], 'mysql://build@localhost:3306/build'],
    ['DATABASE_URL', [], 'postgres://build@localhost:5432/build'],
    ['REDIS_URL', ['redis'], 'redis://localhost:6379'],
    ['MONGODB_URI', ['mongo'], 'mongodb://localhost:27017/build'],
    ['BASE_URL', [], 'http://localhost'],
    ['STRIPE_SECRET_KEY', [], 'build-only-placeholder'],
  ])('placeholder for %s (services %j)', (name, services, want) => {
    expect(placeholderValue(name, services)).toBe(want);
  });
});
