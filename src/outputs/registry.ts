import type { Plan } from '../plan/types.js';

/**
 * Kubernetes manifests (`--k8s`), each rendered by templates/k8s/<file>.hbs: the base in k8s/base/ (an overlay may
 * not live inside the base it builds on), k8s/kustomization.yaml building the base as is, and a production overlay.
 */
const K8S_FILES = [
  'kustomization.yaml', 'base/kustomization.yaml', 'base/deployment.yaml', 'base/service.yaml', 'base/serviceaccount.yaml',
  'base/configmap.yaml', 'base/poddisruptionbudget.yaml', 'base/networkpolicy.yaml',
  'overlays/production/kustomization.yaml', 'overlays/production/hpa.yaml',
] as const;

/**
 * One generated file. render() and everything after it (statuses, write, the saved state's records, --json's file
 * list) iterate {@link OUTPUTS}, so a new output (Kubernetes manifests, a CI workflow) is one row here, its
 * templates under templates/, and the answer that switches it on (which the plan carries for `when`).
 */
export interface OutputSpec {
  /** Path of the file, relative to the project root. */
  path: string;
  /** Written in the workspace member's folder when the app is one (plan.appDir), else at the root. */
  inApp?: true;
  /**
   * A deployment file of one app (the Kubernetes manifests): `--workspace all` renders it once per app, its `k8s/`
   * moved to `k8s/<service>/` so that every app has its own set, with the files in {@link WORKSPACE_OUTPUTS} tying them.
   */
  eachApp?: true;
  /** Template under templates/ that renders it, chosen from the plan (a stack's own Dockerfile template). */
  template: (plan: Plan) => string;
  /** Whether this plan calls for the file; a file not called for is neither written nor removed. */
  when: (plan: Plan) => boolean;
}

/**
 * Every file the generator writes, in the order they are reported. The saved-state file
 * (`.create-dockerfile.yml`) is not a row: it records these files' statuses and hashes, so the run writes it after
 * them (src/state/state-file.ts).
 */
export const OUTPUTS: readonly OutputSpec[] = [
  { path: 'Dockerfile', template: (plan) => `${plan.templates}/Dockerfile.hbs`, when: () => true, inApp: true },
  { path: '.dockerignore', template: () => 'dockerignore/dockerignore.hbs', when: () => true },
  { path: 'docker-compose.yml', template: () => 'compose/docker-compose.yml.hbs', when: (plan) => plan.compose.enabled },
  {
    path: '.env.example',
    template: () => 'compose/env.example.hbs',
    // Only what the user must or may set (service secrets, the app's own settings), for compose or the Swarm stack.
    when: (plan) => (plan.compose.enabled || plan.swarm === true) && (plan.serviceDetails.some((s) => s.secrets.length > 0) || (plan.appEnv?.example ?? []).some((l) => !l.optional)),
  },
  // docker stack deploy needs its own file: Compose format 3.x, list-form depends_on, no pids_limit (see the template).
  { path: 'docker-stack.yml', template: () => 'swarm/docker-stack.yml.hbs', when: (plan) => plan.swarm === true },
  { path: '.github/workflows/container.yml', template: () => 'ci/github.yml.hbs', when: (plan) => plan.ci === 'github' },
  { path: '.gitlab-ci.yml', template: () => 'ci/gitlab.yml.hbs', when: (plan) => plan.ci === 'gitlab' },
  ...K8S_FILES.map((file) => ({ path: `k8s/${file}`, template: () => `k8s/${file}.hbs`, when: (plan: Plan) => plan.k8s.enabled, eachApp: true as const })),
  // --k8s-services: the backing services as StatefulSets, which k8s/kustomization.yaml (not production) includes.
  ...['kustomization.yaml', 'statefulsets.yaml'].map((file) => ({
    path: `k8s/services/${file}`, template: () => `k8s/services/${file}.hbs`, when: (plan: Plan) => plan.k8s.enabled && plan.k8s.services.length > 0, eachApp: true as const,
  })),
];

/**
 * Files only a `--workspace all` run writes, at the root: Kustomizations building every app's own set
 * (`k8s/<service>/`), so that `kubectl apply -k k8s/` (or the production overlay) deploys the whole workspace.
 */
export const WORKSPACE_OUTPUTS: readonly OutputSpec[] = [
  { path: 'k8s/kustomization.yaml', template: () => 'k8s/workspace/kustomization.yaml.hbs', when: (plan) => plan.k8s.enabled },
  { path: 'k8s/overlays/production/kustomization.yaml', template: () => 'k8s/workspace/production.yaml.hbs', when: (plan) => plan.k8s.enabled },
];
