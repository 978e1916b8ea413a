import type { BaseFlavour } from './types.js';

/**
 * What the user decided, by flag or prompt. Every field is optional: undefined means "use what was detected".
 * Detectors apply these on top of their findings; nothing else may change a plan.
 */
export interface Answers {
  stack?: string;
  port?: number;
  runtimeVersion?: string;
  base?: BaseFlavour;
  /** Start command as the user typed it (a shell command line). */
  start?: string;
  /** Build command as the user typed it (a shell command line); '' means "no build". */
  build?: string;
  compose?: boolean;
  /** Write Kubernetes manifests (a Kustomize base under k8s/). */
  k8s?: boolean;
  /** With the Kubernetes manifests, also run the backing services in the cluster (StatefulSets with PVCs). */
  k8sServices?: boolean;
  /** Write a Docker Swarm stack file (docker-stack.yml). */
  swarm?: boolean;
  services?: string[];
  memory?: string;
  cpus?: string;
  /** Workspace package folder to containerise (monorepos). */
  workspace?: string;
  /**
   * Which entry point to build when a project has several: a Go main package (`cmd/api`), a Rust binary
   * (`name` or `crate:name`), a Python `module:app`. Each stack documents what it accepts.
   */
  main?: string;
  /**
   * Cargo features of a Rust release build (`--features`), comma-separated as cargo takes them (`sqlite,tls`); ''
   * builds with the default set only. Replaces the features detected as needed.
   */
  features?: string;
  /** Directory in the container of the app's data volume (SQLite files, uploads); default /data. */
  dataDir?: string;
  /** CI pipeline to write: `github` (.github/workflows/container.yml) or `gitlab` (.gitlab-ci.yml); undefined writes none. */
  ci?: 'github' | 'gitlab';
}
