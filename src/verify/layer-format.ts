import type { LayerReport } from './layer-analysis.js';

/** `183.4 MB` (10^6 bytes, as `docker images` shows it); small sizes in kB. */
export function sizeText(bytes: number): string {
  if (bytes < 1e3) return `${bytes} B`;
  if (bytes < 1e5) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** `99.3 %`. */
export function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)} %`;
}

function shareOf(part: number, r: LayerReport): string {
  return `${sizeText(part)} (${r.finalBytes ? Math.round((part / r.finalBytes) * 100) : 0}%)`;
}

/** `base 74.8 MB (41%)`, `dependencies ...`, `app ...`, each as a [label, value] row. */
export function shareRows(r: LayerReport): [string, string][] {
  return [
    ['base', shareOf(r.share.base, r)],
    ['dependencies', shareOf(r.share.dependencies, r)],
    ['app', shareOf(r.share.app, r)],
  ];
}

/** `1.2 MB in 34 files`. */
export function wastedText(r: LayerReport): string {
  return r.wastedBytes === 0 ? 'none' : `${sizeText(r.wastedBytes)} in ${r.wastedFiles} file${r.wastedFiles === 1 ? '' : 's'}`;
}

const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * The layer section of the report: the base image's layers as one row, then every layer the Dockerfile made
 * with its size and instruction, the wasted bytes, the efficiency score, the largest files and the share by origin.
 */
export function formatLayers(r: LayerReport, indent = '  '): string[] {
  const base = r.layers.filter((l) => l.base);
  const own = r.layers.filter((l) => !l.base);
  const rows: [string, string, string][] = [];
  if (base.length) {
    rows.push([base.length === 1 ? '1' : `1-${base.length}`, sizeText(base.reduce((n, l) => n + l.sizeBytes, 0)), `base image (${base.length} layer${base.length === 1 ? '' : 's'})`]);
  }
  for (const l of own) rows.push([String(l.index), sizeText(l.sizeBytes), clip(l.instruction, 90)]);
  const w0 = Math.max(1, ...rows.map((x) => x[0].length));
  const w1 = Math.max(...rows.map((x) => x[1].length));
  return [
    `${indent}layers (size, instruction):`,
    ...rows.map(([i, s, t]) => `${indent}  ${i.padStart(w0)}  ${s.padStart(w1)}  ${t}`),
    `${indent}${'wasted'.padEnd(14)} ${wastedText(r)} (overwritten or deleted by a later layer)`,
    `${indent}${'efficiency'.padEnd(14)} ${percent(r.efficiency)}`,
    ...shareRows(r).map(([k, v]) => `${indent}${k.padEnd(14)} ${v}`),
    `${indent}largest files:`,
    ...r.largest.map((f) => `${indent}  ${sizeText(f.sizeBytes).padStart(9)}  ${f.path} (layer ${f.layer})`),
  ];
}
