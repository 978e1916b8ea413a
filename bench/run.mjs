#!/usr/bin/env node
// `npm run bench`: speed, footprint and output quality of create-dockerfile side by side with @flydotio/dockerfile
// and a naive Dockerfile, in one run on one machine. Prints markdown tables; writes bench/results/latest.json/.md.
//
//   node bench/run.mjs [--quick] [--runs N] [--no-docker] [--out FILE] [--fixtures a,b] [--images a,b]
//                      [--keep-images FILE]   (no Docker part; carry the images of an earlier run, with a note)
//                      [--keep-generation FILE]   (only the Docker part; carry generation and footprint rows, and the
//                      image rows of fixtures --images leaves out, with a note)
//   node bench/run.mjs --readme   (rewrite README.md's "Latest run" section from bench/results/latest.json)
//   node bench/run.mjs --render bench/results/latest.json   (print an earlier run's tables)
//
// Every measurement runs the packages as a user gets them: packed with `npm pack` and installed from the tarball
// into an empty folder (so work in progress in this checkout cannot change the numbers halfway through).
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { removeBuilt } from './lib/docker.mjs';
import { stackOf } from './lib/naive.mjs';
import { straceProblem } from './lib/fs-access.mjs';
import { run, START_UP_VARIABLES } from './lib/proc.mjs';
import { markdown, withLatestRun } from './lib/table.mjs';
import { checkTargets } from './lib/targets.mjs';
import { removeScratch, scratchDir } from './lib/temp.mjs';
import { footprint } from './parts/footprint.mjs';
import { images } from './parts/images.mjs';
import { latency } from './parts/latency.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    runs: { type: 'string' },
    'no-docker': { type: 'boolean', default: false },
    out: { type: 'string' },
    render: { type: 'string' },
    fixtures: { type: 'string' },
    images: { type: 'string' },
    'keep-images': { type: 'string' },
    'keep-generation': { type: 'string' },
    readme: { type: 'boolean', default: false },
  },
});
if (flags.render) {
  // Re-print the markdown of an earlier run (e.g. to paste into the README) without measuring anything.
  process.stdout.write(`${markdown(JSON.parse(readFileSync(flags.render, 'utf8')))}\n`);
  process.exit(0);
}
if (flags.readme) {
  const readme = path.join(repo, 'README.md');
  writeFileSync(readme, withLatestRun(readFileSync(readme, 'utf8'), JSON.parse(readFileSync(path.join(repo, 'bench', 'results', 'latest.json'), 'utf8'))));
  process.stdout.write('README.md: "Latest run" rewritten from bench/results/latest.json\n');
  process.exit(0);
}
const quick = flags.quick === true;
const runs = Number(flags.runs ?? (quick ? 5 : 10));
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs ${flags.runs}: expected a positive whole number`);
const out = flags.out ?? path.join(repo, 'bench', 'results', quick ? 'quick.json' : 'latest.json');
const started = performance.now();
const log = (/** @type {string} */ s) => process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}\n`);

const allFixtures = readdirSync(path.join(repo, 'test', 'fixtures'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
const fixtures = flags.fixtures ? pick(flags.fixtures, allFixtures, '--fixtures') : allFixtures;
const imageFixtures = flags.images ? pick(flags.images, allFixtures, '--images') : ['npm-express', 'nextjs-standalone', 'go-root-main', 'python-flask', 'rust-single-crate'];
const kept = flags['keep-images'] ? JSON.parse(readFileSync(flags['keep-images'], 'utf8')) : null;
// The images part alone (e.g. after a template change that only moves image numbers): the packages are still packed
// and installed (the images part runs them), but the generation and footprint rows are those of the earlier run.
const carried = flags['keep-generation'] ? JSON.parse(readFileSync(flags['keep-generation'], 'utf8')) : null;
if (kept && carried) throw new Error('--keep-images and --keep-generation: pass one of them (together they measure nothing)');
const straceNote = straceProblem();
// Every tool run by the bench inherits a cache folder of its own: the CLI keeps V8's code cache there, and a run of
// another build (another checkout, another version) would otherwise remove this build's cache halfway through.
process.env.XDG_CACHE_HOME = scratchDir('xdg-cache');

let cleanupProblems = [];
// Ctrl-C still removes this run's images and scratch folders.
process.once('SIGINT', () => {
  removeBuilt();
  removeScratch();
  process.exit(130);
});
try {
  log(`footprint (runs ${runs})`);
  const fresh = await footprint({ repo, runs: carried ? 1 : runs, installReps: quick || carried ? 1 : 3, promptFixture: path.join(repo, 'test', 'fixtures', 'npm-express', 'project'), log });
  const fp = carried ? { ...fresh, rows: carried.footprint, notes: [] } : fresh;
  log(carried ? 'generation latency: carried (--keep-generation)' : 'generation latency');
  const lat = carried
    ? { rows: carried.generation, monorepo: carried.monorepo }
    : await latency({ repo, tools: fp.tools, runs, monorepo: true, fixtures, strace: straceNote === '', log });
  const skipDocker = flags['no-docker'] === true || quick || kept !== null;
  const img = kept?.images && !kept.images.skipped
    ? { ...kept.images, notes: carriedNotes(kept) }
    : skipDocker
      ? { skipped: quick ? '--quick' : '--no-docker', rows: [], notes: [] }
      : withCarriedImageRows(images({ repo, tools: fp.tools, fixtures: imageFixtures, log }), carried);
  // Rows of runs before a row named its stack (carried above) get it from their fixture, for the per-stack targets.
  if (!img.skipped) img.rows = img.rows.map((/** @type {any} */ r) => (r.stack || r.error ? r : { ...r, stack: fixtureStack(r.fixture) }));
  const targets = checkTargets(lat, fp, img);

  const measuredNotes = [
    ...(straceNote ? [straceNote] : ['Paths touched and dirs listed come from one `strace -f` run per tool and project, apart from the timed runs: path-taking calls (stat, open, access, readlink, ...) and directory listings (getdents64) on paths inside the project.']),
    'create-dockerfile runs with `--yes --dry-run` (writes nothing); @flydotio/dockerfile has no preview, so it runs with `--force` and writes its files; they are deleted after each of its runs (untimed), so both tools always see the same project. The peer runs on the same Node as the bench, so its Dockerfiles use that Node version.',
    `Timed processes (generation, \`--check\`, \`node -e 0\`, \`--version\`, first prompt) run without ${START_UP_VARIABLES.map((v) => `\`${v}\``).join(' and ')} from the bench's environment: Node reads the certificate bundle NODE_EXTRA_CA_CERTS names at every start (on these machines a 225 KB bundle, about 50 ms of each process, \`node -e 0\` included), work a user's run does not do, which made every ratio to bare Node look better than it is (runs before 2026-11-30 had it). Installs and \`npx\` keep the environment (npm may need the certificates).`,
    'On Bun and pnpm projects the peer shells out to `bun --version` / `pnpm --version`; when those are missing (as here) the failed spawns are part of its time.',
    ...fp.notes,
    ...img.notes,
  ];
  const notes = carried
    ? [...new Set([
      // Where the carried image rows came from stays said; a note about a part this run re-did goes.
      ...carried.notes.filter((/** @type {string} */ n) => !/carried with --keep-generation|^Image rows not re-run/.test(n)
        && !(/^The images part was not re-run/.test(n) && !img.notes.some((/** @type {string} */ m) => /^Image rows not re-run/.test(m)))),
      `The generation, CPU time and footprint rows are those of the run of ${carried.date.slice(0, 10)} (commit ${carried.machine.commit}), carried with --keep-generation; the images part is this run's.`,
      ...img.notes,
    ])]
    : measuredNotes;
  const result = {
    date: new Date().toISOString(),
    machine: machine(),
    options: carried ? { ...carried.options, docker: !skipDocker } : { runs, quick, docker: !skipDocker },
    monorepo: lat.monorepo,
    generation: lat.rows,
    footprint: fp.rows,
    images: img,
    targets,
    notes,
  };
  const md = markdown(result);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(out.replace(/\.json$/, '.md'), `${md}\n`);
  process.stdout.write(`${md}\n\nWrote ${path.relative(repo, out)} and ${path.relative(repo, out.replace(/\.json$/, '.md'))} in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
} finally {
  cleanupProblems = removeBuilt();
  removeScratch();
  if (cleanupProblems.length > 0) process.stderr.write(`bench: could not remove: ${cleanupProblems.join('; ')}\n`);
}

/**
 * The image notes of a run whose images are carried: its own, plus where the rows come from. An earlier carried run
 * already names the run that built them; that note stays, and only it (a chain of carries is still one source).
 */
function carriedNotes(/** @type {any} */ kept) {
  const CARRIED = 'The images part was not re-run';
  const notes = /** @type {string[]} */ (kept.images.notes);
  const source = notes.find((n) => n.startsWith(CARRIED));
  const rest = notes.filter((n) => !n.startsWith(CARRIED));
  return [...rest, source ?? `${CARRIED}: its rows are those of the run of ${kept.date.slice(0, 10)} (commit ${kept.machine.commit}), carried with --keep-images.`];
}

/**
 * With --keep-generation and --images naming fewer fixtures than the earlier run: the image rows of the fixtures not
 * re-run are that run's, kept in its order and named in a note, so the table stays whole.
 * @param {any} img   this run's images part
 * @param {any} from  the earlier run, or null
 */
function withCarriedImageRows(img, from) {
  if (!from?.images?.rows || img.skipped) return img;
  const fresh = new Set(img.rows.map((/** @type {any} */ r) => r.fixture));
  const old = from.images.rows.filter((/** @type {any} */ r) => !fresh.has(r.fixture));
  if (old.length === 0) return img;
  const order = [...from.images.rows.map((/** @type {any} */ r) => r.fixture), ...img.rows.map((/** @type {any} */ r) => r.fixture)];
  const rows = [...old, ...img.rows].sort((a, b) => order.indexOf(a.fixture) - order.indexOf(b.fixture));
  const names = old.map((/** @type {any} */ r) => r.fixture).join(', ');
  return { ...img, rows, notes: [...img.notes, `Image rows not re-run in this run (${names}) are carried from the run of ${from.date.slice(0, 10)} (commit ${from.machine.commit}); the notes above say where that run had them from.`] };
}

/** The stack of a fixture's project, or null when it is gone. */
function fixtureStack(/** @type {string} */ name) {
  try {
    return stackOf(path.join(repo, 'test', 'fixtures', name, 'project'));
  } catch {
    return null;
  }
}

/** The comma-separated names of `list`, each checked to be a fixture. */
function pick(/** @type {string} */ list, /** @type {string[]} */ known, /** @type {string} */ flag) {
  const names = list.split(',').map((n) => n.trim()).filter(Boolean);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) throw new Error(`${flag}: no fixture ${unknown.join(', ')} under test/fixtures`);
  return names;
}

/** Where the numbers come from: ratios only compare within one such machine. */
function machine() {
  const git = run('git', ['rev-parse', '--short', 'HEAD'], { cwd: repo });
  const dirty = run('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: repo });
  const dockerV = (() => {
    try {
      const r = run('docker', ['version', '--format', '{{.Server.Version}}'], { timeoutMs: 20_000 });
      return r.code === 0 ? r.stdout.trim() : null;
    } catch {
      return null;
    }
  })();
  return {
    node: process.version, platform: `${os.platform()} ${os.release()}`, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '',
    memGB: Math.round(os.totalmem() / 1e9), load1: os.loadavg()[0], docker: dockerV,
    commit: git.code === 0 ? git.stdout.trim() : null, dirtyTree: dirty.code === 0 ? dirty.stdout.trim() !== '' : null,
  };
}
