import YAML, { LineCounter } from 'yaml';
import type { AuditFile, Draft } from './types.js';
import { isSecretName } from './secrets.js';

type Obj = Record<string, any>;
interface Doc { file: string; line: number; obj: Obj }

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicaSet']);
/** Volume types the "restricted" profile allows. */
const RESTRICTED_VOLUMES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);

/** Kubernetes objects of the given manifest files, each with the line of its `kind:`. Kustomization files are kept. */
function documents(files: AuditFile[]): Doc[] {
  return files.flatMap((f) => {
    const lines = new LineCounter();
    return YAML.parseAllDocuments(f.text, { lineCounter: lines }).flatMap((d) => {
      const obj = d.toJS({ maxAliasCount: 100 }) as unknown;
      if (obj === null || typeof obj !== 'object' || typeof (obj as Obj).kind !== 'string') return [];
      const kindNode = (d.contents as YAML.YAMLMap | null)?.items?.find((p) => (p.key as YAML.Scalar | null)?.value === 'kind');
      const offset = (kindNode?.key as YAML.Scalar | undefined)?.range?.[0] ?? 0;
      return [{ file: f.path, line: lines.linePos(offset).line, obj: obj as Obj }];
    });
  });
}

const podSpec = (o: Obj): Obj | undefined => o.spec?.template?.spec;
const matches = (selector: Obj | undefined, labels: Obj | undefined): boolean =>
  !!selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

function restrictedProblems(pod: Obj): string[] {
  const out: string[] = [];
  const psc = pod.securityContext ?? {};
  for (const host of ['hostNetwork', 'hostPID', 'hostIPC']) if (pod[host] === true) out.push(`${host} is true`);
  for (const v of pod.volumes ?? []) {
    const type = Object.keys(v).find((k) => k !== 'name');
    if (type && !RESTRICTED_VOLUMES.has(type)) out.push(`volume ${String(v.name)} is ${type}`);
  }
  for (const c of [...(pod.containers ?? []), ...(pod.initContainers ?? [])] as Obj[]) {
    const sc = c.securityContext ?? {};
    const where = `container ${String(c.name)}`;
    if (sc.allowPrivilegeEscalation !== false) out.push(`${where}: allowPrivilegeEscalation is not false`);
    if (sc.privileged === true) out.push(`${where}: privileged`);
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) out.push(`${where}: capabilities.drop lacks ALL`);
    if ((sc.runAsNonRoot ?? psc.runAsNonRoot) !== true) out.push(`${where}: runAsNonRoot is not true`);
    if ((sc.runAsUser ?? psc.runAsUser) === 0) out.push(`${where}: runAsUser is 0`);
    const seccomp = (sc.seccompProfile ?? psc.seccompProfile)?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') out.push(`${where}: seccompProfile is not RuntimeDefault`);
    if (sc.readOnlyRootFilesystem !== true) out.push(`${where}: readOnlyRootFilesystem is not true`);
  }
  return out;
}

/** Images a kustomization in the same file set pins (`images: [{name, newTag | digest}]`). */
function kustomizedImages(docs: Doc[]): Set<string> {
  return new Set(docs.filter((d) => d.obj.kind === 'Kustomization').flatMap((d) =>
    ((d.obj.images ?? []) as Obj[]).filter((i) => (i.newTag && i.newTag !== 'latest') || i.digest).map((i) => String(i.name))));
}

function containerDrafts(doc: Doc, c: Obj, pinned: Set<string>): Draft[] {
  const out: Draft[] = [];
  const at = (rule: string, message: string): void => { out.push({ rule, line: doc.line, message }); };
  const image = String(c.image ?? '');
  const tag = /^(?:.*\/)?[^/:@]+(?::([^@]+))?(?:@.+)?$/.exec(image);
  if (!image.includes('@') && (!tag?.[1] || tag[1] === 'latest') && !pinned.has(image.replace(/:latest$/, ''))) {
    at('k8s-image-unpinned', `container ${String(c.name)} runs ${image || 'no image'} without a version tag`);
  }
  const r = c.resources ?? {};
  if (!r.limits?.memory || !r.limits?.cpu || !r.requests?.memory || !r.requests?.cpu) at('k8s-no-resources', `container ${String(c.name)} lacks CPU or memory requests/limits`);
  const ports = new Set<unknown>((c.ports ?? []).flatMap((p: Obj) => [p.containerPort, p.name]));
  for (const probe of ['readinessProbe', 'livenessProbe']) {
    if (!c[probe]) at('k8s-probe', `container ${String(c.name)} has no ${probe}`);
  }
  for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
    const port = c[probe]?.httpGet?.port ?? c[probe]?.tcpSocket?.port ?? c[probe]?.grpc?.port;
    if (port !== undefined && !ports.has(port)) at('k8s-probe', `container ${String(c.name)}: ${probe} port ${String(port)} is not a container port`);
  }
  return out;
}

/** The Kubernetes manifest checks over every manifest file given (one set: a kustomization pins images for the rest). */
export function checkK8s(files: AuditFile[]): { file: string; drafts: Draft[] }[] {
  const docs = documents(files);
  const pinned = kustomizedImages(docs);
  const workloads = docs.filter((d) => WORKLOADS.has(d.obj.kind));
  const templateLabels = workloads.map((d) => d.obj.spec?.template?.metadata?.labels as Obj | undefined);
  const byFile = new Map<string, Draft[]>();
  const add = (d: Doc, draft: Draft): void => { byFile.set(d.file, [...(byFile.get(d.file) ?? []), draft]); };
  for (const d of docs) {
    const pod = podSpec(d.obj);
    if (WORKLOADS.has(d.obj.kind) && pod) {
      const problems = restrictedProblems(pod);
      if (problems.length) add(d, { rule: 'k8s-not-restricted', line: d.line, message: `${d.obj.kind} ${String(d.obj.metadata?.name)}: ${problems.join('; ')}` });
      for (const c of [...(pod.containers ?? []), ...(pod.initContainers ?? [])] as Obj[]) {
        // A Job's pod and an init container (one that runs to completion, not a restartPolicy: Always sidecar) serve
        // nothing: Kubernetes accepts no readiness or liveness probe on such an init container.
        const oneShot = d.obj.kind === 'Job' || ((pod.initContainers ?? []) as Obj[]).includes(c) && c.restartPolicy !== 'Always';
        for (const draft of containerDrafts(d, c, pinned)) if (!oneShot || draft.rule !== 'k8s-probe') add(d, draft);
      }
      const selector = d.obj.spec?.selector?.matchLabels;
      if (d.obj.kind !== 'Job' && !matches(selector, d.obj.spec?.template?.metadata?.labels)) {
        add(d, { rule: 'k8s-selector-mismatch', line: d.line, message: `${d.obj.kind} ${String(d.obj.metadata?.name)}: selector does not match its pod template's labels` });
      }
    }
    const selector = d.obj.kind === 'Service' ? d.obj.spec?.selector
      : d.obj.kind === 'PodDisruptionBudget' ? d.obj.spec?.selector?.matchLabels
        : d.obj.kind === 'NetworkPolicy' ? d.obj.spec?.podSelector?.matchLabels : undefined;
    if (selector && workloads.length > 0 && !templateLabels.some((labels) => matches(selector, labels))) {
      add(d, { rule: 'k8s-selector-mismatch', line: d.line, message: `${d.obj.kind} ${String(d.obj.metadata?.name)} selects no pod of the workloads beside it` });
    }
    if (d.obj.kind === 'ConfigMap') {
      for (const key of Object.keys(d.obj.data ?? {})) {
        if (isSecretName(key)) add(d, { rule: 'k8s-secret-in-configmap', line: d.line, message: `ConfigMap ${String(d.obj.metadata?.name)} holds ${key}` });
      }
    }
  }
  return [...byFile].map(([file, drafts]) => ({ file, drafts }));
}
