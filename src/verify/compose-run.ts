import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { execa, execaSync } from 'execa';
import { parse, stringify } from 'yaml';
import { COMPOSE_FILES } from '../audit/audit.js';
import { UserError } from '../errors.js';
import type { Runner } from './measure.js';

/** The compose file's shape as verify needs it: the service built from the Dockerfile and its backing services. */
export interface ComposeProject {
  /** File name in the project folder (`docker-compose.yml`). */
  file: string;
  /** The one service with `build:`. */
  app: string;
  /** Services that only run an image (databases, caches). */
  backing: string[];
  /** Variables used as the host side of a published port (`${APP_PORT:-8080}`): verify points them at free ports. */
  portVars: string[];
}

/** Reads DIR's compose file; undefined unless it has exactly one built service and at least one backing service. */
export function composeProject(dir: string): ComposeProject | undefined {
  const file = COMPOSE_FILES.find((f) => existsSync(path.join(dir, f)));
  if (!file) return undefined;
  let doc: { services?: Record<string, unknown> } | null;
  try {
    doc = parse(readFileSync(path.join(dir, file), 'utf8')) as { services?: Record<string, unknown> } | null;
  } catch (err) {
    throw new UserError(`${file}: not valid YAML (${(err as Error).message.split('\n')[0]}); fix it or pass --no-compose to verify the image alone`);
  }
  const services = Object.entries(doc?.services ?? {}).filter(([, s]) => s !== null && typeof s === 'object') as [string, Record<string, unknown>][];
  const built = services.filter(([, s]) => 'build' in s);
  const backing = services.filter(([, s]) => !('build' in s)).map(([n]) => n);
  if (built.length !== 1 || backing.length === 0) return undefined;
  const portVars = new Set<string>();
  for (const [, s] of services) {
    for (const p of Array.isArray(s.ports) ? s.ports : []) {
      const hostSide = typeof p === 'string' ? p.split(':').slice(0, -1).join(':') : '';
      for (const m of hostSide.matchAll(/\$\{(\w+)/g)) if (m[1]) portVars.add(m[1]);
    }
  }
  return { file, app: built[0]![0], backing, portVars: [...portVars] };
}

/** `docker compose` (v2) when the plugin answers, else `docker-compose` (1.29), else a usage error. */
export async function composeCommand(): Promise<string[]> {
  if ((await execa('docker', ['compose', 'version'], { reject: false, stdin: 'ignore' })).exitCode === 0) return ['docker', 'compose'];
  if ((await execa('docker-compose', ['version'], { reject: false, stdin: 'ignore' })).exitCode === 0) return ['docker-compose'];
  throw new UserError('verify: the project has backing services but neither `docker compose` nor `docker-compose` runs; install Compose or pass --no-compose');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no free port'))));
    });
  });
}

/** Options of the compose runner. */
export interface ComposeRunOptions {
  command: string[];
  projectDir: string;
  project: ComposeProject;
  /** `--env-file` for compose's variable substitution (else compose reads the project's .env). */
  envFile?: string;
  /** `-e KEY=VAL` values, given to compose as substitution variables. */
  env: Record<string, string>;
}

/**
 * Runs the built image as the compose file's app service with its backing services: an override file points the
 * app at the image (`up --no-build`), published port variables get free ports, and `down -v` removes it all.
 * The compose project is named after the verify run, so it never touches the user's own compose project.
 */
export function composeRunner(o: ComposeRunOptions): Runner & { stopSync(name: string): void } {
  let overrideDir: string | undefined;
  const base = (name: string): string[] => [
    ...o.command.slice(1), '-p', name.replace(/[^a-z0-9_-]/g, ''), '--project-directory', o.projectDir, '-f', path.join(o.projectDir, o.project.file),
    ...(overrideDir ? ['-f', path.join(overrideDir, 'override.yml')] : []), ...(o.envFile ? ['--env-file', o.envFile] : []),
  ];
  const env = async (): Promise<Record<string, string>> => {
    const ports: Record<string, string> = {};
    for (const v of o.project.portVars) ports[v] = String(await freePort());
    return { ...ports, ...o.env, DOCKER_BUILDKIT: '1', COMPOSE_DOCKER_CLI_BUILD: '1' };
  };
  return {
    async start(image, name) {
      overrideDir = await mkdtemp(path.join(os.tmpdir(), 'cdf-verify-compose-'));
      await writeFile(path.join(overrideDir, 'override.yml'), stringify({ services: { [o.project.app]: { image } } }));
      const up = await execa(o.command[0]!, [...base(name), 'up', '-d', '--no-build'], { reject: false, stdin: 'ignore', env: await env(), timeout: 10 * 60_000 });
      if (up.exitCode !== 0) return { error: `${o.command.join(' ')} up: ${String(up.stderr).trim().split('\n').slice(-8).join('\n')}` };
      const ps = await execa(o.command[0]!, [...base(name), 'ps', '-q', o.project.app], { reject: false, stdin: 'ignore', env: await env() });
      const id = String(ps.stdout).trim().split('\n')[0];
      return id ? { container: id } : { error: `${o.command.join(' ')} ps: no container for service ${o.project.app}` };
    },
    async stop(name) {
      await execa(o.command[0]!, [...base(name), 'down', '-v', '--remove-orphans', '--timeout', '5'], { reject: false, stdin: 'ignore', env: await env() });
      if (overrideDir) await rm(overrideDir, { recursive: true, force: true });
    },
    stopSync(name) {
      execaSync(o.command[0]!, [...base(name), 'down', '-v', '--remove-orphans', '--timeout', '5'], { reject: false, stdio: 'ignore' });
    },
  };
}
