import type { Finding, Severity } from './types.js';
import { RULES } from './rules.js';
import { countBySeverity } from './audit.js';
import { printable } from '../cli/printable.js';

const COLOURS: Record<Severity | 'dim' | 'bold', [number, number]> = {
  error: [31, 39], warning: [33, 39], info: [36, 39], dim: [2, 22], bold: [1, 22],
};

/** Human report: findings grouped by file, one line each plus its fix; ANSI colours only when `colour`. */
export function formatHuman(findings: Finding[], audited: string[], colour: boolean): string {
  const paint = (style: keyof typeof COLOURS, text: string): string => (colour ? `\u001b[${COLOURS[style][0]}m${text}\u001b[${COLOURS[style][1]}m` : text);
  const lines: string[] = [];
  for (const file of audited) {
    const mine = findings.filter((f) => f.file === file);
    if (mine.length === 0) continue;
    lines.push(paint('bold', printable(file)));
    for (const f of mine) {
      lines.push(`  ${paint(f.severity, f.severity.padEnd(7))} ${printable(f.file)}:${f.line}  ${paint('bold', f.rule)}: ${printable(f.message)}`);
      lines.push(`          ${paint('dim', `fix: ${f.fix}`)}`);
    }
    lines.push('');
  }
  const c = countBySeverity(findings);
  const total = findings.length === 0
    ? `No findings in ${audited.join(', ')}.`
    : `${c.error} error${c.error === 1 ? '' : 's'}, ${c.warning} warning${c.warning === 1 ? '' : 's'}, ${c.info} info in ${audited.join(', ')}.`;
  lines.push(findings.length === 0 ? paint('bold', total) : total);
  return `${lines.join('\n')}\n`;
}

/** `--json`: the audited files, the findings and the counts. */
export function formatJson(findings: Finding[], audited: string[]): string {
  return `${JSON.stringify({ files: audited, findings, summary: countBySeverity(findings) }, null, 2)}\n`;
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * SARIF 2.1.0 log for code-scanning upload: every rule as tool metadata, one result per finding.
 * `uriOf` maps a finding's file to its artifact URI (the CLI passes the path relative to the repository root).
 */
export function formatSarif(findings: Finding[], version: string, uriOf: (file: string) => string = (file) => file): string {
  const index = new Map(RULES.map((r, i) => [r.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'create-dockerfile',
            version,
            informationUri: 'https://www.npmjs.com/package/create-dockerfile',
            rules: RULES.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => c.toUpperCase()),
              shortDescription: { text: r.what.replace(/`/g, '') },
              fullDescription: { text: `${r.what.replace(/`/g, '')}. ${r.why}.` },
              help: { text: `${r.why}. Fix: ${r.fix.replace(/`/g, '')}.${r.ref ? ` See ${r.ref}.` : ''}`, markdown: `${r.why}.\n\n**Fix:** ${r.fix}${r.ref ? `\n\nCorresponds to ${r.ref}.` : ''}` },
              defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
              properties: { tags: ['docker', r.scope === 'compose' ? 'compose' : r.scope === 'Swarm' ? 'swarm' : r.scope === 'Kubernetes' ? 'kubernetes' : 'dockerfile'] },
            })),
          },
        },
        results: findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: index.get(f.rule),
          level: SARIF_LEVEL[f.severity],
          message: { text: `${f.message}. Fix: ${f.fix.replace(/`/g, '')}` },
          locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(uriOf(f.file)) }, region: { startLine: f.line } } }],
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
