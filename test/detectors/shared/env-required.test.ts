import { describe, expect, test } from 'vitest';
import { readsInText } from '../../../detectors/shared/env/source-reads.js';
import { classValidatorFields } from '../../../detectors/shared/env/class-validator.js';
import { jsSchemaEntries, pydanticSettings } from '../../../detectors/shared/env/schemas.js';
import { collectAppVariables } from '../../../detectors/shared/env/index.js';
import { appEnvPlan } from '../../../detectors/shared/env/app-env-plan.js';
import { memProject } from '../../helpers/memfs.js';

type Row = { name: string; value?: string; required?: boolean; optional?: boolean };
const shape = (found: Row[]): Row[] => found.map(({ name, value, required, optional }) => ({ name, ...(value !== undefined ? { value } : {}), ...(required ? { required } : {}), ...(optional ? { optional } : {}) }));

// Whether a read gives a default is what decides "required" for a secret-like name: each row is one way of reading.
describe('reads with and without a default', () => {
  test.each<[string, string, Row[]]>([
    ['py', 'os.getenv("SENTRY_DSN", "")', [{ name: 'SENTRY_DSN', value: '', optional: true }]],
    ['py', 'os.environ.get("AWS_SECRET_ACCESS_KEY", None)', [{ name: 'AWS_SECRET_ACCESS_KEY', optional: true }]],
    ['py', 'os.getenv("DATA_DIR", BASE_DIR / "data")', [{ name: 'DATA_DIR', optional: true }]],
    ['py', 'os.environ.get("LOG_LEVEL") or "info"', [{ name: 'LOG_LEVEL', value: 'info', optional: true }]],
    ['py', 'os.getenv("API_TOKEN")', [{ name: 'API_TOKEN' }]],
    // A conversion of the read fails on None (int(None): TypeError): required, whatever the name.
    ['py', 'WORKERS = int(os.environ.get("WORKERS"))\nRATE = float( os.getenv(\'RATE_LIMIT\') )\nROOT = Path(os.getenv("MEDIA_ROOT"))\nN = int(os.environ["MAX_ITEMS"])', [
      { name: 'WORKERS', required: true }, { name: 'RATE_LIMIT', required: true }, { name: 'MEDIA_ROOT', required: true }, { name: 'MAX_ITEMS', required: true },
    ]],
    // Negative rows: a default (in the read or after `or`), a test first, a conversion of something else.
    ['py', 'A = int(os.environ.get("WORKERS", "4"))\nB = int(os.getenv("RATE_LIMIT") or 10)\nC = int(os.getenv("TIMEOUT", 30))', [
      { name: 'WORKERS', value: '4', optional: true }, { name: 'RATE_LIMIT', value: '10', optional: true }, { name: 'TIMEOUT', value: '30', optional: true },
    ]],
    ['py', 'if os.getenv("WORKERS"):\n    W = int(os.getenv("WORKERS"))\nprint(len(os.getenv("NAME")))\nX = myint(os.getenv("LEVEL"))', [
      { name: 'WORKERS' }, { name: 'WORKERS' }, { name: 'NAME' }, { name: 'LEVEL' },
    ]],
    // Inside a try whose except handles the failure: the handler is the default, so not required.
    ['py', 'try:\n    WORKERS = int(os.environ["WORKERS"])\nexcept (KeyError, ValueError):\n    WORKERS = 4\ntry:\n    RATE = float(os.getenv("RATE_LIMIT"))\nexcept Exception as e:  # unset or junk\n    RATE = 1.0\ntry: HOSTS = os.getenv("HOSTS").split(",")\nexcept: HOSTS = []', [
      { name: 'WORKERS', optional: true }, { name: 'RATE_LIMIT', optional: true }, { name: 'HOSTS', optional: true },
    ]],
    // ...but not when the handler catches something else, raises again or exits, or the read is outside the body.
    ['py', 'try:\n    WORKERS = int(os.environ["WORKERS"])\nexcept ValueError:\n    WORKERS = 4\ntry:\n    RATE = float(os.getenv("RATE_LIMIT"))\nexcept TypeError:\n    raise SystemExit("set RATE_LIMIT")\ntry:\n    import uvloop\nexcept ImportError:\n    pass\nN = int(os.environ["MAX_ITEMS"])\ntry:\n    K = os.environ["API_KEY"]\nexcept KeyError:\n    sys.exit("API_KEY is required")', [
      { name: 'WORKERS', required: true }, { name: 'RATE_LIMIT', required: true }, { name: 'MAX_ITEMS', required: true }, { name: 'API_KEY', required: true },
    ]],
    ['py', 'import environ\nenv = environ.Env()\nenv("SENTRY_DSN", default="")\nenv.str("GOOGLE_API_KEY", "")\nenv.bool("DJANGO_DEBUG", False)\nenv("DJANGO_SECRET_KEY")', [
      { name: 'SENTRY_DSN', value: '', optional: true }, { name: 'GOOGLE_API_KEY', value: '', optional: true }, { name: 'DJANGO_DEBUG', optional: true }, { name: 'DJANGO_SECRET_KEY', required: true },
    ]],
    ['py', 'from .base import env\nenv("DJANGO_ADMIN_URL")', [{ name: 'DJANGO_ADMIN_URL', required: true }]],
    // Without django-environ / decouple in the file, a bare `env("X")` is some other function.
    ['py', 'def env(name): ...\nenv("SOMETHING")', []],
    ['js', 'process.env.STRIPE_SECRET_KEY ?? undefined; process.env.CACHE_DIR || defaultDir()', [{ name: 'STRIPE_SECRET_KEY', optional: true }, { name: 'CACHE_DIR', optional: true }]],
    ['js', 'const k = process.env.JWT_SECRET;', [{ name: 'JWT_SECRET' }]],
    ['go', 'addr := getEnv("LISTEN_ADDR", ":8080")\nk := cmp.Or(os.Getenv("API_KEY"), "dev")', [{ name: 'LISTEN_ADDR', value: ':8080', optional: true }, { name: 'API_KEY', value: 'dev', optional: true }]],
    ['go', 'dir := os.Getenv("STORE_DIR")\nif dir == "" {\n\tdir = "./store"\n}', [{ name: 'STORE_DIR', value: './store', optional: true }]],
    ['go', 'os.Setenv("FOO_MODE", "1")\nt := os.Getenv("SIGNING_KEY")', [{ name: 'SIGNING_KEY' }]],
    ['rs', 'env::var("RUST_LOG").unwrap_or_else(|_| "info".into());\nenv::var("SENTRY_DSN").ok();\nenv::var("JWT_SECRET")?;', [
      { name: 'RUST_LOG', value: 'info', optional: true }, { name: 'SENTRY_DSN', optional: true }, { name: 'JWT_SECRET', required: true },
    ]],
    ['java', 'System.getenv().getOrDefault("API_KEY", "")', [{ name: 'API_KEY', value: '', optional: true }]],
  ])('%s: %s', (lang, text, expected) => {
    expect(shape(readsInText(text, lang, 'f'))).toEqual(expected);
  });
});

describe('schemas that mark fields required or optional', () => {
  test('class-validator: @IsOptional(), @ValidateIf() or an initializer makes a field optional, any other decorated field is required', () => {
    const text = `import { IsEnum, IsIn, IsNumber, IsOptional, IsString } from 'class-validator';
class EnvironmentVariables {
  @IsNumber()
  PORT: number;

  @IsOptional()
  @IsString()
  SENTRY_DSN?: string;

  @IsOptional()
  @IsString()
  AWS_SECRET_ACCESS_KEY: string;

  @IsString()
  MAIL_FROM: string;

  @ValidateIf((env) => env.FILE_DRIVER === 's3')
  @IsString()
  S3_ACCESS_KEY_ID: string;

  @IsIn([
    'debug',
    'info',
  ])
  LOG_LEVEL: string = 'info';

  notAnEnvField = 1;
}`;
    expect(shape(classValidatorFields(text, 'src/env.validation.ts'))).toEqual([
      { name: 'PORT', required: true }, { name: 'SENTRY_DSN', optional: true }, { name: 'AWS_SECRET_ACCESS_KEY', optional: true },
      { name: 'MAIL_FROM', required: true }, { name: 'S3_ACCESS_KEY_ID', optional: true }, { name: 'LOG_LEVEL', value: 'info', optional: true },
    ]);
    expect(shape(classValidatorFields(`${text}\nvalidateSync(c, { skipMissingProperties: true });`, 'x.ts')).every((r) => r.optional)).toBe(true);
    expect(classValidatorFields(text.replace("'class-validator'", "'./validators'"), 'x.ts')).toEqual([]);
  });

  test('zod: .nullable() still rejects an unset variable; envalid devDefault does not apply in production', () => {
    const zod = 'z.object({\n  API_KEY: z.string().optional(),\n  REGION: z.string().nullable(),\n  MODE: z.string().nullish(),\n})';
    expect(shape(jsSchemaEntries(zod, 'env.ts'))).toEqual([{ name: 'API_KEY', optional: true }, { name: 'REGION', required: true }, { name: 'MODE', optional: true }]);
    const envalid = "cleanEnv(process.env, {\n  MAILER_URL: str({ devDefault: 'smtp://localhost' }),\n  SENTRY_DSN: str({ default: '' }),\n})";
    expect(shape(jsSchemaEntries(envalid, 'env.js'))).toEqual([{ name: 'MAILER_URL', required: true }, { name: 'SENTRY_DSN', value: '', optional: true }]);
  });

  test('pydantic: Field(...) is required, a default is optional', () => {
    const text = 'class S(BaseSettings):\n    api_key: str = Field(...)\n    sentry_dsn: str = ""\n    stripe_secret: str | None = None\n';
    expect(shape(pydanticSettings(text, 'c.py'))).toEqual([{ name: 'API_KEY', required: true }, { name: 'SENTRY_DSN', optional: true }, { name: 'STRIPE_SECRET', optional: true }]);
  });
});

describe('required in compose: the code first, the name last', () => {
  const plan = async (files: Record<string, string>, stack: string) => {
    const p = appEnvPlan(await collectAppVariables(memProject(files), stack), { env: [], serviceDetails: [] });
    // A pass-through entry (`NAME:` in compose, set only from .env) is shown as null, as YAML reads it.
    return { compose: Object.fromEntries(p.compose.map((c) => [c.name, c.passThrough ? null : c.value])), example: p.example.map((l) => `${l.optional ? '# ' : ''}${l.name}=${l.value}`), required: p.required };
  };

  test('Django: secrets read with default="" are optional (their own .env.example sets them to ""); one without a default is required', async () => {
    const got = await plan({
      '.env.example': 'SENTRY_DSN=""\nAWS_SECRET_ACCESS_KEY=""\nDJANGO_SECRET_KEY=\n',
      'config/settings.py': 'import environ\nenv = environ.Env()\nSENTRY_DSN = env("SENTRY_DSN", default="")\nAWS_SECRET_ACCESS_KEY = env("AWS_SECRET_ACCESS_KEY", default="")\nSECRET_KEY = env("DJANGO_SECRET_KEY")\n',
    }, 'python');
    expect(got.compose).toEqual({ SENTRY_DSN: '${SENTRY_DSN:-}', AWS_SECRET_ACCESS_KEY: '${AWS_SECRET_ACCESS_KEY:-}', DJANGO_SECRET_KEY: '${DJANGO_SECRET_KEY:?set DJANGO_SECRET_KEY in .env (see .env.example)}' });
    expect(got.example).toEqual(['# SENTRY_DSN=', '# AWS_SECRET_ACCESS_KEY=', 'DJANGO_SECRET_KEY=']);
    expect(got.required).toEqual(['DJANGO_SECRET_KEY']);
  });

  test('int(os.environ.get("X")) without a default is required in compose and listed empty; with a default or under try/except it is not', async () => {
    const got = await plan({ 'app/config.py': 'import os\nWORKERS = int(os.environ.get("WORKERS"))\nPAGE_SIZE = int(os.getenv("PAGE_SIZE", "50"))\ntry:\n    TIMEOUT = float(os.environ["TIMEOUT"])\nexcept KeyError:\n    TIMEOUT = 5.0\n' }, 'python');
    expect(got.compose).toEqual({ WORKERS: '${WORKERS:?set WORKERS in .env (see .env.example)}', PAGE_SIZE: '${PAGE_SIZE:-50}', TIMEOUT: null });
    expect(got.example).toEqual(['WORKERS=', 'PAGE_SIZE=50', '# TIMEOUT=']);
    expect(got.required).toEqual(['WORKERS']);
  });

  test('a secret-like name read without a default, or with a non-empty (development) default, stays required', async () => {
    const got = await plan({ 'app.py': 'import os\nT = os.getenv("API_TOKEN")\nK = os.environ.get("SECRET_KEY", "dev-key")\nD = os.getenv("SENTRY_DSN", None)\nL = os.getenv("LOG_FORMAT")\n' }, 'python');
    expect(got.compose).toEqual({ API_TOKEN: '${API_TOKEN:?set API_TOKEN in .env (see .env.example)}', SECRET_KEY: '${SECRET_KEY:?set SECRET_KEY in .env (see .env.example)}', SENTRY_DSN: null, LOG_FORMAT: null });
    expect(got.example).toEqual(['API_TOKEN=', 'SECRET_KEY=', '# SENTRY_DSN=', '# LOG_FORMAT=']);
  });

  test('a strict read anywhere beats a default elsewhere', async () => {
    const got = await plan({ 'dev.py': 'os.getenv("SECRET_KEY", "dev")', 'prod.py': 'os.environ["SECRET_KEY"]' }, 'python');
    expect(got.required).toEqual(['SECRET_KEY']);
  });

  test('NestJS class-validator: @IsOptional secrets optional, undecorated-optional plain names required', async () => {
    const got = await plan({
      'src/config/env.validation.ts': "import { IsOptional, IsString } from 'class-validator';\nclass Env {\n  @IsOptional()\n  @IsString()\n  JWT_SECRET?: string;\n\n  @IsString()\n  MAIL_FROM: string;\n}\n",
      'src/app.ts': "const k = process.env.JWT_SECRET; const f = process.env.MAIL_FROM;\n",
    }, 'node');
    expect(got.required).toEqual(['MAIL_FROM']);
    expect(got.example).toEqual(['# JWT_SECRET=', 'MAIL_FROM=']);
    expect(got.compose).toEqual({ JWT_SECRET: null, MAIL_FROM: '${MAIL_FROM:?set MAIL_FROM in .env (see .env.example)}' });
  });
});

test('reads in the Go main packages that are not built are left out (an admin tool\'s address is not the API\'s)', async () => {
  const fs = memProject({ 'cmd/admin/main.go': 'a := os.Getenv("ADMIN_ADDR")\nif a == "" {\n\ta = "127.0.0.1:9090"\n}', 'cmd/api/main.go': 'k := os.Getenv("API_TOKEN")' });
  expect((await collectAppVariables(fs, 'go', ['cmd/admin'])).map((v) => v.name)).toEqual(['API_TOKEN']);
  expect((await collectAppVariables(fs, 'go')).map((v) => v.name)).toEqual(['ADMIN_ADDR', 'API_TOKEN']);
});
