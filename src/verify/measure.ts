import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { auditFiles, countBySeverity } from '../audit/audit.js';
import type { AuditFile, Finding } from '../audit/types.js';
import { buildStep, containerState, docker, imageFacts, logsTail, processUids } from './engine.js';
import { editSource } from './context.js';

/** What verify measured for one Dockerfile. */
export interface Measurement {
  label: string;
  built: boolean;
  /** The build's error output tail when it failed. */
  buildError?: string;
  buildSeconds?: number;
  warmSeconds?: number;
  /** The file edited before the warm rebuild. */
  edited?: string;
  sizeBytes?: number;
  layers?: number;
  /** Configured USER of the image ('' = root by default). */
  user?: string;
  /** uids of the running container's processes, when the engine shows them. */
  uids?: number[];
  runsAsRoot?: boolean;
  /** healthy, unhealthy, exited, timeout, or running (no HEALTHCHECK). */
  health?: string;
  healthySeconds?: number;
  /** Last log lines when the container did not turn healthy. */
  failure?: string;
  findings: Finding[];
}

/** Progress callback: `detail` updates (build steps, health polls) only move a spinner; phases are also printed without one. */
export type Progress = (message: string, detail?: boolean) => void;

/** One Dockerfile to measure against a context copy. */
export interface MeasureInput {
  label: string;
  dockerfile: string;
  /** Files audited with it (its .dockerignore and compose file). */
  companions: AuditFile[];
  contextDir: string;
  /** Unique image/container name prefix; everything created starts with it. */
  prefix: string;
  healthTimeoutS: number;
}

/** Builds (cold, then warm after a source edit), runs and audits one Dockerfile; removes what it created. */
export async function measure(input: MeasureInput, progress: Progress): Promise<Measurement> {
  const findings = auditFiles([{ path: 'Dockerfile', text: input.dockerfile }, ...input.companions]);
  const m: Measurement = { label: input.label, built: false, findings };
  const fileDir = await mkdtemp(path.join(os.tmpdir(), 'cdf-verify-df-'));
  const file = path.join(fileDir, 'Dockerfile');
  await writeFile(file, input.dockerfile);
  const cold = `${input.prefix}:cold`;
  const warm = `${input.prefix}:warm`;
  const ctr = `${input.prefix}-run`;
  try {
    const onLine = (what: string) => (line: string): void => {
      const step = buildStep(line);
      if (step) progress(`${input.label}: ${what} ${step.slice(0, 100)}`, true);
    };
    progress(`${input.label}: cold build`);
    const b = await docker(['build', '--progress=plain', '--no-cache', '-f', file, '-t', cold, '.'], { cwd: input.contextDir, timeoutMs: 30 * 60_000, onLine: onLine('cold build') });
    if (!b.ok) {
      m.buildError = b.stderr.trim().split('\n').slice(-15).join('\n');
      return m;
    }
    m.built = true;
    m.buildSeconds = b.seconds;
    m.edited = await editSource(input.contextDir);
    progress(`${input.label}: warm rebuild after editing ${m.edited}`);
    const w = await docker(['build', '--progress=plain', '-f', file, '-t', warm, '.'], { cwd: input.contextDir, timeoutMs: 30 * 60_000, onLine: onLine('warm rebuild') });
    if (w.ok) m.warmSeconds = w.seconds;
    const facts = await imageFacts(cold);
    Object.assign(m, { sizeBytes: facts.sizeBytes, layers: facts.layers, user: facts.user });
    progress(`${input.label}: running the container`);
    const publish = facts.ports.flatMap((p) => ['-p', `127.0.0.1::${p}`]);
    const started = performance.now();
    const run = await docker(['run', '-d', '--name', ctr, ...publish, cold]);
    if (!run.ok) {
      m.health = 'not started';
      m.failure = run.stderr.trim();
      return m;
    }
    await waitForHealth(m, ctr, facts.hasHealthcheck, input.healthTimeoutS, started, (s) => progress(`${input.label}: waiting for the healthcheck (${s})`, true));
    m.uids = await processUids(ctr);
    m.runsAsRoot = m.uids.length ? m.uids.includes(0) : isRootUser(facts.user);
    return m;
  } finally {
    await docker(['rm', '-f', '-v', ctr]);
    await docker(['rmi', '-f', cold, warm]);
    await rm(fileDir, { recursive: true, force: true });
  }
}

async function waitForHealth(m: Measurement, ctr: string, hasHealthcheck: boolean, timeoutS: number, started: number, tick: (s: string) => void): Promise<void> {
  for (;;) {
    const state = await containerState(ctr);
    const waited = (performance.now() - started) / 1000;
    if (!state.running) {
      m.health = `exited (${state.exitCode})`;
      m.failure = await logsTail(ctr);
      return;
    }
    if (!hasHealthcheck && waited >= 3) {
      m.health = 'running (no HEALTHCHECK)';
      return;
    }
    if (state.health === 'healthy') {
      m.health = 'healthy';
      m.healthySeconds = waited;
      return;
    }
    if (state.health === 'unhealthy' || waited > timeoutS) {
      m.health = state.health === 'unhealthy' ? 'unhealthy' : `not healthy after ${timeoutS} s`;
      m.failure = await logsTail(ctr);
      return;
    }
    tick(`${Math.round(waited)} s, ${state.health}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Whether an image USER means root: empty (the default), `root`, or uid 0. */
export function isRootUser(user: string): boolean {
  const name = user.split(':')[0] ?? '';
  return name === '' || name === 'root' || /^0+$/.test(name);
}

/** Whether the measurement is a pass: built, and healthy (or running when there is no HEALTHCHECK). */
export function passed(m: Measurement): boolean {
  return m.built && (m.health === 'healthy' || m.health === 'running (no HEALTHCHECK)');
}

/** `3 errors, 1 warning` / `clean`. */
export function findingsText(findings: Finding[]): string {
  if (findings.length === 0) return 'clean';
  const c = countBySeverity(findings);
  return [c.error ? `${c.error} error${c.error === 1 ? '' : 's'}` : '', c.warning ? `${c.warning} warning${c.warning === 1 ? '' : 's'}` : '', c.info ? `${c.info} info` : '']
    .filter(Boolean)
    .join(', ');
}
