import { parse } from 'dotenv';
import type { ProjectFs } from '../../../src/fs/project-fs.js';

/**
 * The app's own example env files, in the order they are read: the first one found is the one extended when we
 * write .env.example. `.env` itself is never read: it holds the user's real values.
 */
export const ENV_EXAMPLE_FILES = ['.env.example', '.env.sample', 'example.env', '.env.template', '.env.dist', 'env.example', '.env.defaults'] as const;

/** The variables of one example env file, in file order. */
export interface EnvFile {
  file: string;
  vars: { name: string; value: string }[];
}

/** Reads every example env file of the project root (dotenv syntax), in {@link ENV_EXAMPLE_FILES} order. */
export async function readEnvExamples(fs: ProjectFs): Promise<EnvFile[]> {
  const out: EnvFile[] = [];
  for (const file of ENV_EXAMPLE_FILES) {
    const text = await fs.readText(file);
    if (text === undefined) continue;
    const vars = Object.entries(parse(text)).filter(([name]) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name));
    out.push({ file, vars: vars.map(([name, value]) => ({ name, value })) });
  }
  return out;
}
