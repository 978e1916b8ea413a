import type { Plan } from '../plan/types.js';
import type { AppPlan } from '../plan/apps.js';
import type { PlannedFile } from '../pipeline/run.js';
import type { Finding } from '../audit/types.js';
import { unifiedDiff } from '../pipeline/run.js';
import { FLAGS } from './flags.js';
import { DETECTORS } from '../../detectors/index.js';
import { today } from '../versions/date.js';
import { staleTableNote } from '../versions/tables.js';
import { serviceRelease } from '../versions/images.js';

/** `--json` output: the plan with the file statuses, keys in a stable order. */
export function planJson(plan: Plan, files: PlannedFile[], changes: string[] = [], audit: Finding[] = []): string {
  const out = {
    ...stableKeys(plan),
    changes,
    audit,
    files: files.map((f) => ({ path: f.path, status: f.status, ...(f.reason ? { reason: f.reason } : {}), ...(f.warnings ? { warnings: f.warnings } : {}) })),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** The plan with its stable keys first. */
function stableKeys(plan: Plan): Record<string, unknown> {
  const { stack, packageManager, framework, runtime, start, build, port, services, ...rest } = plan;
  return { stack, packageManager, framework, runtime, start, build, port, services, ...rest };
}

/** `--json` of a `--workspace all` run: each app's plan under its compose service, then the changes, audit and files. */
export function appsJson(apps: readonly AppPlan[], files: PlannedFile[], changes: string[] = [], audit: Finding[] = []): string {
  const out = {
    apps: apps.map((a) => ({ service: a.service, hostPort: a.hostPort, ...stableKeys(a.plan) })),
    changes,
    audit,
    files: files.map((f) => ({ path: f.path, status: f.status, ...(f.reason ? { reason: f.reason } : {}) })),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** The summary of a run: its plan's, or with `--workspace all` each app's under its service, then what changed. */
export function runSummary(gen: { plan: Plan; apps?: readonly AppPlan[]; changes: string[] }): string {
  if (!gen.apps) return planSummary(gen.plan, gen.changes);
  const apps = gen.apps.map((a) => `${a.service}: ${a.plan.appDir ?? '.'}, published on ${a.hostPort} ($${a.portVar})\n${planSummary(a.plan).replace(/^/gm, '  ')}`);
  const changed = gen.changes.length ? ['', 'changed since the last run:', ...gen.changes.map((c) => `  * ${c}`)] : [];
  return [apps.join('\n\n'), ...changed].join('\n');
}

/** One line per file: what happened or would happen to it. */
export function statusLines(files: PlannedFile[], dryRun: boolean): string {
  const verb: Record<string, string> = dryRun
    ? { create: 'would create', update: 'would update', merge: 'would merge', kept: 'kept', identical: 'identical', conflict: 'conflict', skip: 'skipped' }
    : { create: 'created', update: 'updated', merge: 'merged', kept: 'kept', identical: 'identical', conflict: 'conflict', skip: 'skipped' };
  const why: Record<string, string> = { merge: ' (your edits kept, new generation merged in)', kept: ' (your edits; nothing new to apply)' };
  return files.flatMap((f) => [
    `  ${verb[f.status]!.padEnd(13)} ${f.path}${why[f.status] ?? ''}${(f.status === 'conflict' || f.status === 'merge' || f.status === 'kept') && f.reason ? `: ${f.reason}` : ''}`,
    ...(f.warnings ?? []).map((w) => `  ! warning: ${w}`),
  ]).join('\n');
}

/** The decisions behind the plan, for people. `now` (YYYY-MM-DD) is only compared with end-of-life dates. */
export function planSummary(plan: Plan, changes: string[] = [], now: string = today()): string {
  const lines = [
    `stack      ${plan.stack}${plan.framework ? ` (${plan.framework})` : ''}, ${plan.runtime.name} ${plan.runtime.version}, ${plan.packageManager ?? '-'}`,
    `start      ${plan.start.join(' ')}`,
    `build      ${plan.build ? plan.build.join(' ') : '(none)'}`,
    `port       ${plan.port}, health ${plan.healthcheck.path}`,
    `runtime    ${plan.base}, user ${plan.user.uid}:${plan.user.gid}`,
    `services   ${plan.services.length ? plan.services.join(', ') : '(none)'}`,
  ];
  if (plan.workspaces.length) lines.push(`workspaces ${plan.workspaces.join(', ')}`);
  const toSet = [...plan.serviceDetails.flatMap((s) => s.secrets), ...(plan.appEnv?.required ?? [])];
  if (plan.compose.enabled && toSet.length) lines.push(`set in .env ${[...new Set(toSet)].join(', ')} (see .env.example)`);
  const changed = changes.length ? ['', 'changed since the last run:', ...changes.map((c) => `  * ${c}`)] : [];
  const stale = [plan.runtime, ...plan.serviceDetails.map((s) => serviceRelease(s.image))]
    .map((r) => (r ? staleTableNote(r.name, r.version, now) : undefined)).filter((n): n is string => n !== undefined);
  const warnings = [...(plan.warnings ?? []), ...stale].map((w) => `  ! warning: ${w}`);
  return [...lines, ...warnings, ...plan.notes.map((n) => `  - ${n}`), ...changed].join('\n');
}

/** Unified diffs of every file that would change. */
export function diffs(files: PlannedFile[]): string {
  return files.filter((f) => f.status !== 'identical' && f.status !== 'kept' && f.status !== 'skip').map((f) => unifiedDiff(f.path, f.current, f.text)).join('');
}

/** `--help`, from the flag table and the registry. */
export function helpText(version: string): string {
  const width = Math.max(...FLAGS.map((f) => `--${f.name}${f.value ? ` ${f.value}` : ''}`.length)) + 8;
  const flagLines = FLAGS.map((f) => {
    const left = `${f.short ? `-${f.short}, ` : '    '}--${f.name}${f.value ? ` ${f.value}` : ''}`;
    return `  ${left.padEnd(width)}${f.help}`;
  });
  const stacks = DETECTORS.map((d) => `  ${d.id.padEnd(8)}${d.title} (${d.manifests.join(', ')})`);
  return [
    `create-dockerfile ${version}: a hardened, multi-stage Dockerfile, .dockerignore and docker-compose.yml for your project.`,
    '',
    'Usage: npx create-dockerfile [flags]',
    '       npx create-dockerfile audit [DIR|Dockerfile] | verify [DIR] [--compare REF]   (see <subcommand> --help)',
    '',
    'Flags:',
    ...flagLines,
    '',
    'Stacks:',
    ...stacks,
    '',
    'Exit codes: 0 success; 1 failure or unresolved conflict; 2 usage error or no recognisable project.',
    '',
  ].join('\n');
}
