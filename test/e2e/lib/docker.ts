import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import { cmd, docker, mustDocker, sleep, tail } from './exec.js';

/** True when a Docker engine answers `docker info` (docker on PATH and the daemon reachable). */
export async function dockerAnswers(): Promise<boolean> {
  try {
    return (await docker(['info', '--format', '{{.ServerVersion}}'], { timeoutMs: 20_000 })).ok;
  } catch {
    return false; // docker not on PATH
  }
}

/** A finished `docker build` and its plain BuildKit log. */
export interface BuildResult {
  ok: boolean;
  seconds: number;
  log: string;
}

/**
 * The generated Dockerfile of a project, relative to it: `Dockerfile` at the root, else a workspace member's
 * (`apps/web/Dockerfile`, built with the root as the context).
 */
export function dockerfileOf(dir: string): string {
  if (existsSync(path.join(dir, 'Dockerfile'))) return 'Dockerfile';
  const found = fg.sync('**/Dockerfile', { cwd: dir, ignore: ['**/node_modules/**'], deep: 4 });
  if (found.length !== 1) throw new Error(`${dir}: expected one generated Dockerfile, found ${found.length}`);
  return found[0]!;
}

/** `docker build --progress=plain` of `dir` tagged `tag`; `noCache` forces a cold build. */
export async function buildImage(dir: string, tag: string, noCache: boolean): Promise<BuildResult> {
  const args = ['build', '--progress=plain', '-f', dockerfileOf(dir), '-t', tag, ...(noCache ? ['--no-cache'] : []), '.'];
  const r = await docker(args, { cwd: dir, timeoutMs: 20 * 60_000 });
  return { ok: r.ok, seconds: r.seconds, log: r.all };
}

/** Image size in MB (10^6 bytes, as `docker images` shows it). */
export async function imageSizeMB(ref: string): Promise<number> {
  const r = await mustDocker(['image', 'inspect', '--format', '{{.Size}}', ref]);
  return Math.round(Number(r.stdout) / 1e5) / 10;
}

/** `docker inspect` of one container or image as parsed JSON. */
export async function inspect(ref: string): Promise<Record<string, any>> {
  const r = await mustDocker(['inspect', ref]);
  const [first] = JSON.parse(r.stdout) as Record<string, any>[];
  if (!first) throw new Error(`docker inspect ${ref}: nothing returned`);
  return first;
}

/** Health status of a container: `starting`, `healthy`, `unhealthy`, or `none` without a healthcheck. */
export async function healthStatus(ctr: string): Promise<{ health: string; running: boolean }> {
  const r = await mustDocker(['inspect', '--format', '{{json .State}}', ctr]);
  const state = JSON.parse(r.stdout) as { Running: boolean; Health?: { Status: string } | null };
  return { health: state.Health?.Status ?? 'none', running: state.Running };
}

/**
 * Polls until the container is `healthy`; throws (with its logs) when it turns `unhealthy`,
 * exits, has no healthcheck, or `timeoutS` passes. Returns the seconds waited.
 */
export async function waitHealthy(ctr: string, timeoutS: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const { health, running } = await healthStatus(ctr);
    const waited = (performance.now() - started) / 1000;
    if (health === 'healthy') return waited;
    const problem =
      health === 'unhealthy' ? 'turned unhealthy'
      : !running ? 'exited'
      : health === 'none' ? 'has no HEALTHCHECK'
      : waited > timeoutS ? `not healthy after ${timeoutS} s`
      : undefined;
    if (problem) throw new Error(`container ${ctr} ${problem}\n${await describeFailure(ctr)}`);
    await sleep(1000);
  }
}

/** Last health probe outputs and container logs, for failure messages. */
export async function describeFailure(ctr: string): Promise<string> {
  const probes = await docker(['inspect', '--format', '{{json .State}}', ctr]);
  const logs = await docker(['logs', '--tail', '60', ctr]);
  return `--- state ---\n${probes.stdout}\n--- docker logs ---\n${tail(logs.all, 60)}`;
}

/** The host port that `containerPort/tcp` is published on. */
export async function publishedPort(ctr: string, containerPort: number): Promise<number> {
  const r = await mustDocker(['port', ctr, `${containerPort}/tcp`]);
  return parseHostPort(r.stdout);
}

/** Port number from `docker port` / `docker-compose port` output (`127.0.0.1:49153`, `:::49153`). */
export function parseHostPort(out: string): number {
  const m = out.trim().split('\n')[0]?.match(/:(\d+)\s*$/);
  if (!m?.[1] || m[1] === '0') throw new Error(`no published port in ${JSON.stringify(out)}`);
  return Number(m[1]);
}

/**
 * The uids of every process in the container, seen from the host: `docker top` (ps on the engine
 * host), or else `/proc/<pid>/status` of the container's main process when this host runs the engine.
 */
export async function processUids(ctr: string): Promise<number[]> {
  const top = await docker(['top', ctr, '-o', 'uid,pid']);
  if (top.ok) {
    const uids = top.stdout.split('\n').slice(1).map((l) => l.trim().split(/\s+/)[0]).filter(Boolean);
    if (uids.every((u) => /^\d+$/.test(u!))) return uids.map(Number);
  }
  const pid = (await mustDocker(['inspect', '--format', '{{.State.Pid}}', ctr])).stdout.trim();
  if (pid === '0') throw new Error(`container ${ctr} is not running: it has no processes to read`);
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const uid = status.match(/^Uid:\s+(\d+)/m)?.[1];
  if (uid === undefined) throw new Error(`no Uid line in /proc/${pid}/status`);
  return [Number(uid)];
}

/** `docker stop -t 10` timed; returns the seconds it took and the container's exit code. */
export async function timedStop(ctr: string): Promise<{ seconds: number; exitCode: number }> {
  const r = await mustDocker(['stop', '-t', '10', ctr], { timeoutMs: 60_000 });
  const code = await mustDocker(['inspect', '--format', '{{.State.ExitCode}}', ctr]);
  return { seconds: r.seconds, exitCode: Number(code.stdout.trim()) };
}

/**
 * GETs `http://127.0.0.1:<port><path>` without following redirects, retrying briefly while the
 * connection is refused. Returns the status code.
 */
export async function httpStatus(port: number, urlPath: string, attempts = 5): Promise<number> {
  let lastError: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}${urlPath}`, {
        redirect: 'manual',
        signal: AbortSignal.timeout(5000),
      });
      await res.arrayBuffer();
      return res.status;
    } catch (err) {
      lastError = err;
      await sleep(1000);
    }
  }
  throw new Error(`GET http://127.0.0.1:${port}${urlPath} failed: ${String(lastError)}`);
}

/** True when `docker compose` (v2 plugin) answers. */
export async function composeV2Available(): Promise<boolean> {
  try {
    return (await cmd('docker', ['compose', 'version'], { timeoutMs: 20_000 })).ok;
  } catch {
    return false;
  }
}
