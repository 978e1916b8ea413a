import type { Answers } from './answers.js';
import type { AppEnvPlan, ComposePlan, DataPlan, K8sPlan, ServicePlan } from './types.js';

/** Objects' name until the plan names them after the app (src/plan/workload.ts). */
export const K8S_APP_NAME = 'app';

/**
 * Seconds between SIGTERM and SIGKILL: Kubernetes' default, stated so that a slow shutdown is a visible edit.
 * The runtime stage's PID 1 receives the signal (tini where the image has it; Go and Java handle SIGTERM as PID 1).
 */
const GRACE_SECONDS = 30;

/** `--memory 512M` (compose: binary units) as a Kubernetes quantity (`512Mi`; `M` would mean 10^6 bytes). */
export function memoryQuantity(memory: string): string {
  const m = /^(\d+(?:\.\d+)?)([bkmgBKMG]?)$/.exec(memory);
  if (!m) return memory;
  const [, amount = memory, suffix = ''] = m;
  const unit = suffix.toUpperCase();
  if (unit === '' || unit === 'B') return amount;
  return `${amount}${unit}i`;
}

/** A DNS-label volume name for a mount path: /tmp -> tmp, /app/.next/cache -> app-next-cache. */
function volumeName(mountPath: string): string {
  return mountPath.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63).replace(/-+$/, '') || 'writable';
}

/** {@link volumeName}, numbered (`-2`, `-3`, ...) while a volume already has it. */
function uniqueVolumeName(mountPath: string, volumes: readonly { name: string }[]): string {
  let name = volumeName(mountPath);
  for (let i = 2; volumes.some((v) => v.name === name); i++) name = `${volumeName(mountPath).slice(0, 58)}-${i}`;
  return name;
}

/**
 * Kubernetes settings from the answers and the parts of the plan they derive from: the limits are compose's, the
 * emptyDir mounts are compose's tmpfs mounts, and the services stay outside the cluster (their connection settings
 * come from the Secret; the NetworkPolicy lets the app reach their ports).
 */
export function k8sPlan(answers: Answers, compose: ComposePlan, services: readonly ServicePlan[]): K8sPlan {
  const volumes: K8sPlan['volumes'] = [];
  for (const mountPath of compose.tmpfs) volumes.push({ name: uniqueVolumeName(mountPath, volumes), mountPath });
  return {
    enabled: answers.k8s ?? false,
    name: K8S_APP_NAME,
    memory: memoryQuantity(compose.memory),
    cpu: compose.cpus,
    volumes,
    secretKeys: [...new Set(services.flatMap((s) => s.appEnvironment.map((v) => v.name)))],
    egressPorts: [...new Set(services.map((s) => s.port))].sort((a, b) => a - b),
    terminationGracePeriodSeconds: GRACE_SECONDS,
    // Filled in once the services' images are final (src/plan/detect.ts): kept database majors change them.
    services: [],
  };
}

/**
 * The app's data directory (`--data-dir`, a named volume in compose) as one more emptyDir, so the app can write there
 * under the read-only root filesystem. It lives as long as the pod: data that must survive needs a
 * PersistentVolumeClaim there instead (the README says how), which a generator cannot size or back up.
 */
export function withDataDir(k8s: K8sPlan, data: DataPlan | undefined): K8sPlan {
  const target = data?.volume?.target;
  if (!target || k8s.volumes.some((v) => target === v.mountPath || target.startsWith(`${v.mountPath}/`))) return k8s;
  return { ...k8s, volumes: [...k8s.volumes, { name: uniqueVolumeName(target, k8s.volumes), mountPath: target }] };
}

/**
 * The Secret's keys once the app's own configuration is known: besides the services' connection settings, every
 * variable the app requires and has no default for (a Django SECRET_KEY), which compose takes from .env.
 */
export function withAppSecrets(k8s: K8sPlan, appEnv: AppEnvPlan | undefined): K8sPlan {
  return { ...k8s, secretKeys: [...new Set([...k8s.secretKeys, ...(appEnv?.required ?? [])])] };
}
