import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { auditFiles, countBySeverity } from '../audit/audit.js';
import type { AuditFile, Finding } from '../audit/types.js';
import { buildStep, containerState, docker, imageFacts, logsTail, processUids } from './engine.js';
import { editSource } from './context.js';
import { parseDockerfile, finalBase } from '../audit/dockerfile-model.js';
import { diffIdsOf, saveImage } from './image-archive.js';
import { analyzeLayers, baseLayerCount, type LayerReport } from './layer-analysis.js';
import type { ScanResult } from './scan.js';

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
  /** dive-style layer analysis of the built image. */
  layerReport?: LayerReport;
  /** Why the layer analysis is missing, when it failed. */
  layerError?: string;
  /** Vulnerability counts when `--scan` ran a scanner. */
  scan?: ScanResult;
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
  /** Starts the container (docker run, or compose with the backing services); `docker run` when absent. */
  runner?: Runner;
  /** `-e KEY=VAL` / `--env-file F` flags for `docker run`. */
  envArgs?: string[];
  /** Scans the built image when `--scan` asked for it. */
  scan?: (image: string) => Promise<ScanResult>;
}

/** Starts the built image and names the container to watch; `stop` removes everything it started. */
export interface Runner {
  start(image: string, name: string, ports: number[]): Promise<{ container?: string; error?: string }>;
  stop(name: string): Promise<void>;
}

/** `docker run -d` with the image's TCP ports published on loopback and the env flags passed through. */
export function dockerRunner(envArgs: string[]): Runner {
  return {
    async start(image, name, ports) {
      const publish = ports.flatMap((p) => ['-p', `127.0.0.1::${p}`]);
      const run = await docker(['run', '-d', '--name', name, ...envArgs, ...publish, image]);
      return run.ok ? { container: name } : { error: run.stderr.trim() };
    },
    async stop(name) {
      await docker(['rm', '-f', '-v', name]);
    },
  };
}

/** Saves the image and analyses its layers; the base image is the final stage's FROM, found locally after the build. */
export async function layerReport(ref: string, dockerfile: string): Promise<LayerReport> {
  const archive = await saveImage(ref);
  const base = finalBase(parseDockerfile(dockerfile))?.image ?? 'scratch';
  const baseIds = base === 'scratch' ? [] : await diffIdsOf(base);
  return analyzeLayers(archive, baseLayerCount(archive.diffIds, baseIds));
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
  const runner = input.runner ?? dockerRunner(input.envArgs ?? []);
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
    progress(`${input.label}: reading the layers`);
    try {
      m.layerReport = await layerReport(cold, input.dockerfile);
    } catch (err) {
      m.layerError = (err as Error).message.split('\n')[0];
    }
    if (input.scan) {
      progress(`${input.label}: scanning the image`);
      m.scan = await input.scan(cold);
    }
    progress(`${input.label}: running the container`);
    const started = performance.now();
    const run = await runner.start(cold, ctr, facts.ports);
    if (!run.container) {
      m.health = 'not started';
      m.failure = run.error;
      return m;
    }
    await waitForHealth(m, run.container, facts.hasHealthcheck, input.healthTimeoutS, started, (s) => progress(`${input.label}: waiting for the healthcheck (${s})`, true));
    m.uids = await processUids(run.container);
    m.runsAsRoot = m.uids.length ? m.uids.includes(0) : isRootUser(facts.user);
    return m;
  } finally {
    await runner.stop(ctr);
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
