// The few Docker engine calls part 4 needs. Every image it builds is tagged `cdbench-<run>-...` and removed by
// tag (never forced, never pruned), so images other people on the same engine use are left alone.
import { run } from './proc.mjs';

const ENV = { ...process.env, DOCKER_BUILDKIT: '1' };

/** True when a Docker engine answers `docker info`. */
export function dockerAnswers() {
  try {
    return run('docker', ['info', '--format', '{{.ServerVersion}}'], { timeoutMs: 20_000 }).code === 0;
  } catch {
    return false; // no docker on PATH
  }
}

/** Image ids this run produced (superseded ones too: a rebuild leaves the previous image dangling). */
const built = new Set();
/** Tags this run set. */
const tags = new Set();

const BUILD_MARK = '@bench-build-ms';
// The build's time runs from its first line of output to its exit: a docker CLI that first waits for the engine (a
// wrapper serialising builds on a shared machine, a busy daemon) prints nothing while it waits, and that wait is
// not the build's. `read` takes the first line, the clock starts, `cat` passes the rest until docker exits.
const TIMED_BUILD = `set -o pipefail; docker build "$@" 2>&1 | { IFS= read -r first; s=$(date +%s%N); printf '%s\\n' "$first"; cat; echo "${BUILD_MARK} $(( ($(date +%s%N) - s) / 1000000 ))" >&2; }`;

/**
 * `docker build` of `dir` as `tag`; `cold` disables the layer cache. Returns the build's wall time in seconds, from
 * its first output line to its exit (see TIMED_BUILD); without bash, from spawn to exit.
 * @param {string} dir
 * @param {string} tag
 * @param {boolean} cold
 */
export function buildImage(dir, tag, cold) {
  tags.add(tag);
  const args = ['build', '--progress=plain', '-t', tag, ...(cold ? ['--no-cache'] : []), '.'];
  const opts = { cwd: dir, env: ENV, timeoutMs: 30 * 60_000 };
  const bash = run('bash', ['-c', 'true']).code === 0;
  const r = bash ? run('bash', ['-c', TIMED_BUILD, 'bash', ...args.slice(1)], opts) : run('docker', args, opts);
  if (r.code !== 0) {
    const tail = `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-25).join('\n');
    throw new Error(`docker build of ${dir} failed (exit ${r.code}):\n${tail}`);
  }
  built.add(imageId(tag));
  const mark = r.stderr.split('\n').find((l) => l.startsWith(BUILD_MARK));
  return (mark ? Number(mark.slice(BUILD_MARK.length)) : r.ms) / 1000;
}

/** The id of a local image. */
export function imageId(/** @type {string} */ ref) {
  const r = run('docker', ['image', 'inspect', '--format', '{{.Id}}', ref]);
  if (r.code !== 0) throw new Error(`docker image inspect ${ref}: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

/** Size of a local image in bytes (all its layers, base included), or null when it is not present. */
export function imageBytes(/** @type {string} */ ref) {
  const r = run('docker', ['image', 'inspect', '--format', '{{.Size}}', ref]);
  return r.code === 0 ? Number(r.stdout.trim()) : null;
}

/**
 * Runs a shell command in a throwaway container of `image` without network and returns its stdout.
 * @param {string} image
 * @param {string} script
 */
export function runInImage(image, script) {
  const r = run('docker', ['run', '--rm', '--network', 'none', '--entrypoint', 'sh', image, '-c', script], { timeoutMs: 10 * 60_000 });
  if (r.code !== 0) throw new Error(`probe in ${image} failed (exit ${r.code}): ${r.stderr.trim().slice(-400)}`);
  return r.stdout.trim();
}

/** Removes this run's tags, then the dangling images its rebuilds left; failures are reported, not thrown. */
export function removeBuilt() {
  const problems = [];
  for (const tag of tags) {
    const r = run('docker', ['image', 'rm', tag]);
    if (r.code !== 0 && !/No such image/i.test(r.stderr)) problems.push(`${tag}: ${r.stderr.trim()}`);
  }
  for (const id of built) {
    // Without --force: an image another tag still points at (someone else's identical build) stays.
    const r = run('docker', ['image', 'rm', id]);
    if (r.code !== 0 && !/No such image|referenced in multiple|being used/i.test(r.stderr)) problems.push(`${id}: ${r.stderr.trim()}`);
  }
  tags.clear();
  built.clear();
  return problems;
}
