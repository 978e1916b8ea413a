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
