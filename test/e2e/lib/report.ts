import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './fixtures.js';

/** One fixture's line in build/e2e-report.json; a number is null when that step did not get that far. */
export interface FixtureReport {
  fixture: string;
  imageSizeMB: number | null;
  coldBuildSeconds: number | null;
  warmBuildSeconds: number | null;
  healthyAfterSeconds: number | null;
  stopSeconds: number | null;
  compose: boolean;
}

export const REPORT_FILE = path.join(REPO_ROOT, 'build', 'e2e-report.json');
/** BuildKit logs of every build, kept for reading after a failure. */
export const LOG_DIR = path.join(REPO_ROOT, 'build', 'e2e-logs');

/** An empty report line for a fixture. */
export function emptyReport(fixture: string): FixtureReport {
  return {
    fixture,
    imageSizeMB: null,
    coldBuildSeconds: null,
    warmBuildSeconds: null,
    healthyAfterSeconds: null,
    stopSeconds: null,
    compose: false,
  };
}

/** Reads the report written so far ([] when there is none or it is unreadable). */
export function readReport(): FixtureReport[] {
  try {
    const data: unknown = JSON.parse(readFileSync(REPORT_FILE, 'utf8'));
    return Array.isArray(data) ? (data as FixtureReport[]) : [];
  } catch {
    return [];
  }
}

/**
 * Adds or replaces one fixture's line; written at once so a crash later loses nothing. Lines of
 * fixtures this run skipped (E2E_ONLY) stay from earlier runs, and a concurrent run's lines survive.
 */
export function saveFixtureReport(entry: FixtureReport): void {
  const rows = readReport().filter((r) => r.fixture !== entry.fixture);
  rows.push(entry);
  rows.sort((a, b) => a.fixture.localeCompare(b.fixture));
  mkdirSync(path.dirname(REPORT_FILE), { recursive: true });
  writeFileSync(REPORT_FILE, JSON.stringify(rows, null, 2) + '\n');
}

/** Saves a build log as build/e2e-logs/<name>.log and returns its path. */
export function saveLog(name: string, text: string): string {
  mkdirSync(LOG_DIR, { recursive: true });
  const file = path.join(LOG_DIR, `${name}.log`);
  writeFileSync(file, text);
  return file;
}

/** The report as a markdown table (empty string when nothing was recorded). */
export function markdownTable(rows: FixtureReport[]): string {
  if (rows.length === 0) return '';
  const cell = (v: number | null): string => (v === null ? '–' : String(v));
  const ratio = (r: FixtureReport): string =>
    r.coldBuildSeconds && r.warmBuildSeconds !== null ? `${(r.warmBuildSeconds / r.coldBuildSeconds).toFixed(2)}` : '–';
  const lines = [
    '| fixture | image MB | cold build s | warm build s | warm/cold | healthy after s | stop s | compose |',
    '|---|---:|---:|---:|---:|---:|---:|:---:|',
    ...rows.map(
      (r) =>
        `| ${r.fixture} | ${cell(r.imageSizeMB)} | ${cell(r.coldBuildSeconds)} | ${cell(r.warmBuildSeconds)} | ${ratio(r)} | ${cell(r.healthyAfterSeconds)} | ${cell(r.stopSeconds)} | ${r.compose ? 'yes' : 'no'} |`,
    ),
  ];
  return lines.join('\n');
}

