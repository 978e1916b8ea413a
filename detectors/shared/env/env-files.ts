import type { ProjectFs } from '../../../src/fs/project-fs.js';
import { parseDotenv } from './dotenv-parse.js';

/**
 * The app's own example env files, in the order they are read: the first one found is the one extended when we
 * write .env.example. `.env` itself is never read: it holds the user's real values.
 */
export const ENV_EXAMPLE_FILES = ['.env.example', '.env.sample', 'example.env', '.example.env', '.env.template', '.env.dist', 'env.example', '.env.defaults'] as const;

/**
 * Other example env files read as evidence only (never extended): `env-example-postgres`, `.env.production.example`,
 * `.env.example.local`, `sample.env`, ... in the project root. Real values (`.env`, `.env.local`, `.env.test`) never match.
 */
const OTHER_EXAMPLES = ['env-example*', '.env-example*', '.env.*.example', '.env.example.*', '.env.*.sample', '.env.sample.*', '.env.*.template', '.env.template.*'];
// Checked one by one: fast-glob would lstat static patterns together with its ignore globs.
const OTHER_STATIC = ['env.sample', 'sample.env', '.env-sample'];

/** Whether a file (as named in a variable's sources) is an example env file of the project root. */
export function isEnvExampleFile(file: string): boolean {
  return (ENV_EXAMPLE_FILES as readonly string[]).includes(file) || /^(\.?env[-.](example|sample|template)|env\.sample|sample\.env|\.env\.[^/]+\.(example|sample|template))([-.][^/]*)?$/.test(file);
}

/** The variables of one example env file, in file order. */
export interface EnvFile {
  file: string;
  vars: { name: string; value: string }[];
}

/**
 * Reads every example env file of the project root (dotenv syntax): {@link ENV_EXAMPLE_FILES} in that order, then
 * the other example names in name order.
 */
export async function readEnvExamples(fs: ProjectFs): Promise<EnvFile[]> {
  const out: EnvFile[] = [];
  const others = (await fs.glob(OTHER_EXAMPLES, { deep: 1 })).filter((f) => !(ENV_EXAMPLE_FILES as readonly string[]).includes(f));
  for (const file of [...ENV_EXAMPLE_FILES, ...OTHER_STATIC, ...others]) {
    const text = await fs.readText(file);
    if (text === undefined) continue;
    const vars = Object.entries(await parseDotenv(text)).filter(([name]) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name));
    out.push({ file, vars: vars.map(([name, value]) => ({ name, value })) });
  }
  return out;
}
