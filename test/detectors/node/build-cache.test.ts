import { describe, expect, test } from 'vitest';
import { memProject, type Files } from '../../helpers/memfs.js';
import { buildPlan } from '../../../src/plan/detect.js';
import type { Answers } from '../../../src/plan/answers.js';
import type { Plan } from '../../../src/plan/types.js';
import { render } from '../../../src/render/render.js';
import { planBuildCaches } from '../../../detectors/node/build-cache.js';

const plan = async (files: Files, answers: Answers = {}): Promise<Plan> => (await buildPlan(memProject(files), answers)).plan;
const dockerfile = (p: Plan) => render(p).find((f) => f.path.endsWith('Dockerfile'))!.text;
/** The RUN instruction of the build step (continuation lines joined). */
const buildRun = (text: string) => text.replace(/\\\n/g, '').split('\n').find((l) => l.startsWith('RUN ') && l.includes('build') && !l.includes(' ci '));

const nextApp = (name: string | undefined, config = "export default { output: 'standalone' }"): Files => ({
  'package.json': { ...(name ? { name } : {}), scripts: { build: 'next build', start: 'next start' }, dependencies: { next: '15.5.0', react: '19.0.0' } },
  'package-lock.json': '{}',
  'next.config.mjs': config,
});
const workspace = (member: Files): Files => ({
  'package.json': { name: 'mono', private: true, workspaces: ['apps/*'] },
  'package-lock.json': '{}',
  ...Object.fromEntries(Object.entries(member).filter(([f]) => f !== 'package-lock.json').map(([f, v]) => [`apps/web/${f}`, v])),
});

describe('framework build caches: mount target and id', () => {
  test.each<[string, string[], string, string | undefined, string | null, { target: string; id: string }[], string | null]>([
    ['Next.js at the root', ['.next/cache'], '', 'shop', 'nextjs', [{ target: '/app/.next/cache', id: 'next-cache-shop' }], '/app/.next/cache/server-actions-key'],
    ['Next.js in a workspace member: below its folder', ['.next/cache'], 'apps/web', '@acme/web', 'nextjs', [{ target: '/app/apps/web/.next/cache', id: 'next-cache-acme-web' }], '/app/apps/web/.next/cache/server-actions-key'],
    ['no package name: the folder names the id', ['.next/cache'], 'apps/web', undefined, 'nextjs', [{ target: '/app/apps/web/.next/cache', id: 'next-cache-apps-web' }], '/app/apps/web/.next/cache/server-actions-key'],
    ['no package name at the root', ['.next/cache'], '', undefined, 'nextjs', [{ target: '/app/.next/cache', id: 'next-cache-app' }], '/app/.next/cache/server-actions-key'],
    ['a name with characters a mount option cannot hold', ['.next/cache'], '', '@a/b,c=d', 'nextjs', [{ target: '/app/.next/cache', id: 'next-cache-a-b-c-d' }], '/app/.next/cache/server-actions-key'],
    ['another framework keeps no key', ['.cache'], '', 'site', 'gatsby', [{ target: '/app/.cache', id: 'cache-site' }], null],
    ['no build cache: nothing', [], '', 'api', 'nextjs', [], null],
  ])('%s', (_, caches, appDir, name, framework, want, key) => {
    expect(planBuildCaches(caches, appDir, name, framework)).toEqual({ caches: want, nextKeyFile: key });
  });
});

describe('next build keeps its Server Actions key in its cache mount', () => {
  test('standalone at the root: the mount has the app\'s id, the key is made once and passed to the build', async () => {
    const run = buildRun(dockerfile(await plan(nextApp('shop'))));
    expect(run).toContain('--mount=type=cache,id=next-cache-shop,target=/app/.next/cache ');
    expect(run).toContain('key=/app/.next/cache/server-actions-key ');
    expect(run).toContain('head -c 32 /dev/urandom | base64');
    expect(run).toMatch(/NEXT_SERVER_ACTIONS_ENCRYPTION_KEY="\$\{NEXT_SERVER_ACTIONS_ENCRYPTION_KEY:-\$\(cat "\$key"\)\}" npm run build$/);
  });

  test('a workspace member: the mount is where next build writes, below the member', async () => {
    const p = await plan(workspace(nextApp('web')), { workspace: 'apps/web' });
    const run = buildRun(dockerfile(p));
    expect(run).toContain('--mount=type=cache,id=next-cache-web,target=/app/apps/web/.next/cache ');
    expect(run).toContain('key=/app/apps/web/.next/cache/server-actions-key ');
    expect(run).toMatch(/ npm run build --workspace=apps\/web$/);
  });

  test('static export builds with the key too (the webpack cache is the same)', async () => {
    const run = buildRun(dockerfile(await plan(nextApp('docs', "export default { output: 'export' }"))));
    expect(run).toContain('key=/app/.next/cache/server-actions-key ');
  });

  test('a build command given as an answer runs through the same key', async () => {
    const run = buildRun(dockerfile(await plan(nextApp('shop'), { build: 'next build --no-lint' })));
    expect(run).toMatch(/:-\$\(cat "\$key"\)\}" \/bin\/sh -c 'next build --no-lint'$/);
  });

  test('an app without Next.js keeps the exec-form build and no key', async () => {
    const text = dockerfile(await plan({ 'package.json': { name: 'api', scripts: { build: 'tsc', start: 'node dist/index.js' }, dependencies: { express: '5' } }, 'package-lock.json': '{}' }));
    expect(text).not.toContain('server-actions-key');
    expect(text).toContain('RUN ["npm", "run", "build"]');
  });
});
