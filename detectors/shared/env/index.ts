import type { ProjectFs } from '../../../src/fs/project-fs.js';
import type { Plan } from '../../../src/plan/types.js';
import { collectAppVariables } from './collect.js';
import { appEnvPlan } from './app-env-plan.js';

export { collectAppVariables, type AppVariable } from './collect.js';
export { appPortVariable, envExamplePort, isAppPortName, pickPort, schemaPorts, type PortFinding } from './port.js';

/**
 * Adds the app's own variables to a plan whose compose file is generated: collected from the project
 * ({@link collectAppVariables}), wired to the plan's services, and listed for .env.example and the summary.
 */
export async function withAppEnv(fs: ProjectFs, plan: Plan): Promise<Plan> {
  if (!plan.compose.enabled) return plan;
  const appEnv = appEnvPlan(await collectAppVariables(fs, plan.stack), plan);
  if (appEnv.compose.length === 0 && appEnv.example.length === 0) return plan;
  const notes = [...plan.notes];
  if (appEnv.wired.length) notes.push(`app variables wired to the services: ${appEnv.wired.join(', ')}`);
  return { ...plan, appEnv, notes };
}
