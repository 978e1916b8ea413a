// Parts 1 and 2: generation latency of whole processes on every fixture and on a 100k-file synthetic monorepo,
// side by side with @flydotio/dockerfile on the Node projects, plus the project files each run touches.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { countAccessOf } from './latency-fs.mjs';
import { ratio, run, stats } from '../lib/proc.mjs';
import { writeMonorepo } from '../lib/synthetic.mjs';
import { copyProject, scratchDir } from '../lib/temp.mjs';

/** The generators' command lines: ours previews (writes nothing), the peer has no preview and overwrites. */
const ARGS = { ours: ['--yes', '--dry-run'], 'ours-bundle': ['--yes', '--dry-run'], peer: ['--force'] };

/**
 * @typedef {object} Case
 * @property {string} name
 * @property {string} dir        the project copy both tools run in; the peer's output is removed after each run
 * @property {boolean} peer      whether the peer runs here (Node projects only)
 * @property {number} [files]    files in the project (monorepo only)
 */

/**
 * Runs every case `runs` times per tool after one warm-up, interleaving the tools run by run so that drift in
 * machine load hits all of them alike.
 * @param {{ repo: string, tools: import('./footprint.mjs').Tool[], runs: number, monorepo: boolean,
 *           fixtures: string[], strace: boolean, log: (s: string) => void }} o
 */
export async function latency(o) {
  /** @type {Case[]} */
  const cases = o.fixtures.map((name) => {
    const src = path.join(o.repo, 'test', 'fixtures', name, 'project');
    const isNode = existsSync(path.join(src, 'package.json'));
    return { name, dir: copyProject(src, `gen-${name}`), peer: isNode };
  });
  let shape;
  if (o.monorepo) {
    o.log('writing the synthetic monorepo');
    const dir = scratchDir('monorepo');
    shape = writeMonorepo(dir);
    cases.push({ name: 'synthetic monorepo', dir, peer: true, files: shape.files });
  }

  const rows = [];
  for (const c of cases) {
    o.log(`generation: ${c.name}`);
    /** @type {Record<string, number[]>} */
    const times = {};
    /** @type {Record<string, string>} */
    const errors = {};
    const active = o.tools.filter((t) => t.id !== 'peer' || c.peer);
    const pristine = new Set(readdirSync(c.dir));
    for (let i = 0; i <= o.runs; i++) {
      for (const t of active) {
        if (errors[t.id]) continue;
        const r = run(process.execPath, [t.bin, ...ARGS[/** @type {keyof typeof ARGS} */ (t.id)]], { cwd: c.dir, env: { ...process.env, CI: 'true' } });
        if (t.id === 'peer') removeAdded(c.dir, pristine);
        if (r.code !== 0) errors[t.id] = `exit ${r.code}: ${(r.stderr || r.stdout).trim().split('\n').slice(-2).join(' ')}`;
        else if (i > 0) (times[t.id] ??= []).push(r.ms);
      }
    }
    /** @type {Record<string, import('../lib/proc.mjs').Stats|null>} */
    const s = {};
    for (const t of active) s[t.id] = times[t.id] && !errors[t.id] ? stats(times[t.id]) : null;
    const fs = o.strace ? countAccessOf(c, o.tools, ARGS, () => removeAdded(c.dir, pristine)) : null;
    rows.push({
      case: c.name,
      projectFiles: c.files ?? countFiles(c.dir),
      ours: s.ours ?? null,
      oursBundle: s['ours-bundle'] ?? null,
      peer: s.peer ?? null,
      oursOverPeer: ratio(s.ours?.median, s.peer?.median),
      bundleOverPeer: ratio(s['ours-bundle']?.median, s.peer?.median),
      fs,
      errors,
    });
  }
  return { rows, monorepo: shape ?? null };
}

/**
 * Removes what the peer wrote (Dockerfile, .dockerignore, docker-entrypoint.js) so every run of either tool
 * starts from the same project; one shared copy also halves the files the monorepo case writes and deletes.
 * @param {string} dir
 * @param {Set<string>} pristine  the entries the project had before any run
 */
function removeAdded(dir, pristine) {
  for (const name of readdirSync(dir)) if (!pristine.has(name)) rmSync(path.join(dir, name), { recursive: true, force: true });
}

/** Files in a project folder (every tree; fixtures are small). */
function countFiles(/** @type {string} */ dir) {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) n++;
  return n;
}
