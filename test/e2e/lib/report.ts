import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './fixtures.js';

/** One fixture's line in build/e2e-report.json; a number is null when that step did not get that far. */
export interface FixtureReport {
  fixture: string;
  imageSizeMB: number | null;
  /** The first build of the fixture (layers and cache mounts of earlier fixtures reused unless E2E_COLD=1). */
  buildSeconds: number | null;
  warmBuildSeconds: number | null;
  healthyAfterSeconds: number | null;
  stopSeconds: number | null;
  compose: boolean;
}

export const REPORT_FILE = path.join(REPO_ROOT, 'build', 'e2e-report.json');
/** One file per fixture, so test files running in parallel never overwrite each other's lines. */
const REPORT_DIR = path.join(REPO_ROOT, 'build', 'e2e-report');
/** BuildKit logs of every build, kept for reading after a failure. */
export const LOG_DIR = path.join(REPO_ROOT, 'build', 'e2e-logs');

/** An empty report line for a fixture. */
export function emptyReport(fixture: string): FixtureReport {
  return {
    fixture,
    imageSizeMB: null,
    buildSeconds: null,
    warmBuildSeconds: null,
    healthyAfterSeconds: null,
    stopSeconds: null,
    compose: false,
  };
}

/** Every fixture's line recorded so far, sorted by fixture (unreadable lines are left out). */
export function readReport(): FixtureReport[] {
  if (!existsSync(REPORT_DIR)) return [];
  const rows: FixtureReport[] = [];
  for (const file of readdirSync(REPORT_DIR).filter((f) => f.endsWith('.json'))) {
    try {
      rows.push(JSON.parse(readFileSync(path.join(REPORT_DIR, file), 'utf8')) as FixtureReport);
    } catch {
      // a line being written by a concurrent run, or a stray file: the next read has it
    }
  }
  return rows.sort((a, b) => a.fixture.localeCompare(b.fixture));
}

/**
 * Records one fixture's line (replacing an earlier run's) and rewrites the combined `build/e2e-report.json`.
 * Each write goes to a temp file renamed into place, so a concurrent reader sees the old or the new line.
 */
export function saveFixtureReport(entry: FixtureReport): void {
  mkdirSync(REPORT_DIR, { recursive: true });
  const file = path.join(REPORT_DIR, `${entry.fixture}.json`);
  writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(entry, null, 2) + '\n');
  renameSync(`${file}.${process.pid}.tmp`, file);
  writeCombinedReport();
}

/** Rewrites `build/e2e-report.json` from every fixture's line (the global teardown calls it once more at the end). */
export function writeCombinedReport(): FixtureReport[] {
  const rows = readReport();
  mkdirSync(path.dirname(REPORT_FILE), { recursive: true });
  writeFileSync(`${REPORT_FILE}.${process.pid}.tmp`, JSON.stringify(rows, null, 2) + '\n');
  renameSync(`${REPORT_FILE}.${process.pid}.tmp`, REPORT_FILE);
  return rows;
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
    r.buildSeconds && r.warmBuildSeconds !== null ? `${(r.warmBuildSeconds / r.buildSeconds).toFixed(2)}` : '–';
  const lines = [
    '| fixture | image MB | build s | warm build s | warm/build | healthy after s | stop s | compose |',
    '|---|---:|---:|---:|---:|---:|---:|:---:|',
    ...rows.map(
      (r) =>
        `| ${r.fixture} | ${cell(r.imageSizeMB)} | ${cell(r.buildSeconds)} | ${cell(r.warmBuildSeconds)} | ${ratio(r)} | ${cell(r.healthyAfterSeconds)} | ${cell(r.stopSeconds)} | ${r.compose ? 'yes' : 'no'} |`,
    ),
  ];
  return lines.join('\n');
}

