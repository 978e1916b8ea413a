import { Volume, createFsFromVolume } from 'memfs';
import { createProjectFs, type FsLike, type ProjectFs } from '../../src/fs/project-fs.js';
import { buildPlan } from '../../src/plan/detect.js';
import { render, type GeneratedFile } from '../../src/render/render.js';
import { EscapeError } from '../../src/render/escape.js';
import { UserError } from '../../src/errors.js';
import type { Answers } from '../../src/plan/answers.js';
import type { Plan } from '../../src/plan/types.js';

/** Raw project content: text, bytes, or a JSON-able object (written as JSON). `null` makes a directory. */
export type RawFiles = Record<string, string | Uint8Array | object | null>;

/** A ProjectFs over memfs at /project that also accepts raw bytes and directories where a file is expected. */
export function rawProject(files: RawFiles): ProjectFs {
  const vol = new Volume();
  vol.mkdirSync('/project', { recursive: true });
  for (const [rel, content] of Object.entries(files)) {
    const abs = `/project/${rel}`;
    if (content === null) {
      vol.mkdirSync(abs, { recursive: true });
      continue;
    }
    vol.mkdirSync(abs.slice(0, abs.lastIndexOf('/')), { recursive: true });
    const data = typeof content === 'string' || content instanceof Uint8Array ? content : JSON.stringify(content, null, 2);
    vol.writeFileSync(abs, data);
  }
  return createProjectFs('/project', createFsFromVolume(vol) as unknown as FsLike);
}

/** What the pipeline made of a project: files, or the error it stopped with and the error's class. */
export type Outcome =
  | { ok: true; plan: Plan; files: GeneratedFile[] }
  | { ok: false; kind: 'UserError' | 'EscapeError' | 'internal'; message: string; error: unknown };

/** Runs detect -> plan -> render the way the CLI does and classifies the result; never throws. */
export async function outcome(fs: ProjectFs, answers: Answers = {}): Promise<Outcome> {
  try {
    const { plan } = await buildPlan(fs, answers);
    return { ok: true, plan, files: render(plan) };
  } catch (error) {
    const kind = error instanceof UserError ? 'UserError' : error instanceof EscapeError ? 'EscapeError' : 'internal';
    return { ok: false, kind, message: String((error as Error)?.message ?? error), error };
  }
}

/** A user-facing error: one line, naming a file or flag, saying what to do; never a parser's raw stack. */
export function isClearError(message: string): boolean {
  return !message.includes('\n') && !/\n\s+at /.test(message) && message.length < 400 && /;/.test(message);
}
