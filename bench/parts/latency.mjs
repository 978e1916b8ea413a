// Parts 1 and 2: generation latency of whole processes on every fixture and on a 100k-file synthetic monorepo,
// side by side with @flydotio/dockerfile on the Node projects and with a bare `node -e 0` (the floor of any Node
// CLI), `--check` on a project already generated, plus the project files each run touches.
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { countAccessOf } from './latency-fs.mjs';
import { ratio, run, stats, timedEnv, timedRun } from '../lib/proc.mjs';
import { writeMonorepo } from '../lib/synthetic.mjs';
import { copyProject, scratchDir } from '../lib/temp.mjs';

/** The generators' command lines: ours previews (writes nothing), the peer has no preview and overwrites. */
const ARGS = { ours: ['--yes', '--dry-run'], peer: ['--force'] };

/**
 * What is timed per case, interleaved run by run: ours generating, ours `--check` on a copy it generated once
 * (up to date: exit 0, the pre-commit / CI case), the peer, and a bare Node start (`node -e 0`).
 * @typedef {{ id: 'ours' | 'check' | 'peer' | 'bare', argv: string[], cwd: string }} Timed
 */

/**
 * @typedef {object} Case
 * @property {string} name
 * @property {string} dir        the project copy both tools run in; the peer's output is removed after each run
 * @property {boolean} peer      whether the peer runs here (Node projects only)
 * @property {number} [files]    files in the project (monorepo only)
 * @property {string} [checkDir]  a copy ours generated into once, for `--check`
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
    o.log('writing the synthetic monorepo (twice: one copy for --check)');
    const dir = scratchDir('monorepo');
    shape = writeMonorepo(dir);
    const checkDir = scratchDir('monorepo-check');
    writeMonorepo(checkDir);
    cases.push({ name: 'synthetic monorepo', dir, peer: true, files: shape.files, checkDir });
  }

  const rows = [];
  const ours = o.tools.find((t) => t.id === 'ours');
  const peer = o.tools.find((t) => t.id === 'peer');
  if (!ours || !peer) throw new Error('latency: needs the ours and peer tools');
  for (const c of cases) {
    o.log(`generation: ${c.name}`);
    const pristine = new Set(readdirSync(c.dir));
    const checkDir = prepareCheck(c, ours.bin);
    /** @type {Timed[]} */
    const timed = [
      { id: 'ours', argv: [ours.bin, ...ARGS.ours], cwd: c.dir },
      ...(checkDir ? [/** @type {Timed} */ ({ id: 'check', argv: [ours.bin, '--check'], cwd: checkDir })] : []),
      ...(c.peer ? [/** @type {Timed} */ ({ id: 'peer', argv: [peer.bin, ...ARGS.peer], cwd: c.dir })] : []),
      { id: 'bare', argv: ['-e', '0'], cwd: c.dir },
    ];
    /** @type {Record<string, number[]>} */
    const times = {};
    /** @type {Record<string, number[]>} */
    const cpu = {};
    /** @type {Record<string, string>} */
    const errors = {};
    if (!checkDir) errors.check = 'ours could not generate the project to check';
    for (let i = 0; i <= o.runs; i++) {
      for (const t of timed) {
        if (errors[t.id]) continue;
        const r = timedRun(process.execPath, t.argv, { cwd: t.cwd, env: timedEnv({ CI: 'true' }) });
        if (t.id === 'peer') removeAdded(c.dir, pristine);
        if (r.code !== 0) errors[t.id] = `exit ${r.code}: ${(r.stderr || r.stdout).trim().split('\n').slice(-2).join(' ')}`;
        else if (i > 0) {
          (times[t.id] ??= []).push(r.ms);
          if (r.cpuMs !== null) (cpu[t.id] ??= []).push(r.cpuMs);
        }
      }
    }
    /** @type {Record<string, import('../lib/proc.mjs').Stats|null>} */
    const s = {};
    for (const t of timed) s[t.id] = times[t.id] && !errors[t.id] ? stats(times[t.id]) : null;
    /** @type {Record<string, import('../lib/proc.mjs').Stats|null>} */
    const u = {};
    for (const t of timed) u[t.id] = cpu[t.id]?.length === times[t.id]?.length && !errors[t.id] ? stats(cpu[t.id]) : null;
    const fs = o.strace ? countAccessOf(c, o.tools, ARGS, () => removeAdded(c.dir, pristine)) : null;
    if (checkDir) rmSync(checkDir, { recursive: true, force: true });
    rows.push({
      case: c.name,
      projectFiles: c.files ?? countFiles(c.dir),
      ours: s.ours ?? null,
      check: s.check ?? null,
      peer: s.peer ?? null,
      bare: s.bare ?? null,
      oursOverPeer: ratio(s.ours?.median, s.peer?.median),
      checkOverPeer: ratio(s.check?.median, s.peer?.median),
      oursOverBare: ratio(s.ours?.median, s.bare?.median),
      checkOverBare: ratio(s.check?.median, s.bare?.median),
      cpu: {
        ours: u.ours ?? null, check: u.check ?? null, peer: u.peer ?? null, bare: u.bare ?? null,
        oursOverPeer: ratio(u.ours?.median, u.peer?.median),
        checkOverPeer: ratio(u.check?.median, u.peer?.median),
        oursOverBare: ratio(u.ours?.median, u.bare?.median),
        checkOverBare: ratio(u.check?.median, u.bare?.median),
      },
      fs,
      errors,
    });
  }
  return { rows, monorepo: shape ?? null };
}

/**
 * A copy of the case's project that ours generated into once, so `--check` answers "up to date" (the monorepo's
 * second copy is written by the synthetic generator rather than copied). Null when ours fails on the project (the
 * generation column then says why).
 * @param {Case} c
 * @param {string} bin
 * @returns {string | null}
 */
function prepareCheck(c, bin) {
  const dir = c.checkDir ?? scratchDir(`check-${c.name}`);
  if (!c.checkDir) cpSync(c.dir, dir, { recursive: true });
  const r = run(process.execPath, [bin, '--yes'], { cwd: dir, env: { ...process.env, CI: 'true' } });
  return r.code === 0 ? dir : null;
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
