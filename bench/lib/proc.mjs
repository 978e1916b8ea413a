// Process helpers for the bench: timed runs of whole processes and the statistics the tables print.
import { spawn, spawnSync } from 'node:child_process';

/**
 * @typedef {object} RunResult
 * @property {number} ms      wall time from spawn to exit, in milliseconds
 * @property {number|null} code
 * @property {string} stdout
 * @property {string} stderr
 */

/** Variables of the bench's own environment that make every Node start do work a user's start does not. */
export const START_UP_VARIABLES = ['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS'];

/**
 * The environment of a timed process: the bench's own plus `extra`, without {@link START_UP_VARIABLES}. Node 20 reads
 * the bundle NODE_EXTRA_CA_CERTS names when it starts (225 KB on these machines: about 50 ms of every process, a
 * bare `node -e 0` included), which would hide the tools' own cost in every ratio.
 * @param {NodeJS.ProcessEnv} [extra]
 * @returns {NodeJS.ProcessEnv}
 */
export function timedEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  for (const name of START_UP_VARIABLES) delete env[name];
  return env;
}

/**
 * Runs a command to completion without a shell and measures its wall time (spawn included, as a user feels it).
 * @param {string} file
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, timeoutMs?: number, input?: string }} [opts]
 * @returns {RunResult}
 */
export function run(file, args, opts = {}) {
  const started = performance.now();
  const r = spawnSync(file, args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  if (r.error) throw new Error(`${file} ${args.join(' ')}: ${r.error.message}`);
  return { ms, code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/**
 * @typedef {RunResult & { cpuMs: number|null }} TimedResult  cpuMs: user + system CPU time of the process and its
 *   children (null when bash is missing)
 */

const BASH = spawnSync('bash', ['-c', 'true']).status === 0;
const TIME_MARK = '@bench-time';

/**
 * Like {@link run}, timed by bash's `time` keyword: wall time of the process alone (bash's own start is not in it)
 * and the CPU time it used. CPU time moves less than wall time when the machine is shared: a busy neighbour delays a
 * process more than it makes it work. Without bash: {@link run}'s wall time and no CPU time.
 * @param {string} file
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, timeoutMs?: number, input?: string }} [opts]
 * @returns {TimedResult}
 */
export function timedRun(file, args, opts = {}) {
  if (!BASH) return { ...run(file, args, opts), cpuMs: null };
  const r = run('bash', ['-c', `TIMEFORMAT='${TIME_MARK} %3R %3U %3S'; time "$@"`, 'bash', file, ...args], opts);
  const lines = r.stderr.split('\n');
  const at = lines.findLastIndex((l) => l.startsWith(TIME_MARK));
  if (at < 0) return { ...r, cpuMs: null };
  const [real, user, sys] = lines[at].slice(TIME_MARK.length).trim().split(' ').map(Number);
  lines.splice(at, 1);
  return { ...r, ms: real * 1000, cpuMs: (user + sys) * 1000, stderr: lines.join('\n') };
}

/**
 * Like {@link run} but throws with the tail of the output when the exit code is not 0.
 * @param {string} file
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, timeoutMs?: number }} [opts]
 * @returns {RunResult}
 */
export function mustRun(file, args, opts = {}) {
  const r = run(file, args, opts);
  if (r.code !== 0) {
    const out = `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-30).join('\n');
    throw new Error(`\`${file} ${args.join(' ')}\` exited ${r.code}:\n${out}`);
  }
  return r;
}

/**
 * Time from spawn until the process prints something matching `marker` (then it is killed), or null on timeout.
 * The child runs under `script` so it sees a terminal and starts its interactive flow.
 * @param {string} command  a shell command line (run by `script -c`)
 * @param {RegExp} marker
 * @param {{ cwd?: string, timeoutMs?: number }} [opts]
 * @returns {Promise<number|null>}
 */
export function timeToOutput(command, marker, opts = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    // A wide terminal keeps prompt libraries from wrapping every character onto its own line.
    const child = spawn('script', ['-qfec', `stty cols 160 rows 50; exec ${command}`, '/dev/null'], {
      cwd: opts.cwd,
      env: timedEnv({ CI: '', TERM: 'xterm-256color' }),
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    let seen = '';
    let done = false;
    const finish = (/** @type {number|null} */ value) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      try {
        process.kill(-(/** @type {number} */ (child.pid)), 'SIGKILL');
      } catch {
        // already gone
      }
      resolve(value);
    };
    const timer = setTimeout(() => finish(null), opts.timeoutMs ?? 20_000);
    child.stdout.on('data', (chunk) => {
      seen += String(chunk);
      if (marker.test(seen)) finish(performance.now() - started);
    });
    child.on('exit', () => finish(null));
  });
}

/** True when `name` can be run from PATH. */
export function hasCommand(/** @type {string} */ name) {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() !== '';
}

/**
 * @typedef {object} Stats
 * @property {number} n
 * @property {number} median
 * @property {number} p25
 * @property {number} p75
 * @property {number} min
 * @property {number} max
 */

/**
 * Median, quartiles and range of a sample (linear interpolation between order statistics).
 * @param {number[]} values
 * @returns {Stats}
 */
export function stats(values) {
  const s = [...values].sort((a, b) => a - b);
  const q = (/** @type {number} */ p) => {
    const i = (s.length - 1) * p;
    const lo = Math.floor(i);
    const hi = Math.ceil(i);
    return s[lo] + (s[hi] - s[lo]) * (i - lo);
  };
  return { n: s.length, median: q(0.5), p25: q(0.25), p75: q(0.75), min: s[0], max: s[s.length - 1] };
}

/** Rounds to `digits` decimals (for JSON and tables). */
export function round(/** @type {number} */ n, digits = 2) {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** a/b rounded to 2 decimals, or null when either side is missing. */
export function ratio(/** @type {number|null|undefined} */ a, /** @type {number|null|undefined} */ b) {
  return a == null || b == null || b === 0 ? null : round(a / b, 2);
}
