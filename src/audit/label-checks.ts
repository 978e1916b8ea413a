import type { Label } from 'dockerfile-ast';
import type { Draft } from './types.js';
import type { DockerfileModel } from './dockerfile-model.js';

/** The OCI labels a published image needs to be traced back to its code: where it came from, which commit, which release. */
export const REQUIRED_LABELS = ['org.opencontainers.image.source', 'org.opencontainers.image.revision', 'org.opencontainers.image.version'] as const;

/**
 * oci-labels-missing: the final image (the last stage and the stages it is built FROM) lacks one of
 * {@link REQUIRED_LABELS}, or sets it to a literal empty value. A value from a build argument (`"${REVISION}"`)
 * counts as set: CI fills it. Only runs on files with a FROM (an empty file has no image to label).
 */
export function checkOciLabels(model: DockerfileModel): Draft[] {
  const last = model.finalChain[model.finalChain.length - 1];
  if (!last) return [];
  const values = new Map<string, string>();
  for (const step of model.finalChain.flatMap((s) => s.steps)) {
    if (step.keyword !== 'LABEL') continue;
    for (const p of (step.node as Label).getProperties()) values.set(p.getName(), p.getValue() ?? '');
  }
  const missing = REQUIRED_LABELS.filter((name) => !/\S/.test(values.get(name) ?? ''));
  if (missing.length === 0) return [];
  const short = missing.map((m) => m.replace('org.opencontainers.image.', '')).join(', ');
  return [{ rule: 'oci-labels-missing', line: last.fromLine, message: `the final stage (FROM ${last.image}) has no ${short} label (${missing.join(', ')}): a pulled image cannot be traced to its repository, commit or release` }];
}
