import { expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { flagsMarkdown } from '../src/cli/flags.js';

test('README flags table is the one generated from the flag table', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  expect(readme).toContain(flagsMarkdown());
});

test('README example is the reviewed expected Dockerfile of the bundled example', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const dockerfile = readFileSync(new URL('./fixtures/express-pg-redis/expected/Dockerfile', import.meta.url), 'utf8');
  expect(readme).toContain(dockerfile.trimEnd());
});

test('README version table is the one generated from the version tables', async () => {
  const { versionsMarkdown } = await import('../src/versions/markdown.js');
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  expect(readme).toContain(versionsMarkdown());
});

test('README "Latest run" is generated from bench/results/latest.json, and latest.md is the same run', async () => {
  // @ts-expect-error: the bench is plain JavaScript (JSDoc types), outside the TypeScript project
  const { markdown, withLatestRun } = (await import('../bench/lib/table.mjs')) as { markdown: (r: unknown, level?: number) => string; withLatestRun: (readme: string, r: unknown) => string };
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const latest = JSON.parse(readFileSync(new URL('../bench/results/latest.json', import.meta.url), 'utf8')) as unknown;
  expect(readme).toBe(withLatestRun(readme, latest));
  expect(readFileSync(new URL('../bench/results/latest.md', import.meta.url), 'utf8')).toBe(`${markdown(latest)}\n`);
});
