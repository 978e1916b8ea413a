import { describe, expect, test, beforeEach, afterEach, afterAll } from 'vitest';
import { mkdtempSync, rmSync, cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runInteractive, type Ui } from '../../src/cli/interactive.js';
import { parseOptions } from '../../src/cli/options.js';
import { FIXTURES_DIR } from '../helpers/fixtures.js';
import { scripted } from './scripted-ui.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cdf-ui-'));
  cpSync(path.join(FIXTURES_DIR, 'npm-express', 'project'), dir, { recursive: true });
});
const opts = (...args: string[]) => parseOptions(['--cwd', dir, ...args], {}, true);

afterEach(() => rmSync(dir, { recursive: true, force: true }));
// Merge bases go to the user's cache folder outside git: keep them in a temp folder.
const cache = mkdtempSync(path.join(tmpdir(), 'cdf-ui-cache-'));
process.env.XDG_CACHE_HOME = cache;
afterAll(() => rmSync(cache, { recursive: true, force: true }));

describe('interactive run (scripted prompter)', () => {
  test('asks each answer, applies changes, writes the files', async () => {
    const ui = scripted({ Port: '8081', 'Runtime image': 'slim', 'Backing services': ['redis'] });
    expect(await runInteractive(opts(), 'test', ui)).toBe(0);
    expect(ui.asked).toEqual(expect.arrayContaining(['node version', 'Port the app listens on', 'Runtime image', 'Start command (in the image)', 'Write docker-compose.yml?', 'Backing services (space to toggle)', 'Write these files?']));
    const dockerfile = readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^EXPOSE 8081$/m);
    expect(dockerfile).toMatch(/^USER 1000:1000$/m);
    expect(readFileSync(path.join(dir, 'docker-compose.yml'), 'utf8')).toMatch(/^ {2}redis:$/m);
  });

  test('flags already given are not asked again', async () => {
    const ui = scripted({});
    expect(await runInteractive(opts('--port', '9000', '--base', 'slim', '--no-compose'), 'test', ui)).toBe(0);
    expect(ui.asked.some((q) => /Port|Runtime image|compose|Backing/.test(q))).toBe(false);
  });

  test('cancelling at any question writes nothing and exits 1', async () => {
    const ui = scripted({ 'Runtime image': Symbol('cancel') });
    expect(await runInteractive(opts(), 'test', ui)).toBe(1);
    expect(existsSync(path.join(dir, 'Dockerfile'))).toBe(false);
  });

  test('a differing file is shown and kept when the user says no', async () => {
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
    const ui = scripted({ 'Dockerfile: what should be written?': 'keep' });
    expect(await runInteractive(opts(), 'test', ui)).toBe(0);
    expect(ui.asked).toContain('Dockerfile: what should be written?');
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toBe('FROM scratch\n');
    expect(existsSync(path.join(dir, '.dockerignore'))).toBe(true);
  });

  test('a re-run uses the saved answers without asking; --reset asks again', async () => {
    expect(await runInteractive(opts(), 'test', scripted({ Port: '8081' }))).toBe(0);
    const again = scripted({});
    expect(await runInteractive(opts(), 'test', again)).toBe(0);
    expect(again.asked).toEqual(['Write these files?']);
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toMatch(/^EXPOSE 8081$/m);
    const reset = scripted({});
    expect(await runInteractive(opts('--reset'), 'test', reset)).toBe(0);
    expect(reset.asked).toContain('Port the app listens on');
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toMatch(/^EXPOSE 3000$/m);
  });

  test('an overlapping edit is shown and can be written with conflict markers', async () => {
    await runInteractive(opts(), 'test', scripted({}));
    writeFileSync(path.join(dir, 'Dockerfile'), readFileSync(path.join(dir, 'Dockerfile'), 'utf8').replace(/^EXPOSE 3000$/m, 'EXPOSE 3000 9229'));
    const ui = scripted({ 'Dockerfile: what should be written?': 'markers' });
    expect(await runInteractive(opts('--port', '4000'), 'test', ui)).toBe(0);
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toMatch(/^<<<<<<< yours\nEXPOSE 3000 9229\n[^]*?^=======\nEXPOSE 4000\n[^]*?^>>>>>>> generated$/m);
  });
});
