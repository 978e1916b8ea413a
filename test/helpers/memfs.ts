import { Volume, createFsFromVolume } from 'memfs';
import { createProjectFs, type FsLike, type ProjectFs } from '../../src/fs/project-fs.js';
import type { LastChanged } from '../../src/fs/git-history.js';

/** A project held in memory: file path -> content (objects are written as JSON). */
export type Files = Record<string, string | object>;

/** A ProjectFs over memfs, rooted at /project. */
export function memProject(files: Files, options: { lastChanged?: LastChanged } = {}): ProjectFs {
  const vol = new Volume();
  const json: Record<string, string> = {};
  for (const [p, c] of Object.entries(files)) json[`/project/${p}`] = typeof c === 'string' ? c : JSON.stringify(c, null, 2);
  vol.fromJSON(json);
  if (Object.keys(files).length === 0) vol.mkdirSync('/project', { recursive: true });
  return createProjectFs('/project', createFsFromVolume(vol) as unknown as FsLike, options);
}
