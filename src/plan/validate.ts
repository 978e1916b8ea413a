import type { Plan } from './types.js';
import { UserError } from '../errors.js';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MEMORY = /^\d+(\.\d+)?[bkmgBKMG]?$/;
/** Docker's smallest memory limit (6 MiB). */
const MIN_MEMORY_BYTES = 6 * 1024 * 1024;

/** Parses a port given as text (flag or prompt): a whole number from 1 to 65535. */
export function parsePort(text: string, source: string): number {
  const n = /^\d{1,5}$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!(n >= 1 && n <= 65535)) throw new UserError(`${source}: "${text}" is not a port; use a whole number from 1 to 65535`);
  return n;
}

/** Checks a memory limit such as 512M or 1G. */
export function checkMemory(text: string, source: string): string {
  if (!MEMORY.test(text)) throw new UserError(`${source}: "${text}" is not a memory size; use a number with K, M or G, e.g. 512M`);
  const unit = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[text.slice(-1).toLowerCase()] ?? 1;
  // Docker refuses a memory limit under 6 MB when the container starts, long after the file was written.
  if (Number.parseFloat(text) * unit < MIN_MEMORY_BYTES) throw new UserError(`${source}: "${text}" is below Docker's minimum memory limit of 6M; use e.g. 512M`);
  return text;
}

/** Checks a CPU limit such as 1 or 0.5. */
export function checkCpus(text: string, source: string): string {
  const n = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !(n > 0)) throw new UserError(`${source}: "${text}" is not a CPU count; use a positive number, e.g. 1 or 0.5`);
  if (n < 0.01) throw new UserError(`${source}: "${text}" is below Docker's minimum of 0.01 CPUs; use e.g. 0.5`);
  return text;
}

const DATA_DIR = /^(\/[A-Za-z0-9_][A-Za-z0-9._-]*)+$/;
const SYSTEM_DIR = /^\/(app|tmp|proc|sys|dev|etc|usr|bin|sbin|lib\w*|var\/run|run|nodejs)(\/|$)/;

/** Checks a data directory (`--data-dir`): an absolute plain path outside the app's code, /tmp and system folders. */
export function checkDataDir(text: string, source: string): string {
  const dir = text.trim().replace(/\/+$/, '');
  if (!DATA_DIR.test(dir) || dir.split('/').includes('..')) throw new UserError(`${source}: "${text}" is not a plain absolute path; use e.g. /data or /var/lib/app`);
  if (SYSTEM_DIR.test(dir)) throw new UserError(`${source}: "${text}" is the app's code, /tmp or a system folder; use e.g. /data or /var/lib/app`);
  return dir;
}

/**
 * Rejects plans holding values that cannot be rendered safely, with a message naming the value.
 * Rendering escapes everything; this catches what escaping cannot fix (a port of 70000, an env name with `=`).
 */
export function validatePlan(plan: Plan): Plan {
  if (!Number.isInteger(plan.port) || plan.port < 1 || plan.port > 65535) {
    throw new UserError(`port ${plan.port} is out of range; pass --port with a number from 1 to 65535`);
  }
  for (const v of [...plan.env, ...plan.args, ...plan.serviceDetails.flatMap((s) => [...s.environment, ...s.appEnvironment])]) {
    if (!ENV_NAME.test(v.name)) throw new UserError(`environment variable name "${v.name}" is invalid; use letters, digits and _ only`);
    if (v.value.includes('\0')) throw new UserError(`environment variable ${v.name} has a NUL character in its value; remove it`);
    if (/[\n\r\u2028\u2029]/.test(v.value)) throw new UserError(`environment variable ${v.name} has a line break in its value; remove it`);
  }
  if (plan.start.length === 0 || plan.start.some((a) => a.includes('\0'))) throw new UserError('the start command is empty or holds a NUL byte; pass --start "<cmd>"');
  if (plan.build?.some((a) => a.includes('\0'))) throw new UserError('the build command holds a NUL byte; pass --build "<cmd>"');
  if (!/^\/[A-Za-z0-9._~/-]*$/.test(plan.healthcheck.path)) throw new UserError(`health path "${plan.healthcheck.path}" must be a plain URL path such as /health`);
  checkMemory(plan.compose.memory, '--memory');
  checkCpus(plan.compose.cpus, '--cpus');
  for (const d of plan.writableDirs) {
    if (!/^[A-Za-z0-9._/-]+$/.test(d) || d.includes('..') || d.startsWith('/')) throw new UserError(`writable directory "${d}" must be a relative path without ..`);
  }
  for (const d of [...(plan.data?.dirs ?? []), ...(plan.data?.tmpfs ?? [])]) {
    if (!DATA_DIR.test(d) || d.split('/').includes('..')) throw new UserError(`data directory "${d}" must be a plain absolute path; pass --data-dir`);
  }
  return plan;
}
