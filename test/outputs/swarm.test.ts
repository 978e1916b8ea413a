import { describe, expect, test } from 'vitest';
import YAML from 'yaml';
import { createProjectFs } from '../../src/fs/project-fs.js';
import { buildPlan } from '../../src/plan/detect.js';
import { render } from '../../src/render/render.js';
import { parseOptions } from '../../src/cli/options.js';
import { auditFiles } from '../../src/audit/audit.js';
import { TABLE_DATE } from '../../src/versions/date.js';
import { listFixtures } from '../helpers/fixtures.js';
import { composeProblems } from '../helpers/validate.js';

type Svc = Record<string, any>;

// Every fixture with --swarm: the stack file carries what docker stack deploy (Docker 20.10) needs and honours, and
// the same app as the compose file (environment, health check, limits, read-only root with the same tmpfs dirs).
describe.each(listFixtures())('--swarm on fixture $name', (fx) => {
  const generate = async () => {
    const { answers } = parseOptions(['--yes', ...fx.args, '--swarm'], {}, false);
    const { plan } = await buildPlan(createProjectFs(fx.project), answers);
    const files = render(plan);
    const text = files.find((f) => f.path === 'docker-stack.yml')!.text;
    const composeFile = files.find((f) => f.path === 'docker-compose.yml');
    return { plan, files, text, stack: YAML.parse(text) as { version: string; services: Record<string, Svc> }, compose: composeFile && (YAML.parse(composeFile.text) as { services: Record<string, Svc> }) };
  };

  test('Compose file format 3.x, valid against the compose spec, audits clean with the other outputs', async () => {
    const { text, files, stack } = await generate();
    expect(stack.version).toMatch(/^3\.\d+$/);
    expect(composeProblems(text)).toEqual([]);
    expect(auditFiles(files, { today: TABLE_DATE }).map((f) => `${f.file}:${f.line} ${f.rule}: ${f.message}`)).toEqual([]);
  });

  test('no key docker stack deploy rejects or Swarm ignores; every service has a restart policy and limits', async () => {
    const { stack } = await generate();
    for (const [name, s] of Object.entries(stack.services)) {
      for (const key of ['build', 'pids_limit', 'security_opt', 'restart', 'tmpfs', 'container_name']) expect(s[key], `${name}.${key}`).toBeUndefined();
      if (s.depends_on !== undefined) expect(Array.isArray(s.depends_on), `${name}.depends_on`).toBe(true);
      expect(s.deploy.restart_policy.condition, name).toMatch(/^(any|on-failure)$/);
      expect(Object.keys(s.deploy.resources.limits).sort(), name).toEqual(['cpus', 'memory']);
      expect(s.read_only, name).toBe(true);
      expect(s.cap_drop, name).toEqual(['ALL']);
    }
  });

  test('the app is the compose app: same environment, health check, limits, data volume and tmpfs dirs; its image is named, not built', async () => {
    const { plan, stack, compose, text } = await generate();
    const app = stack.services.app!;
    expect(app.image).toBe(`\${APP_IMAGE:-${plan.workload!.name}:${plan.workload!.tag}}`);
    const tmpfs = app.volumes.filter((v: Svc) => v.type === 'tmpfs').map((v: Svc) => v.target);
    expect(tmpfs).toEqual([...plan.compose.tmpfs, ...(plan.data?.tmpfs ?? [])]);
    const named = app.volumes.filter((v: unknown) => typeof v === 'string');
    const volume = plan.data?.volume;
    expect(named).toEqual(volume ? [`${volume.name}:${volume.target}`] : []);
    // Its writable data on the stack's volume, which one task at a time holds; without data, the new task starts first.
    if (volume) {
      expect(Object.keys((YAML.parse(text) as { volumes: object }).volumes)).toContain(volume.name);
      if (plan.migrate) expect(stack.services.migrate!.volumes).toContain(`${volume.name}:${volume.target}`);
    }
    expect(app.deploy.update_config).toMatchObject({ order: volume ? 'stop-first' : 'start-first', failure_action: 'rollback' });
    expect(app.deploy.rollback_config.order).toBe(app.deploy.update_config.order);
    if (!compose) return;
    expect(app.volumes.filter((v: unknown) => typeof v === 'string')).toEqual(compose.services.app!.volumes ?? []);
    const c = compose.services.app!;
    expect(app.environment).toEqual(c.environment);
    expect(app.healthcheck).toEqual(c.healthcheck);
    expect(app.deploy.resources).toEqual(c.deploy.resources);
    expect(app.ports).toEqual(c.ports);
  });

  test('backing services: the compose service\'s image, environment, volume and health check; reached by DNS, stopped before replaced', async () => {
    const { plan, stack } = await generate();
    for (const svc of plan.serviceDetails) {
      const s = stack.services[svc.name]!;
      expect(s.image).toBe(svc.image);
      expect(s.volumes[0]).toBe(`${svc.volume.name}:${svc.volume.target}`);
      expect(s.volumes.slice(1).map((v: Svc) => v.target)).toEqual(svc.tmpfs);
      expect(s.cap_add ?? []).toEqual(svc.capAdd);
      expect(s.deploy.endpoint_mode).toBe('dnsrr');
      expect(s.deploy.update_config.order).toBe('stop-first');
      expect(s.healthcheck.test.slice(1)).toEqual(svc.healthcheck);
    }
    expect(Object.keys(stack.services).sort()).toEqual(['app', ...(plan.migrate ? ['migrate'] : []), ...plan.serviceDetails.map((s) => s.name)].sort());
  });
});
