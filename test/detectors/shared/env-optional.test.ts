import { describe, expect, test } from 'vitest';
import { jsEnvFacts } from '../../../detectors/shared/env/js-conditions.js';
import { collectAppVariables } from '../../../detectors/shared/env/index.js';
import { appEnvPlan } from '../../../detectors/shared/env/app-env-plan.js';
import { isEnvExampleFile, readEnvExamples } from '../../../detectors/shared/env/env-files.js';
import { memProject } from '../../helpers/memfs.js';

/** The compose entry of each collected variable: `null` for a pass-through (`NAME:`), else its value. */
async function composeOf(files: Record<string, string>, stack: string): Promise<Record<string, string | null>> {
  const p = appEnvPlan(await collectAppVariables(memProject(files), stack), { env: [], serviceDetails: [] });
  return Object.fromEntries(p.compose.map((c) => [c.name, c.passThrough ? null : c.value]));
}
const REQUIRED = (n: string): string => `\${${n}:?set ${n} in .env (see .env.example)}`;

// Each reader's way of saying "optional, no value": passed through (set only from .env), never `${X:-}`, which would
// hand the app "" (zod `.url().optional()` and pydantic `HttpUrl | None` reject it; `os.getenv("X", d)` returns it).
describe('optional variables without a value are passed through from .env', () => {
  test.each<[string, string, Record<string, string>, Record<string, string | null>]>([
    ['zod .optional()', 'node', { 'src/env.ts': 'export const E = z.object({\n  SENTRY_DSN: z.string().url().optional(),\n});' }, { SENTRY_DSN: null }],
    ['zod .optional() on a secret-like name', 'node', { 'src/env.ts': 'z.object({\n  DATABASE_AUTH_TOKEN: z.string().optional(),\n})' }, { DATABASE_AUTH_TOKEN: null }],
    ['zod chained over lines (z\\n.object)', 'node', { 'src/env.js': 'const E = z\n  .object({\n    WEBHOOK_URL: z.string().url().optional(),\n  });' }, { WEBHOOK_URL: null }],
    ['class-validator @IsOptional()', 'node', { 'src/env.validation.ts': "import { IsOptional, IsUrl } from 'class-validator';\nclass Env {\n  @IsOptional()\n  @IsUrl()\n  CALLBACK_URL?: string;\n}" }, { CALLBACK_URL: null }],
    ['process.env.X ?? a non-literal fallback', 'node', { 'a.js': 'const dir = process.env.CACHE_DIR ?? defaultDir();' }, { CACHE_DIR: null }],
    ['pydantic `HttpUrl | None = None`', 'python', { 'settings.py': 'class Settings(BaseSettings):\n    sentry_dsn: HttpUrl | None = None\n' }, { SENTRY_DSN: null }],
    ['os.getenv with a non-literal default', 'python', { 'app.py': 'import os\nD = os.getenv("DATA_DIR", BASE / "data")\n' }, { DATA_DIR: null }],
    ['Rust env::var(..).ok()', 'rust', { 'src/main.rs': 'let dsn = std::env::var("SENTRY_DSN").ok();' }, { SENTRY_DSN: null }],
    ['a plain non-secret read', 'go', { 'main.go': 'm := os.Getenv("FEATURE_MODE")' }, { FEATURE_MODE: null }],
    // Negative rows: a known value keeps `${X:-value}`, a required one `${X:?...}`; neither is passed through.
    ['zod .default(x) keeps the value', 'node', { 'src/env.ts': "z.object({\n  LOG_LEVEL: z.string().default('info'),\n})" }, { LOG_LEVEL: '${LOG_LEVEL:-info}' }],
    ['zod without .optional() is required', 'node', { 'src/env.ts': 'z.object({\n  SESSION_SECRET: z.string(),\n})' }, { SESSION_SECRET: REQUIRED('SESSION_SECRET') }],
    ['os.getenv("X", "") keeps the empty default', 'python', { 'app.py': 'import os\nS = os.getenv("SENTRY_DSN", "")\n' }, { SENTRY_DSN: '${SENTRY_DSN:-}' }],
    ['a plain read of a secret-like name stays required', 'node', { 'a.js': 'const k = process.env.JWT_SECRET;' }, { JWT_SECRET: REQUIRED('JWT_SECRET') }],
  ])('%s', async (_, stack, files, expected) => {
    expect(await composeOf(files, stack)).toEqual(expected);
  });
});

describe('zod refinements that demand a variable when NODE_ENV is production make it required', () => {
  const schema = (refinement: string): string => `const Env = z.object({\n  NODE_ENV: z.string().default('development'),\n  DATABASE_AUTH_TOKEN: z.string().optional(),\n})${refinement};`;
  test.each<[string, string, string[]]>([
    ['superRefine, && in the test', ".superRefine((input, ctx) => {\n  if (input.NODE_ENV === 'production' && !input.DATABASE_AUTH_TOKEN) {\n    ctx.addIssue({ code: 'custom', path: ['DATABASE_AUTH_TOKEN'], message: 'x' });\n  }\n})", ['DATABASE_AUTH_TOKEN']],
    ['superRefine, nested ifs, literal on the left', ".superRefine((e, ctx) => {\n  if ('production' == e.NODE_ENV) { if (!e.DATABASE_AUTH_TOKEN) ctx.addIssue({ path: ['DATABASE_AUTH_TOKEN'] }); }\n})", ['DATABASE_AUTH_TOKEN']],
    ['superRefine, the else of a non-production test', ".superRefine((e, ctx) => {\n  if (e.NODE_ENV !== 'production') return; else ctx.addIssue({ path: ['DATABASE_AUTH_TOKEN'] });\n})", ['DATABASE_AUTH_TOKEN']],
    ['refine with path and a production test', ".refine((e) => e.NODE_ENV !== 'production' || !!e.DATABASE_AUTH_TOKEN, { path: ['DATABASE_AUTH_TOKEN'] })", ['DATABASE_AUTH_TOKEN']],
    // Negative rows.
    ['superRefine only outside production', ".superRefine((e, ctx) => {\n  if (e.NODE_ENV === 'development' && !e.DATABASE_AUTH_TOKEN) ctx.addIssue({ path: ['DATABASE_AUTH_TOKEN'] });\n})", []],
    ['superRefine under another variable (a driver choice)', ".superRefine((e, ctx) => {\n  if (e.DB_DRIVER === 'turso' && !e.DATABASE_AUTH_TOKEN) ctx.addIssue({ path: ['DATABASE_AUTH_TOKEN'] });\n})", []],
    ['superRefine in the non-production branch', ".superRefine((e, ctx) => {\n  if (e.NODE_ENV === 'production') {} else ctx.addIssue({ path: ['DATABASE_AUTH_TOKEN'] });\n})", []],
    ['refine without a production test', ".refine((e) => !!e.DATABASE_AUTH_TOKEN || !!e.DATABASE_URL, { path: ['DATABASE_AUTH_TOKEN'] })", []],
    ['refine without a path', ".refine((e) => e.NODE_ENV !== 'production' || !!e.DATABASE_AUTH_TOKEN, { message: 'x' })", []],
    ['a path that is not an env name', ".superRefine((e, ctx) => {\n  if (e.NODE_ENV === 'production') ctx.addIssue({ path: ['auth', 'token'] });\n})", []],
  ])('%s', async (_, refinement, expected) => {
    expect((await jsEnvFacts(schema(refinement), 'src/env.ts')).productionRequired).toEqual(expected);
    const compose = await composeOf({ 'src/env.ts': schema(refinement) }, 'node');
    expect(compose.DATABASE_AUTH_TOKEN).toEqual(expected.length ? REQUIRED('DATABASE_AUTH_TOKEN') : null);
  });

  test('a file the parser cannot read gives no facts (the plain reads still count)', async () => {
    expect(await jsEnvFacts('if (process.env.A === "s3") { process.env.B ', 'a.ts')).toEqual({ guarded: expect.any(Array), productionRequired: [] });
    expect(await composeOf({ 'a.js': 'const k = process.env.API_TOKEN;\n}}}{{{ <<<' }, 'node')).toEqual({ API_TOKEN: REQUIRED('API_TOKEN') });
  });
});

describe('reads only under a condition on the environment are optional', () => {
  test.each<[string, string, Record<string, string | null>]>([
    ['if on another variable', "if (process.env.STORAGE === 's3') { s3(process.env.S3_SECRET_ACCESS_KEY); }", { STORAGE: null, S3_SECRET_ACCESS_KEY: null }],
    ['a variable set from a read', "const driver = process.env.MAIL_DRIVER;\nif (driver === 'smtp') login(process.env.SMTP_PASSWORD);", { MAIL_DRIVER: null, SMTP_PASSWORD: null }],
    ['switch on a read', "switch (process.env.PAY) { case 'stripe': key = process.env.STRIPE_SECRET_KEY; break; }", { PAY: null, STRIPE_SECRET_KEY: null }],
    // The tested read itself is not guarded (`if (!X) throw` has the same shape): a secret-like name stays required.
    ['&& and ?:', 'process.env.SENTRY_DSN && init(process.env.SENTRY_AUTH_TOKEN);\nconst k = process.env.USE_VAULT ? process.env.VAULT_TOKEN : null;', { SENTRY_DSN: REQUIRED('SENTRY_DSN'), SENTRY_AUTH_TOKEN: null, USE_VAULT: null, VAULT_TOKEN: null }],
    ['a development-only branch', "if (process.env.NODE_ENV === 'development') seed(process.env.SEED_ADMIN_PASSWORD);", { SEED_ADMIN_PASSWORD: null }],
    // Negative rows: code that runs in the image (NODE_ENV=production) or unconditionally keeps the secret required.
    ['the production branch runs in the image', "if (process.env.NODE_ENV === 'production') sign(process.env.SIGNING_SECRET);", { SIGNING_SECRET: REQUIRED('SIGNING_SECRET') }],
    ['the else of a non-production test', "if (process.env.NODE_ENV !== 'production') {} else sign(process.env.SIGNING_SECRET);", { SIGNING_SECRET: REQUIRED('SIGNING_SECRET') }],
    ['a NODE_ENV flag we cannot evaluate', "const isProd = process.env.NODE_ENV === 'production';\nif (isProd) sign(process.env.SIGNING_SECRET);", { SIGNING_SECRET: REQUIRED('SIGNING_SECRET') }],
    ['the test of a required check is not guarded', "if (!process.env.JWT_SECRET) throw new Error('JWT_SECRET is required');", { JWT_SECRET: REQUIRED('JWT_SECRET') }],
    ['a guarded read plus a plain one elsewhere', "if (process.env.A_MODE) x(process.env.API_TOKEN);\nconst t = process.env.API_TOKEN;", { A_MODE: null, API_TOKEN: null }],
    ['a condition not on the environment', 'if (user.admin) audit(process.env.AUDIT_TOKEN);', { AUDIT_TOKEN: REQUIRED('AUDIT_TOKEN') }],
  ])('%s', async (_, code, expected) => {
    expect(await composeOf({ 'src/app.ts': code }, 'node')).toEqual(expected);
  });
});

describe('example env files under other names are read as evidence', () => {
  test.each<[string, boolean]>([
    ['env-example-postgres', true], ['.env.production.example', true], ['.env.example.local', true], ['sample.env', true],
    ['.env-sample', true], ['env.sample', true], ['.example.env', true], ['.env.dev.template', true], ['.env.sample', true], ['.env.dist', true],
    ['.env', false], ['.env.local', false], ['.env.test', false], ['.env.production', false], ['src/.env.example', false],
  ])('%s: %s', async (file, read) => {
    const found = await readEnvExamples(memProject({ [file]: 'MAIL_FROM=noreply@example.org\n' }));
    expect(found.map((f) => f.file)).toEqual(read ? [file] : []);
    expect(isEnvExampleFile(file)).toBe(read);
  });

  test('the standard names come first; the others only add', async () => {
    const found = await readEnvExamples(memProject({ 'env-example-mysql': 'DB=mysql\n', '.env.example': 'DB=postgres\n', 'sample.env': 'X=1\n' }));
    expect(found.map((f) => f.file)).toEqual(['.env.example', 'sample.env', 'env-example-mysql']);
  });
});
