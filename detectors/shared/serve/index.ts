import type { ProjectFs } from '../../../src/fs/project-fs.js';
import { tableServe } from './command-table.js';
import { declaredServeArgs, type ServeArgs } from './declared.js';

export type { ServeArgs } from './declared.js';

const MAX_BYTES = 256 * 1024;

/**
 * The subcommand a compiled app's binary needs to serve (`gotify serve`, `lldap run`): what the project declares
 * (its own Dockerfile, Procfile, README run instructions; see {@link declaredServeArgs}), else what its CLI's
 * command table requires (cobra, urfave/cli, clap). Undefined when the binary serves as it is.
 */
export async function serveArgs(fs: ProjectFs, binary: string, sources: string[]): Promise<ServeArgs | undefined> {
  const declared = await declaredServeArgs(fs, binary);
  if (declared) return declared;
  const texts: [string, string][] = [];
  for (const file of sources.slice(0, 300)) {
    const text = await fs.readText(file).catch(() => undefined);
    if (text !== undefined && text.length <= MAX_BYTES && /cobra\.Command|urfave\/cli|Subcommand|subcommand_required|arg_required_else_help/.test(text)) texts.push([file, text]);
  }
  const found = tableServe(texts, binary);
  return found ? { args: [found.word], source: `${found.file} command table` } : undefined;
}
