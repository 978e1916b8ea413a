import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { cmd, docker, sleep, tail } from './exec.js';

/** The engine's swarm state: `inactive` (no swarm), `active`, `pending`, `error`, `locked`. */
export async function swarmState(): Promise<string> {
  const r = await docker(['info', '--format', '{{.Swarm.LocalNodeState}}']);
  return r.ok ? r.stdout.trim() : 'unknown';
}

/** `docker swarm init` on the loopback address (a single-node swarm); throws with docker's message. */
export async function swarmInit(): Promise<void> {
  const r = await docker(['swarm', 'init', '--advertise-addr', '127.0.0.1']);
  if (!r.ok) throw new Error(`docker swarm init failed: ${tail(r.all, 10)}`);
}

/** Leaves the swarm this suite created (which removes its services); never throws. */
export async function swarmLeave(): Promise<void> {
  await docker(['swarm', 'leave', '--force']);
}

/** The variables of a `.env` file (KEY=value lines, as the suite writes them). */
export async function dotEnv(dir: string): Promise<Record<string, string>> {
  const text = await readFile(path.join(dir, '.env'), 'utf8').catch(() => '');
  return Object.fromEntries(text.split('\n').flatMap((l) => {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(l);
    return m ? [[m[1]!, m[2]!]] : [];
  }));
}

/** `docker stack deploy -c docker-stack.yml NAME` with the exported variables the file's header asks for. */
export async function stackDeploy(dir: string, stack: string, env: Record<string, string>): Promise<void> {
  const r = await cmd('docker', ['stack', 'deploy', '--prune', '-c', 'docker-stack.yml', stack], { cwd: dir, env, timeoutMs: 180_000 });
  if (!r.ok) throw new Error(`docker stack deploy failed (exit ${r.exitCode}):\n${tail(r.all, 40)}`);
}

/** One task container of a stack: its service (without the stack prefix), state and health. */
interface TaskState {
  service: string;
  id: string;
  running: boolean;
  exitCode: number;
  health: string;
}

async function stackTasks(stack: string): Promise<TaskState[]> {
  const ids = (await docker(['ps', '-aq', '--filter', `label=com.docker.stack.namespace=${stack}`])).stdout.split('\n').filter(Boolean);
  const out: TaskState[] = [];
  for (const id of ids) {
    const r = await docker(['inspect', '--format', '{{index .Config.Labels "com.docker.swarm.service.name"}} {{.State.Running}} {{.State.ExitCode}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}', id]);
    const [service = '', running, code, health = 'none'] = r.stdout.trim().split(' ');
    if (r.ok) out.push({ service: service.slice(stack.length + 1), id, running: running === 'true', exitCode: Number(code), health });
  }
  return out;
}

/**
 * Waits until every long-running service has a running, healthy task and every one-shot service (migrate) has a
 * task that exited 0. Returns the app's task container and the seconds waited; throws with the services' state and
 * logs on timeout.
 */
export async function waitStackHealthy(stack: string, services: string[], oneShot: string[], timeoutS: number): Promise<{ app: string; seconds: number }> {
  const started = performance.now();
  for (;;) {
    const tasks = await stackTasks(stack);
    const done = services.every((s) => oneShot.includes(s)
      ? tasks.some((t) => t.service === s && !t.running && t.exitCode === 0)
      : tasks.some((t) => t.service === s && t.running && t.health === 'healthy'));
    const seconds = (performance.now() - started) / 1000;
    const app = tasks.find((t) => t.service === 'app' && t.running && t.health === 'healthy');
    if (done && app) return { app: app.id, seconds };
    if (seconds > timeoutS) {
      const ps = await docker(['stack', 'ps', '--no-trunc', '--format', '{{.Name}} {{.CurrentState}} {{.Error}}', stack]);
      const logs = await Promise.all(services.map(async (s) => `--- ${s}\n${tail((await docker(['service', 'logs', '--tail', '30', `${stack}_${s}`])).all, 30)}`));
      throw new Error(`stack ${stack} not healthy after ${Math.round(seconds)} s: ${tasks.map((t) => `${t.service} ${t.running ? 'running' : `exited ${t.exitCode}`} ${t.health}`).join('; ')}\n${ps.all}\n${logs.join('\n')}`);
    }
    await sleep(2000);
  }
}

/** Removes the stack and waits for its containers to go, then its volumes and networks; never throws. */
export async function stackRemove(stack: string): Promise<void> {
  const label = `label=com.docker.stack.namespace=${stack}`;
  await docker(['stack', 'rm', stack]);
  for (let i = 0; i < 60; i++) {
    if ((await docker(['ps', '-aq', '--filter', label])).stdout.trim() === '') break;
    await sleep(1000);
  }
  for (const kind of ['volume', 'network']) {
    const ids = (await docker([kind, 'ls', '-q', '--filter', label])).stdout.split('\n').filter(Boolean);
    // A volume is released a moment after its container is removed.
    for (let i = 0; i < 10 && ids.length; i++) {
      if ((await docker([kind, 'rm', ...ids])).ok) break;
      await sleep(1000);
    }
  }
}
