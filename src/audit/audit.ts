import path from 'node:path';
import type { AuditFile, Draft, Finding } from './types.js';
import { RULE_BY_ID } from './rules.js';
import { parseDockerfile, type DockerfileModel } from './dockerfile-model.js';
import {
  checkBaseImages, checkBuildTools, checkCopyOrder, checkExpose, checkHealthcheck, checkInstructions, checkSecrets,
  checkShellForm, checkUser,
} from './dockerfile-image-checks.js';
import { checkCaches, checkGlobalInstalls, checkRunHygiene, checkRunWithoutShell } from './dockerfile-run-checks.js';
import { checkDockerignore } from './dockerignore.js';
import { checkOciLabels } from './label-checks.js';
import { checkCompose } from './compose-checks.js';
import { checkK8s } from './k8s-checks.js';
import { checkStack } from './stack-checks.js';
import { UserError } from '../errors.js';
import { checkAuditLimits } from './limits.js';
import { checkBaseImageEol, checkComposeImageEol } from './eol-checks.js';
import { today as currentDay } from '../versions/date.js';
import { byCodeUnits } from '../../detectors/shared/text-order.js';

/** Compose file names, in the order compose itself looks for them. */
export const COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
/** Swarm stack file names (what `docker stack deploy -c` is given; ours is docker-stack.yml). */
export const STACK_FILES = ['docker-stack.yml', 'docker-stack.yaml'];

const DOCKERFILE_CHECKS: ((m: DockerfileModel) => Draft[])[] = [
  checkBaseImages, checkUser, checkShellForm, checkHealthcheck, checkCopyOrder, checkBuildTools, checkCaches,
  checkRunHygiene, checkInstructions, checkSecrets, checkExpose, checkGlobalInstalls, checkRunWithoutShell,
  checkOciLabels,
];

function kindOf(file: string): 'dockerfile' | 'dockerignore' | 'compose' | 'stack' | 'k8s' | undefined {
  const base = path.posix.basename(file.replace(/\\/g, '/'));
  if (/(^|\/)k8s\/.*\.ya?ml$/.test(file.replace(/\\/g, '/'))) return 'k8s';
  if (base === '.dockerignore') return 'dockerignore';
  if (COMPOSE_FILES.includes(base)) return 'compose';
  if (STACK_FILES.includes(base)) return 'stack';
  if (/^(Dockerfile|Containerfile)(\..+)?$|\.(Dockerfile|dockerfile)$/.test(base)) return 'dockerfile';
  return undefined;
}

function finish(file: string, drafts: Draft[]): Finding[] {
  return drafts.map((d) => {
    const rule = RULE_BY_ID.get(d.rule);
    if (!rule) throw new Error(`audit: unknown rule ${d.rule}`);
    return { rule: d.rule, severity: rule.severity, file, line: d.line, message: d.message, fix: rule.fix };
  });
}

/** Audit settings. */
export interface AuditOptions {
  /** The day (YYYY-MM-DD) end-of-life dates are compared with; today by default (tests pass a fixed one). */
  today?: string;
}

/**
 * Audits a Dockerfile with its .dockerignore, compose file, Swarm stack file and Kubernetes manifests (any of them may be absent; the
 * .dockerignore counts as missing when a Dockerfile is given without one). Files are told apart by name.
 * Returns the findings sorted by file and line. A compose file that is not valid YAML is a UserError.
 */
export function auditFiles(files: AuditFile[], options: AuditOptions = {}): Finding[] {
  const today = options.today ?? currentDay();
  // Each file's kind worked out once (a few regular expressions per name), not once per kind looked for.
  const kinds = files.map((f) => kindOf(f.path));
  const ofKind = (kind: ReturnType<typeof kindOf>): AuditFile[] => files.filter((_f, i) => kinds[i] === kind);
  const dockerfile = ofKind('dockerfile')[0];
  const ignore = ofKind('dockerignore')[0];
  const compose = ofKind('compose')[0];
  const stack = ofKind('stack')[0];
  const findings: Finding[] = [];
  let hasHealthcheck = false;
  if (dockerfile) checkAuditLimits(dockerfile.path, dockerfile.text, 'dockerfile');
  if (ignore) checkAuditLimits(ignore.path, ignore.text, 'dockerignore');
  if (dockerfile) {
    const model = parseDockerfile(dockerfile.text);
    hasHealthcheck = model.finalChain.some((s) => s.steps.some((st) => st.keyword === 'HEALTHCHECK'));
    findings.push(...finish(dockerfile.path, DOCKERFILE_CHECKS.flatMap((check) => check(model))));
    findings.push(...finish(dockerfile.path, checkBaseImageEol(model, dockerfile.text, today)));
    const ignoreChecks = checkDockerignore(model, ignore?.text);
    findings.push(...finish(dockerfile.path, ignoreChecks.dockerfile));
    if (ignore) findings.push(...finish(ignore.path, ignoreChecks.dockerignore));
  }
  if (compose) {
    let drafts: Draft[];
    try {
      drafts = checkCompose(compose.text, { dockerfileHasHealthcheck: hasHealthcheck });
      drafts.push(...checkComposeImageEol(compose.text, today));
    } catch (err) {
      throw new UserError(`${compose.path}: not valid YAML (${(err as Error).message}); fix the file and run audit again`);
    }
    findings.push(...finish(compose.path, drafts));
  }
  if (stack) {
    let drafts: Draft[];
    try {
      drafts = [...checkStack(stack.text), ...checkCompose(stack.text, { dockerfileHasHealthcheck: false, swarm: true }), ...checkComposeImageEol(stack.text, today)];
    } catch (err) {
      throw new UserError(`${stack.path}: not valid YAML (${(err as Error).message}); fix the file and run audit again`);
    }
    findings.push(...finish(stack.path, drafts));
  }
  const manifests = ofKind('k8s');
  try {
    for (const { file, drafts } of checkK8s(manifests)) findings.push(...finish(file, drafts));
  } catch (err) {
    throw new UserError(`${manifests.map((f) => f.path).join(', ')}: not valid YAML (${(err as Error).message}); fix the file and run audit again`);
  }
  const order = files.map((f) => f.path);
  return findings.sort((a, b) => order.indexOf(a.file) - order.indexOf(b.file) || a.line - b.line || byCodeUnits(a.rule, b.rule));
}

/** Counts of findings per severity. */
export function countBySeverity(findings: Finding[]): Record<'error' | 'warning' | 'info', number> {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** One line for the end of generation or verify: `audit: clean` or `audit: 1 error, 2 warnings (create-dockerfile audit for details)`. */
export function auditSummary(findings: Finding[]): string {
  if (findings.length === 0) return 'audit: clean (0 findings)';
  const c = countBySeverity(findings);
  const parts = [
    c.error ? `${c.error} error${c.error === 1 ? '' : 's'}` : '',
    c.warning ? `${c.warning} warning${c.warning === 1 ? '' : 's'}` : '',
    c.info ? `${c.info} info` : '',
  ].filter(Boolean);
  const rules = [...new Set(findings.map((f) => f.rule))].join(', ');
  return `audit: ${parts.join(', ')} (${rules}); run create-dockerfile audit for details`;
}
