// The "files touched" column of part 1: one strace'd run per tool and case, apart from the timed runs.
import { traceFsAccess } from '../lib/fs-access.mjs';

/** Trees no generator should descend into; the synthetic monorepo holds >95% of its files in them. */
export const HEAVY_TREES = ['node_modules', '.git', 'target', '.venv', 'vendor'];

/**
 * Traces create-dockerfile (the published build; the bundle reads the same project files) and the peer once.
 * @param {import('./latency.mjs').Case} c
 * @param {import('./footprint.mjs').Tool[]} tools
 * @param {Record<string, string[]>} args
 * @param {() => void} resetProject  undoes what the peer wrote
 * @returns {{ ours: import('../lib/fs-access.mjs').FsAccess | null, peer: import('../lib/fs-access.mjs').FsAccess | null }}
 */
export function countAccessOf(c, tools, args, resetProject) {
  const trace = (/** @type {string} */ id, /** @type {string} */ cwd) => {
    const t = tools.find((x) => x.id === id);
    if (!t) throw new Error(`no tool ${id}`);
    try {
      return traceFsAccess(process.execPath, [t.bin, ...(args[id] ?? [])], { cwd, root: cwd, ignoredDirs: HEAVY_TREES });
    } catch {
      return null; // the timed runs already recorded why this tool fails here
    }
  };
  const ours = trace('ours', c.dir);
  if (!c.peer) return { ours, peer: null };
  const peer = trace('peer', c.dir);
  resetProject();
  return { ours, peer };
}
