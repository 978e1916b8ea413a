import { describe, expect, test } from 'vitest';
import { memProject, type Files } from '../../helpers/memfs.js';
import { buildPlan } from '../../../src/plan/detect.js';
import { render } from '../../../src/render/render.js';

const pkg = (start: string, extra: object = {}) => ({
  name: 'api', scripts: { start, build: 'nx build' }, dependencies: { express: '4' }, devDependencies: { nx: '17', '@nx/esbuild': '17' }, ...extra,
});
const project = (name: string, build: object, serve: object = { executor: '@nx/js:node', options: { buildTarget: `${name}:build` } }) => ({
  name, projectType: 'application', targets: { build, serve },
});
const esbuild = { executor: '@nx/esbuild:esbuild', options: { outputPath: 'dist/api', main: 'src/main.ts', platform: 'node' } };

describe('an Nx serve start script runs the build output', () => {
  test.each<[string, Files, string[]]>([
    ['single project at the root, esbuild', { 'package.json': pkg('nx serve'), 'project.json': project('api', esbuild) }, ['node', 'dist/api/main.js']],
    ['named project under apps/, webpack (main.js)', {
      'package.json': pkg('nx serve shop'),
      'apps/shop/project.json': project('shop', { executor: '@nx/webpack:webpack', options: { outputPath: 'dist/apps/shop', main: 'apps/shop/src/server.ts' } }),
    }, ['node', 'dist/apps/shop/main.js']],
    ['nx run project:serve with a configuration, {workspaceRoot} in the path', {
      'package.json': pkg('nx run api:serve:production'),
      'project.json': project('api', { executor: '@nrwl/esbuild:esbuild', options: { outputPath: '{workspaceRoot}/dist/api', main: 'src/index.ts' } }),
    }, ['node', 'dist/api/index.js']],
    ['the default project of nx.json', { 'package.json': pkg('nx serve'), 'nx.json': { defaultProject: 'api' }, 'apps/api/project.json': project('api', esbuild) }, ['node', 'dist/api/main.js']],
  ])('%s', async (_name, files, start) => {
    const { plan } = await buildPlan(memProject(files), {});
    expect(plan.start.at(0)).toMatch(/(^|\/)node$/);
    expect(plan.start.slice(1)).toEqual(start.slice(1));
    expect(plan.build).toEqual(['npm', 'run', 'build']);
    const dockerfile = render(plan).find((f) => f.path === 'Dockerfile')!.text;
    expect(dockerfile).toMatch(new RegExp(`^CMD \\[.*"${start[1]!.replace(/\./g, '\\.')}"\\]$`, 'm'));
    expect(dockerfile, 'the build output is copied to the runtime').toMatch(/^COPY --from=build .*"\/app\/dist"/m);
  });

  test.each<[string, Files]>([
    ['negative: the serve target is not the Node executor', { 'package.json': pkg('nx serve'), 'project.json': project('api', esbuild, { executor: '@nx/next:server' }) }],
    ['negative: the build has no outputPath', { 'package.json': pkg('nx serve'), 'project.json': project('api', { executor: '@nx/esbuild:esbuild', options: { main: 'src/main.ts' } }) }],
    ['negative: an outputPath leaving the project', { 'package.json': pkg('nx serve'), 'project.json': project('api', { ...esbuild, options: { outputPath: '../out', main: 'src/main.ts' } }) }],
    ['negative: no project.json of that name', { 'package.json': pkg('nx serve web'), 'project.json': project('api', esbuild) }],
  ])('%s: still refused with the devDependency line', async (_name, files) => {
    await expect(buildPlan(memProject(files), {})).rejects.toThrow(/the start script runs nx, a devDependency/);
  });
});
