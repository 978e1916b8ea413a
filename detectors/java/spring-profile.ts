import type { ProjectFs } from '../../src/fs/project-fs.js';
import type { ServicePlan } from '../../src/plan/types.js';

const PROFILE_NAMES: Record<string, string[]> = { postgres: ['postgres', 'postgresql', 'pg'], mysql: ['mysql', 'mariadb'] };

/**
 * Apps that keep each database's settings in a profile (application-mysql.properties beside an H2 default) only
 * use the compose database with that profile active: SPRING_PROFILES_ACTIVE names it, on the first SQL service.
 */
export async function withSpringDatabaseProfile(fs: ProjectFs, resources: string, services: ServicePlan[]): Promise<{ services: ServicePlan[]; note?: string }> {
  const sql = services.find((s) => s.name in PROFILE_NAMES);
  if (!sql) return { services };
  for (const profile of PROFILE_NAMES[sql.name]!) {
    for (const ext of ['properties', 'yml', 'yaml']) {
      const file = `${resources}/application-${profile}.${ext}`;
      if (!(await fs.exists(file))) continue;
      const add = { name: 'SPRING_PROFILES_ACTIVE', value: profile };
      return {
        services: services.map((s) => (s === sql ? { ...s, appEnvironment: [...s.appEnvironment, add] } : s)),
        note: `SPRING_PROFILES_ACTIVE=${profile}: ${file} configures the ${sql.name} database`,
      };
    }
  }
  return { services };
}
