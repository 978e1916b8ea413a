import { describe, expect, test } from 'vitest';
import { devOnlyPatcherInstall } from '../../../detectors/node/lifecycle.js';
import { planPrismaMigrate } from '../../../detectors/node/prisma-migrate.js';
import { detectPackageManager } from '../../../detectors/node/package-manager.js';
import type { PrismaPlan } from '../../../detectors/node/prisma.js';
import type { MigratePlan } from '../../../src/plan/types.js';
import { memProject, type Files } from '../../helpers/memfs.js';

/** Freezes an object and everything in it: an assignment anywhere inside then throws (ES modules are strict). */
function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

const prisma = (over: Partial<PrismaPlan> = {}): PrismaPlan => ({
  schema: 'prisma/schema.prisma', schemaFrom: 'default location', provider: 'postgresql', buildEnv: [], generate: ['prisma', 'generate'],
  outputs: [], sourceOutputs: [], nativeEngine: false, skipsEngineFetch: false, major: 6, configFile: null,
  migrations: 'prisma/migrations', schemaEngine: 'native', engineFetch: null, runtimeFiles: [], ...over,
});
const deploy: MigratePlan = { tool: 'prisma', command: ['node', 'node_modules/prisma/build/index.js', 'migrate', 'deploy'], reason: 'x' };

describe('planners return their result and leave their input as it was', () => {
  test.each([
    ['npm: the copy installs everything for production, then prunes', 'npm', true],
    ['pnpm: no prune, the same plan', 'pnpm', false],
  ] as const)('devOnlyPatcherInstall, %s', async (_, manager, prunes) => {
    const lock: Files = manager === 'npm' ? { 'package-lock.json': '{"lockfileVersion":3,"packages":{}}' } : { 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" };
    const pm = deepFreeze(await detectPackageManager(memProject({ 'package.json': '{"name":"a"}', ...lock }), {}));
    const r = devOnlyPatcherInstall(pm, 'patch-package');
    expect(r.prune !== null).toBe(prunes);
    expect(r.pm.installProd).toEqual(prunes ? pm.install : pm.installProd);
    if (prunes) expect(pm.installProd).not.toEqual(pm.install);
  });

  test.each<[string, PrismaPlan, Parameters<typeof planPrismaMigrate>[1], { stage: string } | null, string[]]>([
    ['migrate deploy in the runtime: the deps stage fetches the engine, the runtime gets schema and migrations', prisma(), { migrate: deploy, allDeps: ['prisma'], hasDatabase: true, depsFrom: 'deps', copyContext: false }, { stage: 'deps' }, ['prisma/schema.prisma', 'prisma/migrations']],
    ['from the migrate stage: only the fetch, there', prisma(), { migrate: { ...deploy, stage: true }, allDeps: ['prisma'], hasDatabase: true, depsFrom: 'deps', copyContext: false }, { stage: 'migrate' }, []],
    // Negative rows: nothing to fill in.
    ['no database', prisma(), { migrate: deploy, allDeps: ['prisma'], hasDatabase: false, depsFrom: 'deps', copyContext: false }, null, []],
    ['no migrations folder and no migrate plan', prisma({ migrations: null }), { migrate: null, allDeps: ['prisma'], hasDatabase: true, depsFrom: 'deps', copyContext: false }, null, []],
  ])('planPrismaMigrate, %s', (_, input, ctx, fetch, files) => {
    const frozen = deepFreeze(input);
    const r = planPrismaMigrate(frozen, ctx);
    expect(r.prisma.engineFetch ? { stage: r.prisma.engineFetch.stage } : null).toEqual(fetch);
    expect(r.prisma.runtimeFiles).toEqual(files);
    expect(frozen.engineFetch).toBeNull();
    expect(frozen.runtimeFiles).toEqual([]);
  });
});
