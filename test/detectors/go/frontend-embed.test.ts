import { describe, expect, test } from 'vitest';
import { memProject, type Files } from '../../helpers/memfs.js';
import { buildPlan } from '../../../src/plan/detect.js';
import { render } from '../../../src/render/render.js';
import { dockerfileProblems } from '../../helpers/validate.js';
import type { Plan } from '../../../src/plan/types.js';
import type { GoDetails } from '../../../detectors/go/detector.js';

const MOD = 'module example.com/app\n\ngo 1.22\n';
const embed = (pattern: string) => `package main\n\nimport "embed"\n\n//go:embed ${pattern}\nvar ui embed.FS\n\nfunc main() {}\n`;
const UI = { 'ui/package.json': { name: 'ui', scripts: { build: 'vite build' } }, 'ui/package-lock.json': { lockfileVersion: 3, packages: {} }, 'ui/src/main.js': '' };
const plan = async (files: Files): Promise<Plan> => (await buildPlan(memProject({ 'go.mod': MOD, ...files }), {})).plan;
const details = (p: Plan): GoDetails => p.details as unknown as GoDetails;
const dockerfile = (p: Plan): string => render(p).find((f) => f.path === 'Dockerfile')!.text;

describe('//go:embed of a folder a frontend step builds', () => {
  test.each<[string, Files, string, string]>([
    ['ui/build, built by ui/package.json (npm)', { 'main.go': embed('ui/build'), ...UI }, 'ui', 'ui/build'],
    ['all: prefix and a glob', { 'main.go': embed('all:ui/dist/*'), ...UI }, 'ui', 'ui/dist'],
    ['quoted path, and a committed .gitkeep placeholder', { 'main.go': embed('"ui/build"'), 'ui/build/.gitkeep': '', ...UI }, 'ui', 'ui/build'],
    ['embed in a package folder (web/embed.go embeds dist)', { 'main.go': 'package main\n\nfunc main() {}\n', 'web/embed.go': 'package web\n\nimport "embed"\n\n//go:embed dist\nvar Dist embed.FS\n', 'web/package.json': { scripts: { build: 'vite build' } }, 'web/pnpm-lock.yaml': "lockfileVersion: '9.0'\n" }, 'web', 'web/dist'],
  ])('%s: a Node stage builds it before go build', async (_, files, dir, output) => {
    const p = await plan(files);
    const f = details(p).frontend!;
    expect(f.dir).toBe(dir);
    expect(f.output).toBe(output);
    expect(p.notes.join('\n')).toMatch(new RegExp(`frontend: \\S+ embeds ${output}, which ${dir}/package.json builds`));
    const text = dockerfile(p);
    expect(text).toMatch(new RegExp(`FROM --platform=\\$BUILDPLATFORM node:\\d+-\\w+-slim AS frontend\\n[\\s\\S]*RUN \\[${f.build.map((w) => `"${w}"`).join(', ')}\\]\\n\\n# build:`));
    expect(text).toMatch(new RegExp(`COPY \\. \\.\\nCOPY --from=frontend \\["/src/${output}", "${output}"\\]\\nRUN .*go", "build"`));
    expect(p.dockerignore).toContain(output);
    expect(dockerfileProblems(text)).toEqual([]);
  });

  test('pnpm: the frontend stage sets pnpm up and installs with its lockfile', async () => {
    const p = await plan({ 'main.go': embed('web/dist'), 'web/package.json': { scripts: { build: 'vite build' } }, 'web/pnpm-lock.yaml': "lockfileVersion: '9.0'\n" });
    expect(details(p).frontend!.manifests).toContain('web/pnpm-lock.yaml');
    expect(details(p).frontend!.install[0]).toBe('pnpm');
  });

  test.each<[string, Files]>([
    ['the embedded folder is committed', { 'main.go': embed('ui/build'), 'ui/build/index.html': '<p>hi</p>', ...UI }],
    ['embedded files (templates), no frontend', { 'main.go': embed('templates/*.html'), 'templates/index.html': '' }],
    ['a //go:embed in a comment block of prose is not at line start', { 'main.go': 'package main\n\n// see //go:embed ui/build in docs\nfunc main() {}\n', ...UI }],
  ])('negative: %s', async (_, files) => {
    const p = await plan(files);
    expect(details(p).frontend).toBeUndefined();
    expect(dockerfile(p)).not.toContain('AS frontend');
    expect(p.warnings ?? []).toEqual([]);
  });

  test('a local build on disk that git does not track (ignored) still gets the frontend stage', async () => {
    const files = { 'go.mod': MOD, 'main.go': embed('ui/build'), 'ui/build/index.html': '<p>local</p>', ...UI };
    const history = { '.': 1700000000, 'main.go': 1700000000, 'ui/package.json': 1700000000 } as Record<string, number>;
    const p = (await buildPlan(memProject(files, { lastChanged: async (rel: string) => history[rel] }), {})).plan;
    expect(details(p).frontend?.output).toBe('ui/build');
  });

  test('negative: the embedded folder is tracked in git history', async () => {
    const files = { 'go.mod': MOD, 'main.go': embed('ui/build'), 'ui/build/index.html': '<p>hi</p>', ...UI };
    const history = { '.': 1700000000, 'ui/build': 1700000000 } as Record<string, number>;
    const p = (await buildPlan(memProject(files, { lastChanged: async (rel: string) => history[rel] }), {})).plan;
    expect(details(p).frontend).toBeUndefined();
  });

  test('negative: nothing builds the missing folder: one warning naming the fix, no stage', async () => {
    const p = await plan({ 'main.go': embed('static/dist') });
    expect(details(p).frontend).toBeUndefined();
    expect(p.warnings).toEqual(['main.go: //go:embed static/dist is not in the project and no package.json above it has a build script to make it; commit static/dist, or add the step that builds it to the Dockerfile before go build']);
  });

  test('negative: a package.json without a build script gets the warning too', async () => {
    const p = await plan({ 'main.go': embed('ui/build'), 'ui/package.json': { scripts: { dev: 'vite' } } });
    expect(details(p).frontend).toBeUndefined();
    expect(p.warnings).toHaveLength(1);
  });
});
