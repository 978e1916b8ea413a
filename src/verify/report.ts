import { findingsText, type Measurement } from './measure.js';

/** `183.4 MB` (10^6 bytes, as `docker images` shows it). */
export function megabytes(bytes: number | undefined): string {
  return bytes === undefined ? '-' : `${(bytes / 1e6).toFixed(1)} MB`;
}

function seconds(s: number | undefined): string {
  return s === undefined ? '-' : `${s.toFixed(1)} s`;
}

function userText(m: Measurement): string {
  if (!m.built || m.user === undefined) return '-';
  const configured = m.user === '' ? 'root (no USER)' : m.user;
  const uids = m.uids?.length ? ` (uid ${[...new Set(m.uids)].join(', ')})` : '';
  return `${configured}${uids}`;
}

function healthText(m: Measurement): string {
  if (!m.built) return 'build failed';
  return m.health === 'healthy' ? `${seconds(m.healthySeconds)}` : (m.health ?? '-');
}

/** Rows of the single report, label -> value. */
function rows(m: Measurement): [string, string][] {
  return [
    ['image size', m.built ? megabytes(m.sizeBytes) : 'build failed'],
    ['layers', m.layers === undefined ? '-' : String(m.layers)],
    ['build time', seconds(m.buildSeconds)],
    ['warm rebuild', m.warmSeconds === undefined ? '-' : `${seconds(m.warmSeconds)} (after editing ${m.edited})`],
    ['running user', userText(m)],
    ['healthy after', healthText(m)],
    ['audit', findingsText(m.findings)],
  ];
}

/** The verify report of one image. */
export function formatSingle(m: Measurement): string {
  const lines = rows(m).map(([k, v]) => `  ${k.padEnd(14)} ${v}`);
  return [`verify: ${m.label}`, ...lines, ...failureLines(m)].join('\n') + '\n';
}

function failureLines(m: Measurement): string[] {
  if (m.buildError) return [`  build error (${m.label}):`, ...m.buildError.split('\n').map((l) => `    ${l}`)];
  if (m.failure) return [`  container output (${m.label}, ${m.health}):`, ...m.failure.split('\n').slice(-15).map((l) => `    ${l}`)];
  return [];
}

function change(before: number | undefined, after: number | undefined): string {
  if (before === undefined || after === undefined || before === 0) return '';
  const pct = Math.round(((after - before) / before) * 100);
  return pct === 0 ? '(same)' : `(${pct > 0 ? '+' : ''}${pct}%)`;
}

/** The before/after table of `verify --compare`, as markdown-style columns people and CI logs both read. */
export function formatCompare(before: Measurement, after: Measurement): string {
  const root = (m: Measurement): string => (m.runsAsRoot === undefined ? (m.built ? '-' : 'build failed') : m.runsAsRoot ? 'yes' : 'no');
  const table: [string, string, string, string][] = [
    ['', 'before', 'after', 'change'],
    ['image size', before.built ? megabytes(before.sizeBytes) : 'build failed', after.built ? megabytes(after.sizeBytes) : 'build failed', change(before.sizeBytes, after.sizeBytes)],
    ['layers', before.layers?.toString() ?? '-', after.layers?.toString() ?? '-', ''],
    ['build time', seconds(before.buildSeconds), seconds(after.buildSeconds), change(before.buildSeconds, after.buildSeconds)],
    ['warm rebuild', seconds(before.warmSeconds), seconds(after.warmSeconds), change(before.warmSeconds, after.warmSeconds)],
    ['healthy after', healthText(before), healthText(after), ''],
    ['findings', findingsText(before.findings), findingsText(after.findings), ''],
    ['runs as root?', root(before), root(after), ''],
  ];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...table.map((r) => r[i]!.length)));
  const line = (r: string[]): string => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const sep = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  const [head, ...body] = table;
  return [`verify --compare: ${before.label} -> ${after.label}`, '', line(head!), sep, ...body.map(line), '', ...failureLines(before), ...failureLines(after)].join('\n').trimEnd() + '\n';
}
