import type { ImageMetadata } from '../../detectors/shared/image-metadata.js';

/** Name of the app's image and of its Kubernetes objects and Swarm services' image, and the tag both start from. */
export interface Workload {
  /** A DNS-1035 label (lower-case letters, digits, `-`; starts with a letter), short enough for `-config` etc. */
  name: string;
  /** Image tag: the manifest's version, or 0.1.0 when it has none (never `latest`). */
  tag: string;
}

/** Room left in a 63-character label for the suffixes the objects add (`-secrets`, `-migrate`, `-postgres`). */
export const MAX_WORKLOAD = 40;
const FALLBACK_TAG = '0.1.0';

/** `@acme/Billing_API` -> `billing-api`; a name with no letter left -> `app`. */
export function workloadName(title: string): string {
  const last = title.split('/').pop() ?? '';
  const label = last.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^[^a-z]+/, '').slice(0, MAX_WORKLOAD).replace(/-+$/, '');
  return label || 'app';
}

/** A manifest version usable as an image tag (`1.2.3`); anything else (`0.0.0` = none, `1.0+build`) -> 0.1.0. */
export function imageTag(version: string): string {
  return version !== '0.0.0' && /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(version) ? version : FALLBACK_TAG;
}

/** The workload's name and tag from the project's manifest (its name, else the folder's). */
export function workloadOf(metadata: ImageMetadata): Workload {
  return { name: workloadName(metadata.title), tag: imageTag(metadata.version) };
}
