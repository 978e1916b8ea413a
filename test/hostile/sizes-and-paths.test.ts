import { describe, expect, test } from 'vitest';
import { DockerfileParser } from 'dockerfile-ast';
import { outcome, isClearError, rawProject } from './outcome.js';

const SERVER = "require('http').createServer((q, s) => s.end('ok')).listen(process.env.PORT || 3000);\n";

/** The argv of the generated CMD, parsed back from the Dockerfile. */
function cmdOf(dockerfile: string): string[] {
  const cmd = DockerfileParser.parse(dockerfile).getInstructions().filter((i) => i.getKeyword() === 'CMD').at(-1)!;
  return JSON.parse(cmd.getRawArgumentsContent()!) as string[];
}

describe('large and deep manifests', () => {
  test('a 10 MB package.json (a huge description) still plans', async () => {
    const pkg = JSON.stringify({ name: 'big', description: 'x'.repeat(10 * 1024 * 1024), scripts: { start: 'node s.js' } });
    expect(pkg.length).toBeGreaterThan(10 * 1024 * 1024);
    const r = await outcome(rawProject({ 'package.json': pkg, 's.js': SERVER }));
    expect(r.ok ? r.plan.start.slice(1) : r.message).toEqual(['s.js']);
  });

  test('a package.json with 200 000 dependencies plans without walking each into the output', async () => {
    const deps = Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`dep-${i}`, '1.0.0']));
    const r = await outcome(rawProject({ 'package.json': { scripts: { start: 'node s.js' }, dependencies: deps }, 's.js': SERVER }));
    expect(r.ok ? r.plan.services : r.message).toEqual([]);
  });

  test.each([
    ['an array nested 100 000 deep', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, /^package\.json: (must hold a JSON object|.*nested)/],
    ['scripts nested 100 000 deep', `{"scripts":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`, /^package\.json: /],
  ])('%s is a clear error, not a stack overflow', async (_name, text, want) => {
    const r = await outcome(rawProject({ 'package.json': text, 's.js': SERVER }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.kind, r.message).toBe('UserError');
    expect(isClearError(r.message), r.message).toBe(true);
    expect(r.message).toMatch(want);
  });

  test('a dependency table nested deep inside pyproject.toml is a clear error or a plan, never a crash', async () => {
    const toml = `[project]\nname = "a"\ndependencies = ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    const r = await outcome(rawProject({ 'pyproject.toml': toml, 'app.py': '' }));
    if (!r.ok) {
      expect(r.kind, r.message).toBe('UserError');
      expect(isClearError(r.message), r.message).toBe(true);
    }
  });
});

describe('file names with spaces, unicode and line breaks', () => {
  test.each([
    ['a space', 'my server.js'],
    ['unicode', 'sërvér-😀.js'],
    ['a quote and $', `it's-$HOME.js`],
  ])('main with %s reaches CMD as one intact argument', async (_name, file) => {
    const r = await outcome(rawProject({ 'package.json': { main: file }, [file]: SERVER }));
    expect(r.ok ? 'ok' : r.message).toBe('ok');
    if (!r.ok) return;
    const dockerfile = r.files.find((f) => f.path === 'Dockerfile')!.text;
    expect(cmdOf(dockerfile).at(-1)).toBe(file);
  });

  test('a start script naming a file with a line break runs through sh -c with the line intact', async () => {
    const r = await outcome(rawProject({ 'package.json': { scripts: { start: 'node "a\nb.js"' } }, 'a\nb.js': SERVER }));
    expect(r.ok ? 'ok' : r.message).toBe('ok');
    if (!r.ok) return;
    expect(cmdOf(r.files.find((f) => f.path === 'Dockerfile')!.text)).toEqual(['/bin/sh', '-c', 'node "a\nb.js"']);
  });

  test('a Go main package in a folder with a space is built or refused clearly, never split', async () => {
    const r = await outcome(rawProject({
      'go.mod': 'module example.com/a\n\ngo 1.22\n',
      'cmd/my api/main.go': 'package main\nfunc main() {}\n',
    }));
    if (r.ok) {
      const dockerfile = r.files.find((f) => f.path === 'Dockerfile')!.text;
      const build = DockerfileParser.parse(dockerfile).getInstructions().find((i) => i.getKeyword() === 'RUN' && /go", "build/.test(i.getTextContent()))!;
      expect(JSON.parse(build.getRawArgumentsContent()!.replace(/^(--mount=\S+\s+)+/, ''))).toContain('./cmd/my api');
    } else {
      expect(r.kind, r.message).not.toBe('internal');
      expect(isClearError(r.message), r.message).toBe(true);
    }
  });
});
