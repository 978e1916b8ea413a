import { parseYamlOnce } from '../yaml-document.js';
import type { ProjectFs } from '../fs/project-fs.js';
import type { Plan, ServicePlan } from './types.js';
import { SERVICE_TABLES, postgresVolumeTarget, type ServiceName } from '../../detectors/shared/services.js';
import { serviceRelease } from '../versions/images.js';
import { findRelease, isEol } from '../versions/lookup.js';

/** Compose file names, in the order compose itself looks for them. */
const COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];

/** service name -> image, from the project's committed compose file (an unreadable one counts as none). */
async function composeImages(fs: ProjectFs): Promise<{ file: string; images: Map<string, string> } | undefined> {
  for (const file of COMPOSE_FILES) {
    const text = await fs.readText(file);
    if (text === undefined) continue;
    // Parsed once for the run: the same text is the compose file a `--check` or re-run renders, which the render's
    // YAML guard parses next. Merge keys (`<<: *db`) are read as Compose reads them; a merge it refuses (`<<: 5`)
    // makes the file unreadable, as does a syntax error.
    const { doc } = parseYamlOnce(text);
    if (doc.errors.length) return undefined;
    let value: { services?: Record<string, { image?: unknown }> } | null;
    try {
      // No alias budget: toJS gives every alias of an anchor the one value it built (no copies), and only the services'
      // image strings are read, so `x-` blocks that alias aliases (which Compose accepts) cannot blow up here.
      value = doc.toJS({ maxAliasCount: -1 }) as typeof value;
    } catch {
      return undefined;
    }
    const services = value?.services ?? {};
    const images = new Map<string, string>();
    for (const [name, svc] of Object.entries(services)) if (typeof svc?.image === 'string') images.set(name, svc.image);
    return { file, images };
  }
  return undefined;
}

/**
 * A re-run never changes a database's version on its own: each service whose committed compose file runs another
 * release than the default keeps that image (and the volume path of that release), with a note naming the newer
 * default. A kept end-of-life release is a warning, and the compose file accepts it for the audit.
 */
export async function keepServiceVersions(fs: ProjectFs, plan: Plan): Promise<Plan> {
  if (plan.serviceDetails.length === 0) return plan;
  const found = await composeImages(fs);
  if (!found) return plan;
  const notes: string[] = [];
  const warnings: string[] = [];
  const accepted: string[] = [];
  const details = plan.serviceDetails.map((s): ServicePlan => {
    const image = found.images.get(s.name);
    const table = SERVICE_TABLES[s.name as ServiceName];
    const running = image ? serviceRelease(image) : undefined;
    if (!image || !/^[\w./:@-]+$/.test(image) || !table || !running || running.name !== table.name || running.version === table.defaultVersion) return s;
    const release = findRelease(table, running.version)!;
    const upgrade = s.name === 'postgres' ? 'a major upgrade needs pg_upgrade or a dump and restore' : 'an upgrade may change the data files';
    notes.push(`${s.name} ${running.version} kept (${found.file} runs ${image}): ${upgrade}; the default for new projects is ${table.title} ${table.defaultVersion}. To upgrade, migrate the data, then change the image in ${found.file} and re-run`);
    if (isEol(release)) {
      warnings.push(`${table.title} ${release.version} (${found.file}) reached end of life on ${release.eol}: no security fixes; migrate to ${table.title} ${table.defaultVersion}`);
      accepted.push(`${table.name} ${release.version}`);
    }
    const volume = s.name === 'postgres' ? { ...s.volume, target: postgresVolumeTarget(Number(running.version)) } : s.volume;
    return { ...s, image, volume };
  });
  if (notes.length === 0) return plan;
  return {
    ...plan,
    serviceDetails: details,
    notes: [...plan.notes, ...notes],
    warnings: [...(plan.warnings ?? []), ...warnings],
    composeAcceptedEol: accepted,
  };
}
