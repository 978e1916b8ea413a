import type { Plan } from '../plan/types.js';

/** The detected facts a re-run compares against, as saved under `detected:`. */
export interface Snapshot {
  stack: string;
  packageManager: string | null;
  framework: string | null;
  runtime: string;
  port: number;
  /** Service name -> why it was added, e.g. `postgres: dependency pg`. */
  services: Record<string, string>;
  /** The entry point built, when the stack has several (see Plan.entries). */
  entry?: string;
  /** Every entry point found. */
  entries?: string[];
}

/** The facts of `plan` worth comparing on the next run. */
export function snapshot(plan: Plan): Snapshot {
  const snap: Snapshot = {
    stack: plan.stack,
    packageManager: plan.packageManager,
    framework: plan.framework,
    runtime: `${plan.runtime.name} ${plan.runtime.version}`,
    port: plan.port,
    services: Object.fromEntries(plan.serviceDetails.map((s) => [s.name, s.reason])),
  };
  if (plan.entries) {
    snap.entry = plan.entries.chosen;
    snap.entries = [...plan.entries.all];
  }
  return snap;
}

/** Entry points found now that the previous run did not know. */
export function newEntries(prev: Snapshot | null, plan: Plan): string[] {
  if (!prev?.entries || !plan.entries || prev.stack !== plan.stack) return [];
  const known = new Set(prev.entries);
  return plan.entries.all.filter((e) => !known.has(e));
}

/** What changed since the previous run and why, one line each, for the summary and `--json`. */
export function describeChanges(prev: Snapshot | null, plan: Plan): string[] {
  if (!prev) return [];
  const cur = snapshot(plan);
  const out: string[] = [];
  if (prev.stack !== cur.stack) return [`stack ${prev.stack} -> ${cur.stack}: every file is regenerated for the new stack`];
  if (prev.packageManager !== cur.packageManager) out.push(`package manager ${prev.packageManager ?? 'none'} -> ${cur.packageManager ?? 'none'}: install steps change`);
  if (prev.runtime !== cur.runtime) out.push(`${prev.runtime} -> ${cur.runtime.split(' ').slice(1).join(' ')}: base image tags change`);
  if (prev.framework !== cur.framework) out.push(`framework ${prev.framework ?? 'none'} -> ${cur.framework ?? 'none'}`);
  if (prev.port !== cur.port) out.push(`port ${prev.port} -> ${cur.port}`);
  const before = prev.services ?? {};
  for (const [name, why] of Object.entries(cur.services)) if (!(name in before)) out.push(`${name} service added: ${why}`);
  for (const name of Object.keys(before)) if (!(name in cur.services)) out.push(`${name} service removed: no longer detected or chosen`);
  if (prev.entry && cur.entry && prev.entry !== cur.entry) out.push(`entry point ${prev.entry} -> ${cur.entry}`);
  for (const e of newEntries(prev, plan)) out.push(`new entry point ${e} found; building ${cur.entry} (pass --main ${e} to build it instead)`);
  return out;
}

/** The `detected:` section as read from the file, or null when a hand edit broke its shape (changes are then not reported). */
export function parseSnapshot(raw: unknown): Snapshot | null {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const r = raw as Record<string, unknown>;
  const str = (v: unknown): boolean => typeof v === 'string';
  const strOrNull = (v: unknown): boolean => v === null || typeof v === 'string';
  const services = r.services;
  const ok = str(r.stack) && strOrNull(r.packageManager) && strOrNull(r.framework) && str(r.runtime) && typeof r.port === 'number'
    && !!services && typeof services === 'object' && !Array.isArray(services) && Object.values(services).every(str)
    && (r.entry === undefined || str(r.entry))
    && (r.entries === undefined || (Array.isArray(r.entries) && r.entries.every(str)));
  return ok ? (r as unknown as Snapshot) : null;
}

/** The `detected:` section of a workspace run (`--workspace all`): each app's snapshot under its folder. */
export interface AppsSnapshot {
  apps: Record<string, Snapshot>;
}

/** The snapshots of a workspace run's apps, by folder. */
export function appsSnapshot(plans: readonly Plan[]): AppsSnapshot {
  return { apps: Object.fromEntries(plans.map((p) => [p.appDir ?? '.', snapshot(p)])) };
}

/** A workspace run's `detected:` section as read, by app folder; null when it is no such section (or a hand edit broke it). */
export function parseAppsSnapshot(raw: unknown): Record<string, Snapshot> | null {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const apps = (raw as Record<string, unknown>).apps;
  if (!apps || typeof apps !== 'object' || Array.isArray(apps)) return null;
  const out: Record<string, Snapshot> = {};
  for (const [dir, snap] of Object.entries(apps)) {
    const parsed = parseSnapshot(snap);
    if (parsed) out[dir] = parsed;
  }
  return out;
}
