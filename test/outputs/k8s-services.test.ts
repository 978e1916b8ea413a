import { describe, expect, test } from 'vitest';
import path from 'node:path';
import { createProjectFs } from '../../src/fs/project-fs.js';
import { buildPlan } from '../../src/plan/detect.js';
import { render } from '../../src/render/render.js';
import { parseOptions } from '../../src/cli/options.js';
import { auditFiles } from '../../src/audit/audit.js';
import { serviceUid } from '../../src/plan/k8s-services.js';
import { listFixtures } from '../helpers/fixtures.js';
import { kustomize, schemaProblem, selects, writeTree, type K8sObject } from '../helpers/k8s.js';

// --k8s-services on every fixture with backing services: built by the real kustomize, like the base.
const withServices = listFixtures().filter((fx) => fx.name.includes('pg') || fx.name.includes('mysql') || fx.name.includes('migrate'));

test('there are fixtures with backing services to run in the cluster', () => {
  expect(withServices.length).toBeGreaterThanOrEqual(3);
});

describe.each(withServices)('--k8s --k8s-services on fixture $name', (fx) => {
  let built: ReturnType<typeof build> | undefined;
  const generate = () => (built ??= build());
  const build = async () => {
    const { answers } = parseOptions(['--yes', ...fx.args, '--k8s', '--k8s-services'], {}, false);
    const { plan } = await buildPlan(createProjectFs(fx.project), answers);
    const files = render(plan).filter((f) => f.path.startsWith('k8s/'));
    const dir = writeTree(files);
    return { plan, files, local: kustomize(path.join(dir, 'k8s')), production: kustomize(path.join(dir, 'k8s/overlays/production')) };
  };
  const sets = (objects: K8sObject[]) => objects.filter((o) => o.kind === 'StatefulSet');

  test('one StatefulSet, headless Service and NetworkPolicy per service in k8s/, none in production; all schema-valid and audit clean', async () => {
    const { plan, files, local, production } = await generate();
    expect(plan.serviceDetails.length).toBeGreaterThan(0);
    expect(sets(local).map((s) => s.metadata.name).sort()).toEqual(plan.serviceDetails.map((s) => `${plan.k8s.name}-${s.name}`).sort());
    expect(sets(production)).toEqual([]);
    expect(local.map(schemaProblem).filter(Boolean)).toEqual([]);
    expect(auditFiles(files).map((f) => `${f.file}:${f.line} ${f.rule}: ${f.message}`)).toEqual([]);
  });

  test('each service pod meets the "restricted" profile as the image\'s own user, with its data on a volume claim', async () => {
    const { plan, local } = await generate();
    for (const svc of plan.serviceDetails) {
      const set = sets(local).find((s) => s.metadata.name === `${plan.k8s.name}-${svc.name}`)!;
      const pod = set.spec.template.spec;
      const uid = serviceUid(svc.image);
      expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: uid, runAsGroup: uid, fsGroup: uid, seccompProfile: { type: 'RuntimeDefault' } });
      const [c] = pod.containers;
      expect(c.image).toBe(svc.image);
      expect(c.securityContext).toEqual({
        allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: uid, runAsGroup: uid,
        capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(c.volumeMounts.map((m: { mountPath: string }) => m.mountPath)).toEqual([svc.volume.target, ...svc.tmpfs]);
      for (const v of pod.volumes) expect(Object.keys(v).sort()).toEqual(['emptyDir', 'name']);
      expect(set.spec.volumeClaimTemplates[0].metadata.name).toBe('data');
      expect((c.env ?? []).map((e: { valueFrom: { secretKeyRef: { name: string; key: string } } }) => e.valueFrom.secretKeyRef)).toEqual(
        svc.environment.map((v) => ({ name: `${plan.k8s.name}-secrets`, key: v.name })));
      expect(c.readinessProbe.tcpSocket.port).toBe('tcp');
      expect(c.ports).toEqual([{ name: 'tcp', containerPort: svc.port, protocol: 'TCP' }]);
    }
  });

  test('Services and NetworkPolicies select their StatefulSet\'s pods; only the app\'s pods may connect', async () => {
    const { plan, local } = await generate();
    const appLabels = local.find((o) => o.kind === 'Deployment')!.spec.template.metadata.labels;
    for (const set of sets(local)) {
      const labels = set.spec.template.metadata.labels;
      expect(selects(set.spec.selector.matchLabels, labels)).toBe(true);
      const service = local.find((o) => o.kind === 'Service' && o.metadata.name === set.metadata.name)!;
      expect(service.spec.clusterIP).toBe('None');
      expect(set.spec.serviceName).toBe(service.metadata.name);
      expect(selects(service.spec.selector, labels)).toBe(true);
      expect(selects(service.spec.selector, appLabels)).toBe(false);
      const policy = local.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === set.metadata.name)!;
      expect(selects(policy.spec.podSelector.matchLabels, labels)).toBe(true);
      expect(selects(policy.spec.ingress[0].from[0].podSelector.matchLabels, appLabels)).toBe(true);
    }
    expect(plan.k8s.services.length).toBe(plan.serviceDetails.length);
  });
});
