import { describe, expect, test } from 'vitest';
import { memProject, type Files } from '../../helpers/memfs.js';
import { buildPlan, detectStack } from '../../../src/plan/detect.js';
import { planEveryApp } from '../../../src/pipeline/every-app.js';
import { renderApps } from '../../../src/render/render-apps.js';
import { pythonDetector } from '../../../detectors/python/detector.js';
import type { Answers } from '../../../src/plan/answers.js';
import type { Plan } from '../../../src/plan/types.js';
import type { PythonDetails } from '../../../detectors/python/detector.js';
import { render } from '../../../src/render/render.js';
import { UserError } from '../../../src/errors.js';
import { dockerfileProblems } from '../../helpers/validate.js';

const plan = async (files: Files, answers: Answers = {}): Promise<Plan> => (await buildPlan(memProject(files), answers)).plan;
const details = (p: Plan): PythonDetails => p.details as unknown as PythonDetails;
const dockerfile = (p: Plan) => render(p).find((f) => f.path.endsWith('Dockerfile'))!;
const project = (name: string, deps: string[], extra = ''): string =>
  `[project]\nname = "${name}"\nversion = "0.1.0"\nrequires-python = ">=3.11"\ndependencies = [${deps.map((d) => `"${d}"`).join(', ')}]\n${extra}`;
const HATCH = '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n';
const root = (members: string, extra = ''): string => `${extra}[tool.uv.workspace]\nmembers = ${members}\n`;
const api = 'from fastapi import FastAPI\n\napp = FastAPI()\n\n@app.get("/healthz")\ndef health():\n    return {"ok": True}\n';

/** A virtual workspace root with a FastAPI member in backend/ and a library in packages/shared. */
const workspace: Files = {
  'pyproject.toml': root('["backend", "packages/*"]'),
  'uv.lock': 'version = 1\nrevision = 2\nrequires-python = ">=3.11"\n',
  '.python-version': '3.13\n',
  'backend/pyproject.toml': project('api', ['fastapi', 'uvicorn', 'shared'], `${HATCH}[tool.uv.sources]\nshared = { workspace = true }\n`),
  'backend/api/__init__.py': '',
  'backend/api/main.py': api,
  'packages/shared/pyproject.toml': project('shared', ['pydantic'], HATCH),
  'packages/shared/shared/__init__.py': '',
};
const SYNC = ['uv', 'sync', '--frozen', '--no-dev', '--package', 'api'];

describe('uv workspace: the app member is built from the workspace root', () => {
  test('the only deployable member is picked, with the root lockfile and every member manifest', async () => {
    const p = await plan(workspace);
    expect(p.packageManager).toBe('uv');
    expect(p.appDir).toBe('backend');
    expect(p.workspaces).toEqual(['backend', 'packages/shared']);
    expect(p.notes).toContain('uv workspace member api (backend): the only deployable member (fastapi dependency); build context is the workspace root');
    expect(p.notes).toContain('package manager uv: uv.lock at the uv workspace root');
    expect(p.runtime.version).toBe('3.13');
    const d = details(p);
    expect(d.pm.manifests).toEqual([
      { files: ['pyproject.toml', 'uv.lock'], dest: './' },
      { files: ['backend/pyproject.toml'], dest: './backend/' },
      { files: ['packages/shared/pyproject.toml'], dest: './packages/shared/' },
    ]);
    expect(d.pm.install).toEqual([...SYNC, '--no-install-workspace']);
    expect(d.projectInstall).toEqual([...SYNC, '--no-editable']);
    expect(p.start).toEqual(['/opt/venv/bin/uvicorn', 'api.main:app', '--host', '0.0.0.0', '--port', '8000']);
    expect(p.healthcheck.path).toBe('/healthz');
    // The member names the image: the virtual root has no name of its own.
    expect(p.metadata).toMatchObject({ title: 'api', version: '0.1.0' });
  });

  test('the Dockerfile sits in the member, runs there, and is built from the root', async () => {
    const p = await plan(workspace);
    const df = dockerfile(p);
    expect(df.path).toBe('backend/Dockerfile');
    expect(df.text).toContain('docker build -f backend/Dockerfile -t app .');
    expect(df.text).toContain('COPY ["backend/pyproject.toml", "./backend/"]');
    // The dependency layer comes before the source copy, so source edits keep it.
    expect(df.text.indexOf('--no-install-workspace')).toBeLessThan(df.text.indexOf('COPY . .'));
    expect(df.text).toMatch(/^WORKDIR \/app\/backend$/m);
    expect(render(p).find((f) => f.path === 'docker-compose.yml')!.text).toContain('dockerfile: "backend/Dockerfile"');
    expect(p.dockerignore).toContain('backend/tests');
    expect(dockerfileProblems(df.text)).toEqual([]);
  });

  test.each<[string, string]>([['project name', 'api'], ['folder', 'backend'], ['folder with ./ and a slash', './backend/']])('--workspace by %s', async (_how, chosen) => {
    const p = await plan(workspace, { workspace: chosen });
    expect(p.appDir).toBe('backend');
    expect(p.notes).toContain('uv workspace member api (backend): --workspace; build context is the workspace root');
  });

  test('a build step runs in the member folder', async () => {
    const text = dockerfile(await plan(workspace, { build: 'python -m compileall api' })).text;
    expect(text).toMatch(/WORKDIR \/app\/backend\nRUN \["\/bin\/sh", "-c", "python -m compileall api"\]/);
  });

  test('a member without a lockfile: uv resolves, with a note', async () => {
    const files: Files = { ...workspace };
    delete files['uv.lock'];
    const p = await plan(files);
    expect(details(p).pm.install).toEqual(['uv', 'sync', '--no-dev', '--package', 'api', '--no-install-workspace']);
    expect(p.notes.join('\n')).toMatch(/\[tool\.uv\.workspace\] without uv\.lock/);
  });

  test('a root that is an app itself stays the app: no --package, members are installed after the source', async () => {
    const p = await plan({
      'pyproject.toml': root('["libs/*"]', project('site', ['flask', 'gunicorn', 'core'], '')),
      'uv.lock': '', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
      'libs/core/pyproject.toml': project('core', [], HATCH),
    });
    expect(p.appDir).toBeUndefined();
    expect(details(p).pm.install).toEqual(['uv', 'sync', '--frozen', '--no-dev', '--no-install-workspace']);
    expect(details(p).projectInstall).toEqual(['uv', 'sync', '--frozen', '--no-dev', '--no-editable']);
    expect(dockerfile(p).path).toBe('Dockerfile');
  });

  test('exclude drops a member; folders the globs do not name are no members', async () => {
    const p = await plan({
      ...workspace,
      'pyproject.toml': root('["backend", "packages/*"]\nexclude = ["packages/old"]'),
      'packages/old/pyproject.toml': project('old', ['flask']),
      'tools/bot/pyproject.toml': project('bot', ['aiohttp']),
    });
    expect(p.workspaces).toEqual(['backend', 'packages/shared']);
    expect(p.appDir).toBe('backend');
  });
});

describe('uv workspace: choosing the app, and refusals', () => {
  const twoApps: Files = { ...workspace, 'admin/pyproject.toml': project('admin', ['django']), 'admin/manage.py': '', 'pyproject.toml': root('["backend", "admin", "packages/*"]') };

  test('two apps and no --workspace: exit 2, one line listing the apps and the flag', async () => {
    const err = await plan(twoApps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).exitCode).toBe(2);
    expect((err as Error).message).toBe('pyproject.toml: 2 uv workspace apps: admin, api (backend); pass --workspace <name> (e.g. --workspace admin) to choose one, or --workspace all for every app');
  });

  test.each<[string, Files, Answers, RegExp]>([
    ['a library named by --workspace', workspace, { workspace: 'shared' }, /^packages\/shared\/pyproject\.toml: --workspace "shared" is a library .*choose one of: api \(backend\)$/],
    ['an unknown member', workspace, { workspace: 'web' }, /^pyproject\.toml: --workspace "web" is no uv workspace member; choose one of: api \(backend\)$/],
    ['--workspace without a workspace', { 'pyproject.toml': project('x', ['flask']), 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' }, { workspace: 'x' }, /^pyproject\.toml: --workspace "x" given, but this project declares no uv workspace/],
    ['a member outside the project', { 'pyproject.toml': root('["../elsewhere"]') }, {}, /^pyproject\.toml: uv workspace member "\.\.\/elsewhere" is outside the project/],
  ])('%s is refused in one line', async (_, files, answers, message) => {
    const err = await plan(files, answers).catch((e: Error) => e);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('\n');
  });

  test('negative: libraries only, and a root with no app: the usual "no app" refusal', async () => {
    await expect(plan({ 'pyproject.toml': root('["packages/*"]'), 'uv.lock': '', 'packages/shared/pyproject.toml': project('shared', []) })).rejects.toThrow(/found no app to run/);
  });

  test('negative: a pyproject without [tool.uv.workspace] is a plain project (no appDir, no --package)', async () => {
    const p = await plan({ 'pyproject.toml': project('x', ['fastapi', 'uvicorn']), 'uv.lock': '', 'main.py': api });
    expect(p.appDir).toBeUndefined();
    expect(p.workspaces).toEqual([]);
    expect(details(p).pm.install).toEqual(['uv', 'sync', '--frozen', '--no-dev', '--no-install-project']);
  });

  test('a virtual workspace root without a lockfile is Python evidence, not a tool config', async () => {
    const files: Files = { ...workspace, 'package.json': { name: 'tools', scripts: { build: 'vite build' } } };
    delete files['uv.lock'];
    expect((await plan(files)).stack).toBe('python');
  });
});

describe('uv workspace: every app in one run (--workspace all)', () => {
  const twoApps: Files = {
    ...workspace,
    'pyproject.toml': root('["backend", "admin", "packages/*"]'),
    'admin/pyproject.toml': project('admin', ['flask', 'gunicorn']),
    'admin/admin.py': 'from flask import Flask\n\napp = Flask(__name__)\n',
  };

  test('the listing names the app members only, and a run must choose between two', async () => {
    expect(await pythonDetector.workspaceApps!(memProject(twoApps))).toEqual({
      apps: [{ dir: 'admin', name: 'admin', why: 'flask dependency' }, { dir: 'backend', name: 'api', why: 'fastapi dependency' }],
      mustChoose: true,
    });
    expect((await pythonDetector.workspaceApps!(memProject(workspace))).mustChoose).toBe(false);
    expect(await pythonDetector.workspaceApps!(memProject({ 'pyproject.toml': project('x', ['flask']) }))).toEqual({ apps: [], mustChoose: false });
  });

  test('one Dockerfile per member, each with its own --package, one compose service each', async () => {
    const fs = memProject(twoApps);
    const all = { workspace: 'all' };
    const planned = await planEveryApp(fs, null, all, await detectStack(fs, all));
    expect(planned.apps!.map((a) => [a.service, a.plan.appDir])).toEqual([['admin', 'admin'], ['backend', 'backend']]);
    const rendered = renderApps(planned.apps!);
    expect(rendered.map((f) => f.path)).toEqual(['admin/Dockerfile', 'backend/Dockerfile', '.dockerignore', 'docker-compose.yml']);
    expect(rendered[0]!.text).toContain('"--package", "admin", "--no-install-workspace"');
    expect(rendered[1]!.text).toContain('"--package", "api", "--no-install-workspace"');
  });

  test('the plan of one app refuses "all" (the pipeline plans every app)', async () => {
    await expect(plan(twoApps, { workspace: 'all' })).rejects.toThrow('pyproject.toml: --workspace all plans every app in one run; this step plans one (choose one of: admin, api (backend))');
  });
});
