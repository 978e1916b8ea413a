import { describe, expect, test } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createProjectFs } from '../../src/fs/project-fs.js';
import { buildPlan } from '../../src/plan/detect.js';
import { render } from '../../src/render/render.js';
import { parseOptions } from '../../src/cli/options.js';
import { memoryQuantity } from '../../src/plan/k8s.js';
import { auditFiles } from '../../src/audit/audit.js';
import { listFixtures } from '../helpers/fixtures.js';
import { kustomize, one, schemaProblem, selects, writeTree, type K8sObject } from '../helpers/k8s.js';

// Every fixture's manifests are built by the real kustomize (kubectl v1.32 on these machines): a required test.
describe.each(listFixtures())('--k8s on fixture $name', (fx) => {
  // Built once per fixture: every test below reads the same build.
  let built: ReturnType<typeof build> | undefined;
  const generate = () => (built ??= build());
  const build = async () => {
    const { answers } = parseOptions(['--yes', ...fx.args, '--k8s'], {}, false);
    const { plan } = await buildPlan(createProjectFs(fx.project), answers);
    const files = render(plan).filter((f) => f.path.startsWith('k8s/'));
    const dir = writeTree(files);
    return { plan, files, base: kustomize(path.join(dir, 'k8s')), production: kustomize(path.join(dir, 'k8s/overlays/production')) };
  };
  const podOf = (objects: K8sObject[]) => one(objects, 'Deployment').spec.template;

  test('k8s/ and the production overlay build with kustomize, and every object validates against the API schema', async () => {
    const { base, production } = await generate();
    expect(base.map((o) => o.kind).sort()).toEqual(['ConfigMap', 'Deployment', 'NetworkPolicy', 'PodDisruptionBudget', 'Service', 'ServiceAccount']);
    expect(production.map((o) => o.kind)).toContain('HorizontalPodAutoscaler');
    expect([...base, ...production].map(schemaProblem).filter(Boolean)).toEqual([]);
  });

  test('the manifests audit clean', async () => {
    const { files } = await generate();
    expect(auditFiles(files).map((f) => `${f.file}:${f.line} ${f.rule}: ${f.message}`)).toEqual([]);
  });

  test('the pod meets the Pod Security Standards "restricted" profile, field by field', async () => {
    const { plan, base } = await generate();
    const pod = podOf(base).spec;
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true, runAsUser: plan.user.uid, runAsGroup: plan.user.gid, fsGroup: plan.user.gid,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(plan.user.uid).toBeGreaterThan(0);
    for (const forbidden of ['hostNetwork', 'hostPID', 'hostIPC', 'hostUsers']) expect(pod[forbidden], forbidden).toBeUndefined();
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(one(base, 'ServiceAccount').automountServiceAccountToken).toBe(false);
    // "restricted" allows only these volume types; ours are all emptyDir.
    for (const v of pod.volumes) expect(Object.keys(v).sort(), v.name).toEqual(['emptyDir', 'name']);
    for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) {
      const sc = c.securityContext;
      expect(sc.allowPrivilegeEscalation).toBe(false);
      expect(sc.capabilities).toEqual({ drop: ['ALL'] });
      expect(sc.runAsNonRoot).toBe(true);
      expect(sc.runAsUser).toBe(plan.user.uid);
      expect(sc.privileged).toBeUndefined();
      expect(sc.seccompProfile).toEqual({ type: 'RuntimeDefault' });
      expect(sc.readOnlyRootFilesystem).toBe(true);
      for (const p of c.ports ?? []) expect(p.hostPort, c.name).toBeUndefined();
    }
  });

  test('/tmp, every writable dir and the data dir are emptyDir mounts; requests and limits come from --memory/--cpus', async () => {
    const { plan, base } = await generate();
    const [c] = podOf(base).spec.containers;
    const mounts = c.volumeMounts.map((m: { mountPath: string }) => m.mountPath).sort();
    const data = plan.data?.volume ? [plan.data.volume.target] : [];
    expect(mounts).toEqual(['/tmp', ...plan.writableDirs.map((d) => `/app/${d}`), ...data].filter((m, i, a) => a.indexOf(m) === i).sort());
    const quantity = { cpu: plan.compose.cpus, memory: memoryQuantity(plan.compose.memory) };
    expect(c.resources).toEqual({ requests: quantity, limits: quantity });
  });

  test('the probes run the HEALTHCHECK command; ports agree across container, Service and NetworkPolicy', async () => {
    const { plan, base } = await generate();
    const pod = podOf(base).spec;
    const [c] = pod.containers;
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) expect(c[probe].exec.command, probe).toEqual(plan.healthcheck.cmd);
    expect(c.ports).toEqual([{ name: 'http', containerPort: plan.port, protocol: 'TCP' }]);
    expect(one(base, 'Service').spec.ports[0].targetPort).toBe('http');
    expect(one(base, 'NetworkPolicy').spec.ingress).toEqual([{ ports: [{ port: plan.port, protocol: 'TCP' }] }]);
    expect(pod.terminationGracePeriodSeconds).toBe(plan.k8s.terminationGracePeriodSeconds);
  });

  test('a migration step runs in an init container: the app\'s image, settings, limits and hardening; none without one', async () => {
    const { plan, base } = await generate();
    const pod = podOf(base).spec;
    if (!plan.migrate) return void expect(pod.initContainers).toBeUndefined();
    const [c] = pod.containers;
    expect(pod.initContainers).toHaveLength(1);
    const init = pod.initContainers[0];
    // A CLI that reads the database URL from its arguments (goose, golang-migrate) names the container's variable
    // there, which Kubernetes expands: the variable must be one the container gets (its Secret's keys).
    expect(init.args).toEqual(plan.migrate.k8sCommand ?? plan.migrate.command);
    for (const ref of (init.args as string[]).join(' ').matchAll(/\$\((\w+)\)/g)) {
      expect((init.env ?? []).map((e: { name: string }) => e.name), ref[1]).toContain(ref[1]);
    }
    expect(init.command).toBeUndefined();
    for (const key of ['envFrom', 'env', 'resources', 'securityContext', 'volumeMounts']) expect(init[key], key).toEqual(c[key]);
    // A tool that is a dev dependency runs from the Dockerfile's migrate stage: its own image, which base sets too.
    expect(init.image).toBe(plan.migrate.stage ? `${plan.workload!.name}-migrate:${plan.workload!.tag}` : c.image);
  });

  test('objects are named after the app (its manifest name), the image tag is its version', async () => {
    const { plan, base } = await generate();
    expect(plan.k8s.name).toBe(plan.workload!.name);
    for (const o of base) expect(o.metadata.name.startsWith(plan.workload!.name), `${o.kind} ${o.metadata.name}`).toBe(true);
    expect(podOf(base).spec.containers[0].image).toBe(`${plan.workload!.name}:${plan.workload!.tag}`);
  });

  test('Deployment, Service, PodDisruptionBudget and NetworkPolicy select the same pods', async () => {
    const { base, production } = await generate();
    for (const objects of [base, production]) {
      const labels = podOf(objects).metadata.labels;
      const deployment = one(objects, 'Deployment');
      expect(selects(deployment.spec.selector.matchLabels, labels)).toBe(true);
      expect(selects(one(objects, 'Service').spec.selector, labels)).toBe(true);
      expect(selects(one(objects, 'PodDisruptionBudget').spec.selector.matchLabels, labels)).toBe(true);
      expect(selects(one(objects, 'NetworkPolicy').spec.podSelector.matchLabels, labels)).toBe(true);
      expect(deployment.spec.selector.matchLabels).toEqual(one(objects, 'Service').spec.selector);
    }
    expect(one(production, 'HorizontalPodAutoscaler').spec.scaleTargetRef.name).toBe(one(production, 'Deployment').metadata.name);
  });

  test('secrets come from the Secret, never the ConfigMap; egress is DNS and the services\' ports; the image is pinned', async () => {
    const { plan, base, files } = await generate();
    const [c] = podOf(base).spec.containers;
    const secretKeys = [...new Set([...plan.serviceDetails.flatMap((s) => s.appEnvironment.map((v) => v.name)), ...(plan.appEnv?.required ?? [])])];
    expect((c.env ?? []).map((e: { name: string; valueFrom: { secretKeyRef: { key: string } } }) => e.valueFrom.secretKeyRef.key)).toEqual(secretKeys);
    const config = one(base, 'ConfigMap').data ?? {};
    for (const k of Object.keys(config)) expect(secretKeys.includes(k) || /PASSWORD|SECRET|TOKEN|_KEY$/.test(k), k).toBe(false);
    expect(config).toEqual(Object.fromEntries(plan.env.map((v) => [v.name, v.value])));
    // The base must build on a fresh clone: no Secret object and no file it reads from outside the generated ones.
    expect(base.some((o) => o.kind === 'Secret')).toBe(false);
    expect(files.some((f) => /secretGenerator:\s*\n/.test(f.text))).toBe(false);
    const egress = one(base, 'NetworkPolicy').spec.egress.flatMap((r: { ports: { port: number }[] }) => r.ports.map((p) => p.port));
    expect([...new Set(egress)].sort()).toEqual([53, ...plan.serviceDetails.map((s) => s.port)].sort());
    expect(c.image).toMatch(/^[^:]+:(?!latest$)[^:]+$/);
  });
});

test('memory sizes become binary Kubernetes quantities', () => {
  expect(['512M', '1G', '256m', '64k', '1.5G', '1000', '1000b'].map(memoryQuantity)).toEqual(['512Mi', '1Gi', '256Mi', '64Ki', '1.5Gi', '1000', '1000']);
});

test('kubectl with kustomize is installed (the manifests tests need it)', () => {
  expect(existsSync('/usr/bin/kubectl') || process.env.PATH?.split(':').some((p) => existsSync(path.join(p, 'kubectl')))).toBe(true);
});
