import { describe, expect, test } from 'vitest';
import { memProject, type Files } from '../../helpers/memfs.js';
import { buildPlan } from '../../../src/plan/detect.js';
import type { Plan } from '../../../src/plan/types.js';
import { render } from '../../../src/render/render.js';
import { planLifecycle, type LifecyclePackage } from '../../../detectors/node/lifecycle.js';

const pkg = (scripts: Record<string, string>, extra: object = {}) => ({
  name: 'app', version: '1.0.0', private: true, scripts: { start: 'node server.js', ...scripts }, dependencies: { ms: '^2.1.3' }, ...extra,
});
const plan = async (files: Files): Promise<Plan> => (await buildPlan(memProject({ 'package-lock.json': '{}', 'server.js': '', ...files }), {})).plan;
const dockerfile = (p: Plan) => render(p).find((f) => f.path === 'Dockerfile')!.text;
const edits = (p: Plan) => (p.details.lifecycle as { edits: string[][] }).edits.map((e) => e.join(' '));

describe('lifecycle: the project\'s own install scripts in the image', () => {
  test.each<[string, Files, string[]]>([
    ['husky prepare is dev tooling', { 'package.json': pkg({ prepare: 'husky' }) }, ['npm pkg delete scripts.prepare']],
    ['husky install || true, is-ci || husky install', { 'package.json': pkg({ prepare: 'husky install || true', postinstall: 'is-ci || husky install' }) },
      ['npm pkg delete scripts.postinstall scripts.prepare']],
    ['lefthook and simple-git-hooks through npx', { 'package.json': pkg({ postinstall: 'npx lefthook install', prepare: 'npx simple-git-hooks' }) },
      ['npm pkg delete scripts.postinstall scripts.prepare']],
    ['only-allow in preinstall', { 'package.json': pkg({ preinstall: 'npx only-allow npm' }) }, ['npm pkg delete scripts.preinstall']],
    ['prisma generate runs in the build stage instead', {
      'package.json': pkg({ postinstall: 'prisma generate' }, { dependencies: { '@prisma/client': '^6.0.0' }, devDependencies: { prisma: '^6.0.0' } }),
      'prisma/schema.prisma': 'datasource db {\n  provider = "sqlite"\n  url = "file:./dev.db"\n}\ngenerator client {\n  provider = "prisma-client-js"\n}\n',
    }, ['npm pkg delete scripts.postinstall']],
    ['npm run prisma:generate resolves to the script it runs', {
      'package.json': pkg({ postinstall: 'npm run prisma:generate', 'prisma:generate': 'prisma generate' }, { dependencies: { '@prisma/client': '^6.0.0' }, devDependencies: { prisma: '^6.0.0' } }),
      'prisma/schema.prisma': 'datasource db {\n  provider = "sqlite"\n  url = "file:./dev.db"\n}\ngenerator client {\n  provider = "prisma-client-js"\n}\n',
    }, ['npm pkg delete scripts.postinstall']],
    ['prepare builds: the build stage builds after the source copy', { 'package.json': pkg({ prepare: 'npm run build', build: 'tsc' }), 'tsconfig.json': '{}' },
      ['npm pkg delete scripts.prepare']],
    ['patch-package kept, husky dropped from the same hook', { 'package.json': pkg({ postinstall: 'husky && patch-package' }), 'patches/ms+2.1.3.patch': 'diff' },
      ['npm pkg set scripts.postinstall=patch-package']],
    ['a workspace member\'s hook is edited through --prefix', {
      'package.json': pkg({}, { workspaces: ['apps/*'] }), 'apps/web/package.json': { name: 'web', scripts: { prepare: 'husky' } },
    }, ['npm --prefix apps/web pkg delete scripts.prepare']],
    // Negative rows: nothing to take out.
    ['no lifecycle scripts', { 'package.json': pkg({}) }, []],
    ['patch-package alone keeps running', { 'package.json': pkg({ postinstall: 'patch-package' }, { dependencies: { ms: '^2.1.3', 'patch-package': '^8.0.0' } }), 'patches/ms+2.1.3.patch': 'diff' }, []],
    ['an unknown step keeps running', { 'package.json': pkg({ postinstall: 'node-gyp rebuild' }) }, []],
    ['prisma generate without the prisma CLI is not the build stage\'s', {
      'package.json': pkg({ postinstall: 'prisma generate' }, { dependencies: { '@prisma/client': '^6.0.0' } }),
      'prisma/schema.prisma': 'datasource db {\n  provider = "sqlite"\n  url = "file:./dev.db"\n}\n',
    }, []],
    ['a husky step behind || with another step stays as written', { 'package.json': pkg({ prepare: 'husky || node setup.js' }) }, []],
    ['husky as a start script is not an install hook', { 'package.json': pkg({ lint: 'husky' }) }, []],
    // Node 14's npm 6 has no `npm pkg`: the hook runs as written and a warning says so.
    ['Node 14: no npm pkg, the hook stays', { 'package.json': pkg({ prepare: 'husky' }), '.nvmrc': '14' }, []],
  ])('%s', async (_, files, expected) => {
    const p = await plan(files);
    expect(edits(p)).toEqual(expected);
    const text = dockerfile(p);
    for (const e of expected) expect(text).toContain(`RUN ${JSON.stringify(e.split(' ')).replace(/","/g, '", "')}`);
    if (!expected.length) expect(text).not.toContain('"pkg"');
  });

  test('Node 14: the husky hook is named in a warning instead of a note', async () => {
    const p = await plan({ 'package.json': pkg({ prepare: 'husky' }), '.nvmrc': '14' });
    expect((p.warnings ?? []).join('\n')).toMatch(/scripts\.prepare would be left out.*no "npm pkg"/);
    expect(p.notes.join('\n')).not.toContain('is skipped in the image');
  });

  test('the edits run in the base stage, after the manifests and before any install', async () => {
    const text = dockerfile(await plan({ 'package.json': pkg({ prepare: 'husky' }) }));
    const at = (s: string) => text.indexOf(s);
    expect(at('COPY ["package.json"')).toBeLessThan(at('"pkg", "delete"'));
    expect(at('"pkg", "delete"')).toBeLessThan(at('FROM base AS deps'));
  });

  test.each<[string, Files, RegExp | null]>([
    ['a hook running a file not copied before the install warns, naming the script and the fix',
      { 'package.json': pkg({ postinstall: 'node scripts/setup.js' }), 'scripts/setup.js': '' },
      /^package\.json: the "postinstall" script runs "node scripts\/setup\.js" during the dependency install.*scripts\/setup\.js is not there yet; make the step skip.*or move it into the build script$/],
    ['through npm run, a few levels deep', { 'package.json': pkg({ postinstall: 'npm run codegen', codegen: 'sh tools/gen.sh' }), 'tools/gen.sh': '' },
      /"postinstall" script runs "npm run codegen".*tools\/gen\.sh is not there yet/],
    ['husky mixed with another step through || warns that it runs as written', { 'package.json': pkg({ prepare: 'husky || node setup.js' }) },
      /"prepare" script mixes "husky".*split the steps into their own scripts$/],
    // Negative rows.
    ['a file that does not exist in the project is not named', { 'package.json': pkg({ postinstall: 'node scripts/setup.js' }) }, null],
    ['a file the install layer copies (patches/) is not named', { 'package.json': pkg({ postinstall: 'patch-package --patch-dir patches' }), 'patches/a.patch': '' }, null],
    ['dropped hooks are not warned about', { 'package.json': pkg({ prepare: 'husky' }), '.husky/pre-commit': '' }, null],
  ])('%s', async (_, files, want) => {
    const warnings = ((await plan(files)).warnings ?? []).filter((w) => /script/.test(w));
    if (want) expect(warnings.some((w) => want.test(w)), warnings.join('\n')).toBe(true);
    else expect(warnings).toEqual([]);
  });

  test('a devDependency patch tool: npm installs everything in deps and prunes; other managers ship the full install', async () => {
    const files = { 'package.json': pkg({ postinstall: 'patch-package' }, { devDependencies: { 'patch-package': '^8.0.0' } }), 'patches/ms+2.1.3.patch': 'diff' };
    const npm = dockerfile(await plan(files));
    expect(npm).toMatch(/FROM base AS deps\nRUN [^\n]*\["npm", "ci", "--no-audit", "--no-fund"\]\n(#[^\n]*\n)?RUN \["npm", "prune", "--omit=dev", "--no-audit", "--no-fund"\]/);
    expect(npm).toContain('COPY --from=deps /app/node_modules ./node_modules');
    const yarn = await buildPlan(memProject({ ...files, 'yarn.lock': '# yarn lockfile v1\n', 'server.js': '' }), {});
    const text = dockerfile(yarn.plan);
    expect(text).not.toContain('AS deps');
    expect(text).toContain('COPY --from=build /app/node_modules ./node_modules');
    // Negative: patch-package as a production dependency keeps the production install as it is.
    const prod = dockerfile(await plan({ ...files, 'package.json': pkg({ postinstall: 'patch-package' }, { dependencies: { ms: '^2.1.3', 'patch-package': '^8.0.0' } }) }));
    expect(prod).toContain('["npm", "ci", "--omit=dev", "--no-audit", "--no-fund"]');
    expect(prod).not.toContain('prune');
  });

  test('a patch folder the install tree lacks (--patch-dir, a member\'s patches/) is copied with the manifests', async () => {
    const packages: LifecyclePackage[] = [{ dir: '', scripts: { postinstall: 'patch-package --patch-dir fixes' }, prodDeps: ['patch-package'] }];
    const files = memProject({ 'package.json': '{}', 'fixes/a+1.0.0.patch': '' });
    const got = await planLifecycle(files, packages, { prismaGenerates: false, builds: false, copied: ['package.json'], npmPkg: true });
    expect(got.folders).toEqual(['fixes']);
    expect(got.devOnlyPatcher).toBeNull();
    // A member's own patches/ (patch-package runs in the member's folder) is copied too.
    const member = await planLifecycle(memProject({ 'package.json': '{}', 'apps/web/patches/a+1.0.0.patch': '' }),
      [{ dir: 'apps/web', scripts: { postinstall: 'patch-package' }, prodDeps: [] }], { prismaGenerates: false, builds: false, copied: [], npmPkg: true });
    expect(member.folders).toEqual(['apps/web/patches']);
    expect(member.devOnlyPatcher).toBe('patch-package');
    // Negative: the default folder is the install tree's already; a missing folder is not copied.
    expect((await planLifecycle(files, [{ ...packages[0]!, scripts: { postinstall: 'patch-package --patch-dir nope' } }], { prismaGenerates: false, builds: false, copied: [], npmPkg: true })).folders).toEqual([]);
    expect((await planLifecycle(memProject({ 'package.json': '{}', 'patches/a.patch': '' }), [{ ...packages[0]!, scripts: { postinstall: 'patch-package' } }], { prismaGenerates: false, builds: false, copied: ['package.json', 'patches'], npmPkg: true })).folders).toEqual([]);
  });
});
