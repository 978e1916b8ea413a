import { parse as parseToml, TomlError } from 'smol-toml';
import type { ProjectFs } from '../../src/fs/project-fs.js';
import { UserError } from '../../src/errors.js';

/** A TOML file of the project as a table; undefined when absent, a one-line {@link UserError} naming the file when broken. */
export async function readToml(fs: ProjectFs, file: string): Promise<Record<string, unknown> | undefined> {
  const text = await fs.readText(file);
  if (text === undefined) return undefined;
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch (err) {
    const at = err instanceof TomlError ? `${err.line}:${err.column}:` : '';
    const why = (err instanceof Error ? err.message : String(err)).split('\n')[0]!.replace(/^Invalid TOML document: /, '');
    throw new UserError(`${file}:${at} invalid TOML (${why}); fix the syntax and run again`);
  }
}
