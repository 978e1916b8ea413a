import { describe, expect, test } from 'vitest';
import { memProject, type Files } from '../../helpers/memfs.js';
import { buildPlan } from '../../../src/plan/detect.js';
import type { Answers } from '../../../src/plan/answers.js';
import { foreignMembers } from '../../../detectors/node/foreign-members.js';
import { sourceFiles } from '../../../detectors/shared/env/source-reads.js';

// An npm workspace root that runs one member's server; the members read one variable each.
const lib = (name: string, deps: object = {}) => ({ name: `@m/${name}`, main: 'index.js', dependencies: deps });
const reads = (v: string) => `module.exports = process.env.${v};\n`;
const mono = (start: string, rootExtra: object = {}): Files => ({
  'package.json': { name: 'mono', private: true, workspaces: ['packages/*'], scripts: { start }, dependencies: { express: '5.1.0' }, ...rootExtra },
  'package-lock.json': { name: 'mono', lockfileVersion: 3, packages: {} },
  'server.js': reads('ROOT_FLAG'),
  'packages/api/package.json': { name: '@m/api', main: 'src/server.js', dependencies: { express: '5.1.0', '@m/db': '1.0.0' } },
  'packages/api/src/server.js': `require('express')().listen(${'process.env.PORT'} || 3000);\n${reads('API_KEY')}`,
  'packages/db/package.json': lib('db', { '@m/config': '1.0.0' }),
  'packages/db/index.js': reads('DB_POOL_SIZE'),
  'packages/config/package.json': lib('config'),
  'packages/config/index.js': reads('CONFIG_MODE'),
  'packages/tooling/package.json': lib('tooling'),
  'packages/tooling/index.js': reads('TOOLING_ONLY'),
  'packages/unused/package.json': lib('unused'),
  'packages/unused/index.js': reads('UNUSED_SECRET'),
});
const planOf = async (files: Files, answers: Answers = {}) => (await buildPlan(memProject(files), answers)).plan;
const varNames = async (files: Files): Promise<string[]> => ((await planOf(files)).appEnv?.example ?? []).map((v) => v.name).sort();

describe('workspace members a root app does not use', () => {
  test.each<[string, Files, string[]]>([
    ['the start file\'s member and its dependencies, transitively, are used; the rest are not', mono('node packages/api/src/server.js'), ['packages/tooling', 'packages/unused']],
    ['a shell start naming the member\'s folder', mono('cd packages/api && node src/server.js'), ['packages/tooling', 'packages/unused']],
    ['the root\'s own dependencies (devDependencies too) are used', mono('node packages/api/src/server.js', { devDependencies: { '@m/tooling': '1.0.0' } }), ['packages/unused']],
    ['negative: a start file at the root may load any member by a relative path: none left out', mono('node server.js'), []],
    ['negative: a start naming no file (a task runner): none left out', mono('npm run start --workspaces'), []],
  ])('%s', async (_name, files, foreign) => {
    const fs = memProject(files);
    expect(await foreignMembers(fs, await planOf(files))).toEqual(foreign);
  });

  test('negative: a member app (--workspace) is planned from its own folder: none left out', async () => {
    const files = { ...mono('node packages/api/src/server.js'), 'packages/api/package.json': { name: '@m/api', scripts: { start: 'node src/server.js' }, dependencies: { express: '5.1.0' } } };
    expect(await foreignMembers(memProject(files), await planOf(files, { workspace: '@m/api' }))).toEqual([]);
  });

  test('negative: a project without workspaces: none left out', async () => {
    const files: Files = { 'package.json': { name: 'app', scripts: { start: 'node server.js' }, dependencies: { express: '5.1.0' } }, 'server.js': reads('PORT') };
    expect(await foreignMembers(memProject(files), await planOf(files))).toEqual([]);
  });

  test('the app\'s variables come from its own member and the packages it uses, not from the unused ones', async () => {
    expect(await varNames(mono('node packages/api/src/server.js'))).toEqual(['API_KEY', 'CONFIG_MODE', 'DB_POOL_SIZE', 'ROOT_FLAG']);
    // With no member named by the start, every member's reads still count, as before.
    expect(await varNames(mono('node server.js'))).toEqual(['API_KEY', 'CONFIG_MODE', 'DB_POOL_SIZE', 'ROOT_FLAG', 'TOOLING_ONLY', 'UNUSED_SECRET']);
  });

  test('a left-out folder is not listed for the scans', async () => {
    const fs = memProject(mono('node packages/api/src/server.js'));
    const files = (await sourceFiles(fs, 'node', ['packages/tooling', 'packages/unused'])).map((f) => f.file);
    expect(files).toEqual(['packages/api/src/server.js', 'packages/config/index.js', 'packages/db/index.js', 'server.js']);
  });
});
