import type { GeneratedFile } from '../render/render.js';
import { ADDED_BLOCK_HEADER, ENV_EXAMPLE_FILES } from '../../detectors/shared/env/env-files.js';
import { parseDotenv } from '../../detectors/shared/env/dotenv-parse.js';
import { readOwnFile } from '../fs/read-own.js';
import { builtServiceEnvironments, namesReadFromEnv, overriddenVars, overrideNote } from './env-example-overrides.js';

const COMPOSE_NAMES = new Set(['docker-compose.yml', 'compose.yaml', 'compose.yml', 'docker-compose.yaml']);
const NAME_LINE = /^#?\s*([A-Za-z_][A-Za-z0-9_]*)=/;

/**
 * An example env file on disk is extended, never replaced: when the project has one (.env.example, .env.sample,
 * ...; ours from an earlier run too), the generated .env.example becomes that file with the variables it lacks
 * appended, each with its comment (and a variable it lists only commented out that compose now requires, uncommented).
 * Nothing is ever removed from it, and no line of theirs is rewritten: a line the compose file overrides for the
 * container (their `DATABASE_URL=...@localhost/...`) gets a note appended instead. Read as any file we write: a link,
 * FIFO or device there is refused with one line (never followed out of the project, never opened), and the size is capped.
 */
export async function extendOwnEnvExample(root: string, files: GeneratedFile[]): Promise<GeneratedFile[]> {
  const ours = files.find((f) => f.path === '.env.example');
  if (!ours) return files;
  let theirs: { path: string; text: string } | undefined;
  for (const name of ENV_EXAMPLE_FILES) {
    const text = await readOwnFile(root, name, 'an example env file');
    if (text !== null) {
      theirs = { path: name, text };
      break;
    }
  }
  if (!theirs) return files;
  const current = theirs.text.replace(/\r\n/g, '\n');
  const parsed = await parseDotenv(current);
  const set = new Set(Object.keys(parsed));
  const listed = new Set([...set, ...current.split('\n').map((l) => NAME_LINE.exec(l.trim())?.[1]).filter((n): n is string => n !== undefined)]);
  const added: string[] = [];
  let comment: string[] = [];
  for (const line of ours.text.split('\n')) {
    const name = NAME_LINE.exec(line)?.[1];
    // A variable compose now requires (ours lists it uncommented) that the file only has commented out, from an
    // earlier run when it was optional, is added uncommented: their commented line stays, nothing is removed.
    const missing = name !== undefined && (!listed.has(name) || (!line.startsWith('#') && !set.has(name)));
    if (missing && name !== 'APP_PORT') added.push(...comment, line);
    comment = name === undefined && line.startsWith('# ') && !line.startsWith('# Copy to') && !line.startsWith('# Use URL-safe') && !line.startsWith("# The app's") ? [line] : [];
  }
  const compose = files.find((f) => COMPOSE_NAMES.has(f.path));
  // A compose file of theirs that ours is merged into keeps its own entries: one that reads a variable from .env
  // means the container sees their line after all.
  const onDisk = compose ? await readOwnFile(root, compose.path, 'a compose file') : null;
  const theirReads = onDisk === null ? new Set<string>() : namesReadFromEnv(onDisk);
  const notes = compose
    ? overriddenVars(parsed, builtServiceEnvironments(compose.text)).filter((v) => !theirReads.has(v.name)).map((v) => overrideNote(v, compose.path)).filter((n) => !current.includes(n))
    : [];
  const blocks = [
    ...(added.length > 0 ? [`${ADDED_BLOCK_HEADER}\n${added.join('\n')}\n`] : []),
    ...(notes.length > 0 ? [`${notes.join('\n')}\n`] : []),
  ];
  const text = blocks.length === 0 ? current : `${current.replace(/\n*$/, '\n')}\n${blocks.join('\n')}`;
  return files.map((f) => (f === ours ? { path: theirs.path, text, extendsExisting: true } : f));
}
