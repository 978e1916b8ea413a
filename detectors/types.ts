import type { ProjectFs } from '../src/fs/project-fs.js';
import type { Answers } from '../src/plan/answers.js';
import type { StackPlan } from '../src/plan/ending.js';

/** Why a detector thinks a project is its stack. Higher weight wins when several match. */
export interface Evidence {
  stack: string;
  /** Human reason, e.g. "package.json with a start script". */
  reason: string;
  weight: number;
}

/**
 * One stack. Adding a stack = one folder detectors/<stack>/ whose detector.ts implements this + one folder in templates/
 * named after `templates` in the returned plan, and one line in the registry.
 */
export interface Detector {
  /** Stable id used by `--stack` and in saved answers, e.g. "node". */
  readonly id: string;
  /** Human name for prompts and --help, e.g. "Node.js". */
  readonly title: string;
  /** Manifests it reads, for --help. */
  readonly manifests: readonly string[];
  /** Cheap check: is this project (possibly) ours? Reads a few files at most. */
  detect(fs: ProjectFs): Promise<Evidence | undefined>;
  /**
   * Full analysis: returns the stack's plan with `answers` applied; src/plan/ending.ts adds the parts every stack
   * shares. Throws UserError on unusable input.
   */
  plan(fs: ProjectFs, answers: Answers): Promise<StackPlan>;
}
