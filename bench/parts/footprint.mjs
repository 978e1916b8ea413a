// Part 3: packed and installed footprint, install time and startup cost of create-dockerfile (published as an
// esbuild bundle split into chunks) and of @flydotio/dockerfile, each installed from a local tarball into an
// empty folder.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { binOf, install, pack } from '../lib/packages.mjs';
import { hasCommand, run, stats, timedEnv, timeToOutput } from '../lib/proc.mjs';
import { copyProject, scratchDir } from '../lib/temp.mjs';

/**
 * @typedef {object} Tool
 * @property {string} id         ours | peer
 * @property {string} label
 * @property {string} bin        absolute path of the installed bin script
 * @property {string} installDir
 */

/** The first question each tool asks in a terminal: clack's active-prompt mark, inquirer's overwrite question. */
const PROMPT = { ours: /◆/, peer: /Overwrite .*\?/ };

/**
 * Packs, installs and times both tools; returns the installed tools (for parts 1, 2 and 4) and the rows.
 * @param {{ repo: string, runs: number, installReps: number, promptFixture: string, log: (s: string) => void }} o
 */
export async function footprint(o) {
  const tarballs = scratchDir('tarballs');
  o.log('packing create-dockerfile and @flydotio/dockerfile');
  const packed = {
    ours: pack(o.repo, tarballs),
    peer: pack(path.join(o.repo, 'node_modules', '@flydotio', 'dockerfile'), tarballs),
  };
  o.log('installing create-dockerfile from its tarball');
  const oursInst = install(packed.ours.tarball, 'install-ours', o.installReps);
  o.log('installing @flydotio/dockerfile from its tarball');
  const peerInst = install(packed.peer.tarball, 'install-peer', o.installReps);

  /** @type {Tool[]} */
  const tools = [
    { id: 'ours', label: 'create-dockerfile', bin: binOf(oursInst.dir, 'create-dockerfile'), installDir: oursInst.dir },
    { id: 'peer', label: '@flydotio/dockerfile', bin: binOf(peerInst.dir, '@flydotio/dockerfile'), installDir: peerInst.dir },
  ];
  const inst = { ours: oursInst, peer: peerInst };
  const pk = { ours: packed.ours, peer: packed.peer };

  const canPty = hasCommand('script');
  const rows = [];
  for (const t of tools) {
    o.log(`startup: ${t.label}`);
    const version = timedRuns(o.runs, () => run(process.execPath, [t.bin, '--version'], { cwd: t.installDir, env: timedEnv() }));
    const npxName = t.id === 'peer' ? 'dockerfile' : 'create-dockerfile';
    const npx = timedRuns(Math.min(o.runs, 5), () => run('npx', ['--no', '--', npxName, '--version'], { cwd: t.installDir }));
    const prompt = canPty ? await firstPrompt(t, o.promptFixture, Math.min(o.runs, 10)) : null;
    const i = inst[/** @type {keyof typeof inst} */ (t.id)];
    const p = pk[/** @type {keyof typeof pk} */ (t.id)];
    rows.push({
      tool: t.id, label: t.label,
      packedBytes: p.packedBytes, unpackedBytes: p.unpackedBytes, tarballEntries: p.entries,
      installedBytes: i.bytes, installedFiles: i.files, installedPackages: i.packages,
      installMs: stats(i.installMs), versionMs: version, npxVersionMs: npx, firstPromptMs: prompt,
    });
  }
  const notes = [
    'Installs use `npm install <tarball> --prefer-offline` after one untimed warm-up install, so they time npm\'s work with a warm cache, not the network.',
    'create-dockerfile is published as an esbuild bundle (minified, no run-time dependencies): an entry and chunks loaded on demand, so a generation loads neither the verify engine nor the prompts nor the audit command; templates are precompiled at build time. The chunks run as `vm.Script`s with V8\'s code cache kept in `~/.cache/create-dockerfile/code/` (written by the first run, here the warm-up), so timed runs compile almost nothing; the bench gives every run a cache folder of its own (`XDG_CACHE_HOME` in its scratch folder), since a run of another build of the CLI on the machine removes the caches of builds other than its own. Each stack\'s planning code and each template are loaded or built only when a run uses them.',
  ];
  if (!canPty) notes.push('`script` (util-linux) not found: time to first prompt not measured.');
  return { tools, rows, notes };
}

/**
 * Runs `once` (which must exit 0) `n` times after one warm-up and returns the wall-time statistics.
 * @param {number} n
 * @param {() => import('../lib/proc.mjs').RunResult} once
 */
export function timedRuns(n, once) {
  const check = (/** @type {import('../lib/proc.mjs').RunResult} */ r) => {
    if (r.code !== 0) throw new Error(`exit ${r.code}: ${(r.stderr || r.stdout).slice(-400)}`);
    return r.ms;
  };
  check(once());
  return stats(Array.from({ length: n }, () => check(once())));
}

/**
 * Time from process start to the first question in a terminal, on a copy of the Express fixture. The peer asks
 * only about files that exist and differ, so its copy gets a hand-written Dockerfile first.
 * @param {Tool} t
 * @param {string} fixture
 * @param {number} n
 */
async function firstPrompt(t, fixture, n) {
  const dir = copyProject(fixture, `prompt-${t.id}`);
  if (t.id === 'peer') writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
  const marker = PROMPT[/** @type {keyof typeof PROMPT} */ (t.id)];
  const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(t.bin)}`;
  const times = [];
  for (let i = 0; i <= n; i++) {
    const ms = await timeToOutput(command, marker, { cwd: dir });
    if (ms === null) throw new Error(`${t.label}: no prompt matching ${marker} within 20 s in ${dir}`);
    if (i > 0) times.push(ms);
  }
  return stats(times);
}
