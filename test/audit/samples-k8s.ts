import YAML from 'yaml';
import type { RuleCases, Sample } from './samples-dockerfile.js';

type Obj = Record<string, any>;
const labels = { 'app.kubernetes.io/name': 'app' };

/** A Deployment meeting every manifest rule; `change` edits a copy (its container is `c`, its pod `pod`). */
function deployment(change: (d: Obj, pod: Obj, c: Obj) => void = () => undefined): Obj {
  const c: Obj = {
    name: 'app', image: 'app:1.2.3', ports: [{ name: 'http', containerPort: 8080 }],
    resources: { requests: { cpu: '1', memory: '512Mi' }, limits: { cpu: '1', memory: '512Mi' } },
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
    readinessProbe: { httpGet: { path: '/health', port: 'http' } },
    livenessProbe: { exec: { command: ['/probe'] } },
  };
  const pod: Obj = { securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } }, containers: [c], volumes: [{ name: 'tmp', emptyDir: {} }] };
  const d: Obj = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'app' }, spec: { selector: { matchLabels: { ...labels } }, template: { metadata: { labels: { ...labels } }, spec: pod } } };
  change(d, pod, c);
  return d;
}
const K = (d: Obj, extra: Record<string, string> = {}, file = 'k8s/deployment.yaml'): Sample =>
  ({ files: { 'k8s/deployment.yaml': YAML.stringify(d), ...extra }, file, line: 2 });
const service = (selector: Obj): string => YAML.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'app' }, spec: { selector, ports: [{ port: 80 }] } });

/** Samples for the Kubernetes manifest rules; the base Deployment alone is clean. */
export const K8S_CASES: RuleCases[] = [
  {
    rule: 'k8s-not-restricted',
    bad: [
      K(deployment((_d, _p, c) => { c.securityContext.allowPrivilegeEscalation = true; })),
      K(deployment((_d, p) => { delete p.securityContext.seccompProfile; })),
      K(deployment((_d, p) => { p.securityContext.runAsNonRoot = false; })),
      K(deployment((_d, _p, c) => { c.securityContext.capabilities = { drop: ['NET_RAW'] }; })),
      K(deployment((_d, _p, c) => { c.securityContext.readOnlyRootFilesystem = false; })),
      K(deployment((_d, p) => { p.volumes.push({ name: 'h', hostPath: { path: '/' } }); })),
      K(deployment((_d, p) => { p.hostNetwork = true; })),
    ],
    good: [K(deployment()), K(deployment((_d, _p, c) => { c.securityContext.seccompProfile = { type: 'RuntimeDefault' }; }))],
  },
  {
    rule: 'k8s-probe',
    bad: [
      K(deployment((_d, _p, c) => { delete c.readinessProbe; })),
      K(deployment((_d, _p, c) => { c.livenessProbe = { tcpSocket: { port: 9090 } }; })),
      K(deployment((_d, p, c) => { p.initContainers = [{ ...c, name: 'sidecar', restartPolicy: 'Always', readinessProbe: undefined }]; })),
    ],
    good: [K(deployment()), K(deployment((_d, _p, c) => { c.livenessProbe = { tcpSocket: { port: 8080 } }; })),
      // A migration init container runs to completion: Kubernetes accepts no readiness or liveness probe on it.
      K(deployment((_d, p, c) => { p.initContainers = [{ ...c, name: 'migrate', readinessProbe: undefined, livenessProbe: undefined }]; }))],
  },
  {
    rule: 'k8s-no-resources',
    bad: [K(deployment((_d, _p, c) => { delete c.resources; })), K(deployment((_d, _p, c) => { delete c.resources.limits.memory; }))],
    good: [K(deployment())],
  },
  {
    rule: 'k8s-image-unpinned',
    bad: [K(deployment((_d, _p, c) => { c.image = 'app'; })), K(deployment((_d, _p, c) => { c.image = 'registry.example:5000/app:latest'; }))],
    good: [
      K(deployment((_d, _p, c) => { c.image = 'registry.example:5000/app@sha256:abc'; })),
      K(deployment((_d, _p, c) => { c.image = 'app'; }), { 'k8s/kustomization.yaml': 'kind: Kustomization\nimages:\n  - name: app\n    newTag: "1.0"\n' }),
    ],
  },
  {
    rule: 'k8s-selector-mismatch',
    bad: [
      K(deployment((d) => { d.spec.selector.matchLabels = { app: 'other' }; })),
      K(deployment(), { 'k8s/service.yaml': service({ app: 'web' }) }, 'k8s/service.yaml'),
    ],
    good: [K(deployment(), { 'k8s/service.yaml': service(labels) })],
  },
  {
    rule: 'k8s-secret-in-configmap',
    bad: [K(deployment(), { 'k8s/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\ndata:\n  DB_PASSWORD: hunter2\n' }, 'k8s/configmap.yaml')],
    good: [K(deployment(), { 'k8s/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\ndata:\n  NODE_ENV: production\n  PASSWORD_FILE: /run/secrets/db\n' })],
  },
];
