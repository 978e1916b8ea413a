import type { ServicePlan } from './types.js';

/** A backing service run in the cluster (`--k8s-services`): a StatefulSet with one volume claim, for local clusters. */
export interface K8sServicePlan {
  /** The compose service's name (postgres, redis, ...); objects are named `<app>-<name>`. */
  name: string;
  image: string;
  port: number;
  /** The image's own unprivileged user: the pod runs as it from the start, so no capability is needed. */
  uid: number;
  /** Variables the image reads (POSTGRES_PASSWORD, ...), all taken from the app's Secret. */
  envKeys: string[];
  /** Where the claim is mounted (the compose volume's target). */
  dataPath: string;
  /** Run-time directories as emptyDir volumes (the root filesystem is read-only). */
  volumes: { name: string; mountPath: string }[];
}

/**
 * The unprivileged user of the official images: 999 in the Debian-based postgres, redis, mariadb/mysql and mongo
 * images (and the alpine redis), 70 in the alpine postgres one.
 */
export function serviceUid(image: string): number {
  return /^postgres:.*alpine/.test(image) ? 70 : 999;
}

const volumeName = (mountPath: string): string => mountPath.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50) || 'run';

/** The in-cluster form of each detected backing service. */
export function k8sServices(services: readonly ServicePlan[]): K8sServicePlan[] {
  return services.map((s) => ({
    name: s.name,
    image: s.image,
    port: s.port,
    uid: serviceUid(s.image),
    envKeys: s.environment.map((v) => v.name),
    dataPath: s.volume.target,
    volumes: s.tmpfs.map((mountPath, i) => ({ name: `run-${i}-${volumeName(mountPath)}`.slice(0, 63).replace(/-+$/, ''), mountPath })),
  }));
}
