import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { parse } from 'yaml';
import { cmd, docker, mustCmd, sleep, tail, type CmdResult } from './exec.js';

/** What the suite reads from a generated compose file. */
export interface ComposeFacts {
  file: string;
  /** The service built from the Dockerfile (the one with `build:`). */
  app: string;
  /** Services that only use an image: databases, caches, brokers. */
  backing: string[];
  /** One-shot services (`restart: "no"`, e.g. migrate): they must exit 0, not stay up. */
  oneShot: string[];
  /** The app's `image:` when the file names one (compose then tags the build with it). */
  appImage: string | undefined;
  /** Variables used as the host side of a published port (`${APP_PORT:-3000}`). */
  portVars: string[];
}

/** Names compose may use for its file, in the order compose itself looks for them. */
const COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];

/** Finds and reads the compose file in `dir`. */
export async function composeFacts(dir: string): Promise<ComposeFacts> {
  const name = COMPOSE_FILES.find((f) => existsSync(path.join(dir, f)));
  if (!name) throw new Error(`no compose file in ${dir}`);
  const doc = parse(await readFile(path.join(dir, name), 'utf8')) as { services?: Record<string, any> };
  const services = Object.entries(doc.services ?? {});
  // The app is the built service that publishes a port; a one-shot migrate service is built from the same Dockerfile.
  const built = services.filter(([, s]) => s && typeof s === 'object' && 'build' in s && s.restart !== 'no');
  const [appEntry] = built;
  if (!appEntry || built.length !== 1) throw new Error(`${name}: expected exactly one long-running service with build:, found ${built.length}`);
  const portVars = new Set<string>();
  for (const p of (appEntry[1].ports ?? []) as unknown[]) {
    const hostSide = String(p).split(':').slice(0, -1).join(':');
    for (const m of hostSide.matchAll(/\$\{(\w+)/g)) if (m[1]) portVars.add(m[1]);
  }
  return {
    file: name,
    app: appEntry[0],
    backing: services.filter(([, s]) => !(s && typeof s === 'object' && 'build' in s)).map(([n]) => n),
    oneShot: services.filter(([, s]) => s && typeof s === 'object' && s.restart === 'no').map(([n]) => n),
    appImage: typeof appEntry[1].image === 'string' ? appEntry[1].image : undefined,
    portVars: [...portVars],
  };
}

const PLACEHOLDER = /change|replace|secret|passw|example|your|todo|xxx|<[^>]*>|\*\*\*/i;
const SECRET_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|_KEY$|^KEY$|CREDENTIAL/i;

/**
 * Writes `.env` next to the compose file: a random strong value for every variable of `.env.example`
 * that is empty, a placeholder, or secret by name; concrete example values (ports, modes) kept;
 * a free host port for every variable that sets a published port. Returns the names written.
 */
export async function writeDotEnv(dir: string, facts: ComposeFacts): Promise<string[]> {
  const values = new Map<string, string>();
  const example = path.join(dir, '.env.example');
  if (existsSync(example)) {
    for (const line of (await readFile(example, 'utf8')).split(/\r?\n/)) {
      const m = line.match(/^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/);
      if (!m?.[1]) continue;
      const value = (m[2] ?? '').trim().replace(/^(["'])(.*)\1$/, '$2');
      const keep = value !== '' && !PLACEHOLDER.test(value) && !SECRET_NAME.test(m[1]);
      values.set(m[1], keep ? value : strongValue());
    }
  }
  for (const name of facts.portVars) values.set(name, String(await freePort()));
  await writeFile(path.join(dir, '.env'), [...values].map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
  return [...values.keys()];
}

/** 32 random alphanumerics: strong, and safe inside URLs and connection strings. */
function strongValue(): string {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from({ length: 32 }, () => abc[randomInt(abc.length)]).join('');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** One way of running compose: the standalone `docker-compose` or the `docker compose` plugin. */
export interface ComposeRunner {
  label: string;
  file: string;
  pre: string[];
}

export const COMPOSE_V1: ComposeRunner = { label: 'docker-compose', file: 'docker-compose', pre: [] };
export const COMPOSE_V2: ComposeRunner = { label: 'docker compose', file: 'docker', pre: ['compose'] };

/** A compose project in a work dir, run by one runner. */
export interface ComposeProject {
  runner: ComposeRunner;
  dir: string;
  name: string;
  /** Variables of `.env`; dropped from the inherited environment so `.env` decides. */
  envNames: string[];
  /** Services expected to run once and exit 0 (see {@link ComposeFacts.oneShot}). */
  oneShot?: string[];
}

/** Runs `<compose> -p <name> <args>` in the project's dir. */
export function compose(p: ComposeProject, args: string[], timeoutMs = 120_000): Promise<CmdResult> {
  return cmd(p.runner.file, [...p.runner.pre, '-p', p.name, ...args], { cwd: p.dir, timeoutMs, unsetEnv: p.envNames });
}

/** `up -d --build`; throws with the output on failure. */
export async function composeUp(p: ComposeProject): Promise<void> {
  const r = await compose(p, ['up', '-d', '--build'], 20 * 60_000);
  if (!r.ok) throw new Error(`${p.runner.label} up failed (exit ${r.exitCode}):\n${tail(r.all, 80)}\n${await composeLogs(p)}`);
}

/** The project's containers (running or not), by compose's project label. */
export async function projectContainers(project: string): Promise<string[]> {
  const r = await docker(['ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`]);
  return r.stdout.split('\n').filter(Boolean);
}

/**
 * Waits until every container of the project that has a healthcheck is healthy and none has exited.
 * Returns the seconds waited; throws with the project's logs on `unhealthy`, exit, or timeout.
 */
export async function waitProjectHealthy(p: ComposeProject, timeoutS: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const ids = await projectContainers(p.name);
    const states = await Promise.all(
      ids.map(async (id) => {
        const r = await docker(['inspect', '--format', '{{.Name}} {{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}} {{.State.ExitCode}} {{index .Config.Labels "com.docker.compose.service"}}', id]);
        // A one-shot service (migrate) that exited 0 is done, not down.
        const [name, status, health, code, service] = r.stdout.trim().split(' ');
        if (status === 'exited' && code === '0' && (p.oneShot ?? []).includes(service ?? '')) return `${name} completed`;
        return `${name} ${status} ${health}`;
      }),
    );
    const bad = states.filter((s) => / (exited|dead) /.test(s) || s.endsWith(' unhealthy'));
    const waiting = states.filter((s) => s.endsWith(' starting'));
    const waited = (performance.now() - started) / 1000;
    if (ids.length > 0 && bad.length === 0 && waiting.length === 0) return waited;
    if (bad.length > 0 || waited > timeoutS) {
      throw new Error(`compose project ${p.name} not healthy after ${Math.round(waited)} s: ${states.join('; ')}\n${await composeLogs(p)}`);
    }
    await sleep(1000);
  }
}

/** The last lines of every service's logs. */
export async function composeLogs(p: ComposeProject): Promise<string> {
  const r = await compose(p, ['logs', '--no-color', '--tail', '40']);
  return `--- ${p.runner.label} logs ---\n${tail(r.all, 120)}`;
}

/** Container id of a service. */
export async function serviceContainer(p: ComposeProject, service: string): Promise<string> {
  const r = await mustCmd(p.runner.file, [...p.runner.pre, '-p', p.name, 'ps', '-q', service], { cwd: p.dir, unsetEnv: p.envNames });
  const id = r.stdout.split('\n').find(Boolean);
  if (!id) throw new Error(`no container for service ${service}`);
  return id.trim();
}

/** `down -v --rmi local --remove-orphans`, then removes by label whatever is left of the project. */
export async function composeDown(p: ComposeProject, appImage: string | undefined): Promise<void> {
  await compose(p, ['down', '-v', '--rmi', 'local', '--remove-orphans'], 180_000);
  await sweepProject(p.name);
  if (appImage) await docker(['rmi', '-f', appImage]);
}

/** Removes the containers, networks and volumes labelled with compose project `name`. */
export async function sweepProject(name: string): Promise<void> {
  const label = `label=com.docker.compose.project=${name}`;
  const ids = await projectContainers(name);
  if (ids.length) await docker(['rm', '-f', '-v', ...ids]);
  for (const kind of ['network', 'volume']) {
    const r = await docker([kind, 'ls', '-q', '--filter', label]);
    const found = r.stdout.split('\n').filter(Boolean);
    if (found.length) await docker([kind, 'rm', ...found]);
  }
}
