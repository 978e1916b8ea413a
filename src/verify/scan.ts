import { execa } from 'execa';
import { UserError } from '../errors.js';

/** The vulnerability scanners `verify --scan` can run. */
export type ScannerName = 'trivy' | 'grype';

/** What one scan found: CRITICAL and HIGH counts (one per vulnerability and package), or why it failed. */
export interface ScanResult {
  tool: ScannerName;
  critical?: number;
  high?: number;
  error?: string;
}

/** How to get a scanner when none is installed (the message of the usage error). */
export const NO_SCANNER = 'verify --scan: neither trivy nor grype is on PATH; install one (Trivy: brew install trivy, or a release from github.com/aquasecurity/trivy; Grype: brew install grype, or a release from github.com/anchore/grype), or drop --scan';

/** The first scanner on PATH (`trivy --version`, then `grype version`). */
export async function findScanner(): Promise<ScannerName | undefined> {
  for (const [tool, args] of [['trivy', ['--version']], ['grype', ['version']]] as const) {
    const r = await execa(tool, [...args], { reject: false, stdin: 'ignore', timeout: 20_000 });
    if (r.exitCode === 0) return tool;
  }
  return undefined;
}

/** The command that scans a local image and prints JSON. */
export function scanCommand(tool: ScannerName, image: string): string[] {
  return tool === 'trivy'
    ? ['trivy', 'image', '--quiet', '--scanners', 'vuln', '--format', 'json', image]
    : ['grype', `docker:${image}`, '--output', 'json', '--quiet'];
}

type Counts = Pick<ScanResult, 'critical' | 'high'>;

function tally(found: Iterable<[id: string, pkg: string, severity: string]>): Counts {
  const seen = { CRITICAL: new Set<string>(), HIGH: new Set<string>() };
  for (const [id, pkg, severity] of found) {
    const sev = severity.toUpperCase();
    if (sev === 'CRITICAL' || sev === 'HIGH') seen[sev].add(`${id} ${pkg}`);
  }
  return { critical: seen.CRITICAL.size, high: seen.HIGH.size };
}

/** Counts Trivy's JSON report (SchemaVersion 2: `Results[].Vulnerabilities[]` with VulnerabilityID, PkgName, Severity). */
export function countTrivy(report: unknown): Counts {
  const r = report as { SchemaVersion?: number; Results?: { Vulnerabilities?: { VulnerabilityID?: string; PkgName?: string; Severity?: string }[] | null }[] | null };
  if (typeof r !== 'object' || r === null || r.SchemaVersion !== 2) throw new Error('trivy: the report is not Trivy JSON schema version 2');
  return tally((r.Results ?? []).flatMap((res) => (res.Vulnerabilities ?? []).map((v) => [v.VulnerabilityID ?? '', v.PkgName ?? '', v.Severity ?? ''] as [string, string, string])));
}

/** Counts Grype's JSON report (`matches[]` with vulnerability.id/severity and artifact.name). */
export function countGrype(report: unknown): Counts {
  const r = report as { matches?: { vulnerability?: { id?: string; severity?: string }; artifact?: { name?: string } }[] };
  if (typeof r !== 'object' || r === null || !Array.isArray(r.matches)) throw new Error('grype: the report has no matches array');
  return tally(r.matches.map((m) => [m.vulnerability?.id ?? '', m.artifact?.name ?? '', m.vulnerability?.severity ?? ''] as [string, string, string]));
}

/** Runs the scanner on a local image; a failed scan is reported, never thrown (verify still reports the rest). */
export async function runScan(tool: ScannerName, image: string): Promise<ScanResult> {
  const [bin, ...args] = scanCommand(tool, image);
  const r = await execa(bin!, args, { reject: false, stdin: 'ignore', timeout: 15 * 60_000, maxBuffer: 512 * 1024 * 1024 });
  if (r.exitCode !== 0) return { tool, error: `${tool} exited ${r.exitCode}: ${String(r.stderr).trim().split('\n').pop() ?? ''}` };
  try {
    const report = JSON.parse(String(r.stdout)) as unknown;
    return { tool, ...(tool === 'trivy' ? countTrivy(report) : countGrype(report)) };
  } catch (err) {
    return { tool, error: (err as Error).message.split('\n')[0] };
  }
}

/** The scan callback for `--scan`: throws the usage error naming how to install a scanner when none is there. */
export async function scannerFor(): Promise<(image: string) => Promise<ScanResult>> {
  const tool = await findScanner();
  if (!tool) throw new UserError(NO_SCANNER);
  return (image) => runScan(tool, image);
}

/** `2 critical, 14 high (trivy)`, or the error. */
export function scanText(s: ScanResult | undefined): string {
  if (!s) return '-';
  if (s.error) return `scan failed: ${s.error}`;
  return `${s.critical} critical, ${s.high} high (${s.tool})`;
}
