import type { Plan } from '../plan/types.js';
import type { PlannedFile } from '../write/status.js';

/**
 * The plan without the secrets of our services that were merged into the user's own (state `merged:`) and that the
 * merged compose file no longer reads: their database keeps its own credentials, so our POSTGRES_PASSWORD/MYSQL_*
 * lines in .env.example would be settings nobody uses. Null when nothing changes.
 */
export function withoutUnusedServiceSecrets(plan: Plan, statuses: readonly PlannedFile[]): Plan | null {
  const compose = statuses.find((f) => f.renames && Object.keys(f.renames).length > 0);
  if (!compose) return null;
  const matched = new Set(Object.keys(compose.renames!));
  const reads = (name: string): boolean => compose.text.includes(`\${${name}}`) || compose.text.includes(`\${${name}:`) || compose.text.includes(`\${${name}-`);
  let changed = false;
  const serviceDetails = plan.serviceDetails.map((s) => {
    if (!matched.has(s.name)) return s;
    const secrets = s.secrets.filter(reads);
    if (secrets.length === s.secrets.length) return s;
    changed = true;
    return { ...s, secrets };
  });
  return changed ? { ...plan, serviceDetails } : null;
}
