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
  /**
   * The deployable apps of a multi-project build rooted at `fs` (Node workspace members), and whether a run must
   * choose among them (`--workspace`); absent for stacks that have no such choice.
   */
  workspaceApps?(fs: ProjectFs): Promise<WorkspaceListing>;
}

/** The deployable apps of a workspace, as an interactive run offers them and `--workspace all` plans them. */
export interface WorkspaceListing {
  /** Each app's folder from the root (`apps/web`), name (package name) and why it counts as one. */
  apps: { dir: string; name: string; why: string }[];
  /** Two or more apps and the root is none: a run must be told which (or `all`). */
  mustChoose: boolean;
}
