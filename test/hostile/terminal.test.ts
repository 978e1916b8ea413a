import { afterAll, expect, test } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { removeDir, tempDir } from './cli-run.js';
import { runMain, useTempCache } from '../helpers/run-main.js';

// Escape sequences in project files (retitle the terminal, clear the screen, hide text) never reach the terminal
// raw: whatever the CLI prints from a project shows them as visible \u001b escapes.
useTempCache();
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));
const ESC = '\u001b';
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

function project(files: Record<string, string>): string {
  const dir = tempDir('term');
  dirs.push(dir);
  for (const [rel, text] of Object.entries(files)) writeFileSync(path.join(dir, rel), text);
  return dir;
}

test('a start script with escape sequences: summary, status and diff print them escaped', async () => {
  const dir = project({ 'package.json': JSON.stringify({ scripts: { start: `node s.js ${ESC}]0;pwned\u0007${ESC}[2J` } }), 's.js': '' });
  for (const args of [['--dry-run', '--diff'], ['--check']]) {
    const r = await runMain(['--yes', '--cwd', dir, ...args], { NO_COLOR: '1' });
    expect(`${r.stdout}${r.stderr}`, args.join(' ')).not.toMatch(RAW);
    if (args[0] === '--dry-run') expect(r.stdout).toContain('\\u001b]0;pwned');
  }
});

test('audit quoting a FROM line with escape sequences prints them escaped', async () => {
  const dir = project({ Dockerfile: `FROM node${ESC}[2J${ESC}]0;x\u0007\nCMD node s.js\n` });
  const r = await runMain(['audit', dir], { NO_COLOR: '1' });
  expect(r.code).toBe(1);
  expect(`${r.stdout}${r.stderr}`).not.toMatch(RAW);
});
