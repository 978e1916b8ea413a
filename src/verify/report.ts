import { findingsText, passed, type Measurement } from './measure.js';
import { formatLayers, percent, shareRows, wastedText } from './layer-format.js';
import { scanText } from './scan.js';

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
    ...(m.scan ? [['vulnerabilities', scanText(m.scan)] as [string, string]] : []),
  ];
}

function layerLines(m: Measurement): string[] {
  if (m.layerReport) return formatLayers(m.layerReport);
  return m.layerError ? [`  layers: not analysed (${m.layerError})`] : [];
}

/** The verify report of one image. */
export function formatSingle(m: Measurement): string {
  const lines = rows(m).map(([k, v]) => `  ${k.padEnd(14)} ${v}`);
  return [`verify: ${m.label}`, ...lines, ...layerLines(m), ...failureLines(m)].join('\n') + '\n';
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
  const table: Row[] = [
    ['', 'before', 'after', 'change'],
    ['image size', before.built ? megabytes(before.sizeBytes) : 'build failed', after.built ? megabytes(after.sizeBytes) : 'build failed', change(before.sizeBytes, after.sizeBytes)],
    ['layers', before.layers?.toString() ?? '-', after.layers?.toString() ?? '-', ''],
    ['build time', seconds(before.buildSeconds), seconds(after.buildSeconds), change(before.buildSeconds, after.buildSeconds)],
    ['warm rebuild', seconds(before.warmSeconds), seconds(after.warmSeconds), change(before.warmSeconds, after.warmSeconds)],
    ['healthy after', healthText(before), healthText(after), ''],
    ['findings', findingsText(before.findings), findingsText(after.findings), ''],
    ['runs as root?', root(before), root(after), ''],
    ...layerCompareRows(before, after),
    ...(before.scan || after.scan ? [['vulnerabilities', scanText(before.scan), scanText(after.scan), ''] as Row] : []),
  ];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...table.map((r) => r[i]!.length)));
  const line = (r: string[]): string => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const sep = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  const [head, ...body] = table;
  const layers = (m: Measurement): string[] => (m.layerReport || m.layerError ? ['', `${m.label}:`, ...layerLines(m)] : []);
  return [`verify --compare: ${before.label} -> ${after.label}`, '', line(head!), sep, ...body.map(line), ...layers(before), ...layers(after), '', ...failureLines(before), ...failureLines(after)]
    .join('\n')
    .trimEnd() + '\n';
}

type Row = [string, string, string, string];

/** The layer report's numbers side by side: wasted bytes, efficiency, and base/dependencies/app shares. */
function layerCompareRows(before: Measurement, after: Measurement): Row[] {
  const b = before.layerReport;
  const a = after.layerReport;
  if (!b && !a) return [];
  const bs = b ? shareRows(b) : undefined;
  const as = a ? shareRows(a) : undefined;
  return [
    ['wasted', b ? wastedText(b) : '-', a ? wastedText(a) : '-', change(b?.wastedBytes, a?.wastedBytes)],
    ['efficiency', b ? percent(b.efficiency) : '-', a ? percent(a.efficiency) : '-', ''],
    ...(['base', 'dependencies', 'app'] as const).map((k, i): Row => [k, bs?.[i]?.[1] ?? '-', as?.[i]?.[1] ?? '-', change(b?.share[k], a?.share[k])]),
  ];
}

/** `verify --json`: every measurement (the before image first with --compare) and whether the run passed. */
export function formatJson(before: Measurement | undefined, after: Measurement): string {
  const images = [...(before ? [before] : []), after];
  return JSON.stringify({ schemaVersion: 1, passed: passed(after), images }, null, 2) + '\n';
}
