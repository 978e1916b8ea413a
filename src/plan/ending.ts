import type { Answers } from './answers.js';
import type { ComposePlan, Plan } from './types.js';
import { k8sPlan } from './k8s.js';
import { UserError } from '../errors.js';

/**
 * What a stack's detector returns: the plan without the parts every stack fills the same way from the answers,
 * which {@link finishPlan} adds in one place (so an output's switch or a limit never needs five detector edits).
 */
export type StackPlan = Omit<Plan, 'compose' | 'k8s' | 'files' | 'ci' | 'swarm'>;

/** Default compose limits: enough for a typical web app, small enough to contain a runaway one. */
export const COMPOSE_DEFAULTS = { memory: '512M', cpus: '1', pidsLimit: 256 } as const;

/** Compose settings of the app service, with flags applied; the app's writable dirs become tmpfs mounts. */
export function composePlan(answers: Answers, writableDirs: readonly string[]): ComposePlan {
  const tmpfs = writableDirs.map((d) => `/app/${d}`);
  return {
    enabled: answers.compose ?? true,
    memory: answers.memory ?? COMPOSE_DEFAULTS.memory,
    cpus: answers.cpus ?? COMPOSE_DEFAULTS.cpus,
    pidsLimit: COMPOSE_DEFAULTS.pidsLimit,
    tmpfs: ['/tmp', ...tmpfs.filter((t) => t !== '/tmp')],
  };
}

/** The common plan ending: a stack's plan with the answer-driven parts every stack shares. */
export function finishPlan(plan: StackPlan, answers: Answers): Plan {
  if (answers.features !== undefined && plan.stack !== 'rust') {
    throw new UserError(`--features: Cargo features apply to Rust projects only, and this is a ${plan.stack} project; drop it (a saved one: --reset forgets saved answers)`);
  }
  const compose = composePlan(answers, plan.writableDirs);
  return { ...plan, compose, k8s: k8sPlan(answers, compose, plan.serviceDetails), ...(answers.ci ? { ci: answers.ci } : {}), ...(answers.swarm ? { swarm: true } : {}), files: [] };
}
