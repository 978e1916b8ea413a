/** How bad a finding is: `error` fails the audit (exit 1), `warning` and `info` only report. */
export type Severity = 'error' | 'warning' | 'info';

/** Which kind of file a rule reads. */
export type RuleScope = 'Dockerfile' | '.dockerignore' | 'compose' | 'Swarm' | 'Kubernetes';

/** One documented rule: the README table and SARIF rule metadata come from these fields. */
export interface RuleInfo {
  /** Stable kebab-case id, shown in every output and usable in scripts. */
  id: string;
  severity: Severity;
  scope: RuleScope;
  /** What the rule reports, as a short sentence. */
  what: string;
  /** Why it matters. */
  why: string;
  /** How to fix it. */
  fix: string;
  /** The well-known rule it corresponds to (hadolint, Docker build check, CIS Docker Benchmark), or '' when none. */
  ref: string;
}

/** One problem found at one place. */
export interface Finding {
  rule: string;
  severity: Severity;
  /** File path as given to the audit (relative, forward slashes). */
  file: string;
  /** 1-based line. */
  line: number;
  message: string;
  fix: string;
}

/** What a check reports before the rule table adds severity, fix and file. */
export interface Draft {
  rule: string;
  /** 1-based line. */
  line: number;
  message: string;
}

/** A file handed to the audit: its path (as shown to the user) and its text. */
export interface AuditFile {
  path: string;
  text: string;
}
