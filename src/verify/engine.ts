import { execa } from 'execa';
import { EXIT, UserError } from '../errors.js';

/** Outcome of one docker command; never throws for a non-zero exit. */
export interface DockerResult {
  ok: boolean;
  stdout: string;
  stderr: string;
  seconds: number;
}

const ENV = { DOCKER_BUILDKIT: '1', COMPOSE_DOCKER_CLI_BUILD: '1' };

/** Runs `docker <args>` without a shell; `onLine` sees every stderr line as it arrives (BuildKit progress). */
export async function docker(args: string[], opts: { cwd?: string; timeoutMs?: number; onLine?: (line: string) => void } = {}): Promise<DockerResult> {
  const started = performance.now();
  const child = execa('docker', args, { cwd: opts.cwd, env: ENV, reject: false, stdin: 'ignore', timeout: opts.timeoutMs ?? 120_000 });
  if (opts.onLine) {
    let rest = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      const lines = (rest + chunk.toString('utf8')).split(/\r?\n/);
      rest = lines.pop() ?? '';
      for (const l of lines) opts.onLine!(l);
    });
  }
  const r = await child;
  return { ok: r.exitCode === 0 && !r.timedOut, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), seconds: (performance.now() - started) / 1000 };
}

/** Throws the one-line "no engine" UserError (exit 2) unless `docker info` answers. */
export async function requireEngine(): Promise<void> {
  let ok = false;
  try {
    ok = (await docker(['info', '--format', '{{.ServerVersion}}'], { timeoutMs: 20_000 })).ok;
  } catch {
    ok = false;
  }
  if (!ok) throw new UserError('docker: no Docker engine answers (docker info failed); start Docker or point DOCKER_HOST at a running engine, then run verify again', EXIT.usage);
}

/** The step BuildKit's plain progress is on (`#7 [deps 2/4] RUN npm ci` -> `[deps 2/4] RUN npm ci`), or undefined. */
export function buildStep(line: string): string | undefined {
  const m = /^#\d+ (\[[^\]]+\] .+)$/.exec(line);
  return m?.[1];
}

/** What `docker image inspect` tells about an image. */
export interface ImageFacts {
  sizeBytes: number;
  layers: number;
  user: string;
  hasHealthcheck: boolean;
  /** TCP ports from EXPOSE. */
  ports: number[];
}

/** Inspects an image. */
export async function imageFacts(ref: string): Promise<ImageFacts> {
  const r = await docker(['image', 'inspect', ref]);
  if (!r.ok) throw new Error(`docker image inspect ${ref}: ${r.stderr.trim()}`);
  const [img] = JSON.parse(r.stdout) as { Size: number; RootFS?: { Layers?: string[] }; Config?: { User?: string; Healthcheck?: { Test?: string[] }; ExposedPorts?: Record<string, unknown> } }[];
  const test = img?.Config?.Healthcheck?.Test ?? [];
  return {
    sizeBytes: img?.Size ?? 0,
    layers: img?.RootFS?.Layers?.length ?? 0,
    user: img?.Config?.User ?? '',
    hasHealthcheck: test.length > 0 && test[0] !== 'NONE',
    ports: Object.keys(img?.Config?.ExposedPorts ?? {}).filter((p) => p.endsWith('/tcp')).map((p) => Number.parseInt(p, 10)),
  };
}

/** Container state: running, health (`starting`, `healthy`, `unhealthy`, or `none`), exit code. */
export async function containerState(name: string): Promise<{ running: boolean; health: string; exitCode: number }> {
  const r = await docker(['inspect', '--format', '{{json .State}}', name]);
  if (!r.ok) return { running: false, health: 'none', exitCode: -1 };
  const s = JSON.parse(r.stdout) as { Running: boolean; ExitCode: number; Health?: { Status: string } | null };
  return { running: s.Running, health: s.Health?.Status ?? 'none', exitCode: s.ExitCode };
}

/** The uids of the container's processes as the host sees them (`docker top`), or [] when unavailable. */
export async function processUids(name: string): Promise<number[]> {
  const r = await docker(['top', name, '-o', 'uid']);
  if (!r.ok) return [];
  const uids = r.stdout.split('\n').slice(1).map((l) => l.trim()).filter(Boolean);
  return uids.every((u) => /^\d+$/.test(u)) ? uids.map(Number) : [];
}

/** The last lines of a container's logs, for failure messages. */
export async function logsTail(name: string, lines = 20): Promise<string> {
  const r = await docker(['logs', '--tail', String(lines), name]);
  return `${r.stdout}${r.stderr}`.trim();
}
