import { describe, expect, test, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, rmSync, cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runInteractive, type Ui } from '../../src/cli/interactive.js';
import { parseOptions } from '../../src/cli/options.js';
import { FIXTURES_DIR } from '../helpers/fixtures.js';

/** A scripted prompter: answers by question text (substring match), else the prompt's initial value. */
function scripted(answers: Record<string, unknown>): Ui & { asked: string[] } {
  const asked: string[] = [];
  const answer = (o: { message: string; initialValue?: unknown; initialValues?: unknown }) => {
    asked.push(o.message);
    const key = Object.keys(answers).find((k) => o.message.includes(k));
    return Promise.resolve(key !== undefined ? answers[key] : (o.initialValue ?? o.initialValues));
  };
  const noop = () => undefined;
  return {
    asked,
    intro: noop, outro: noop, note: noop, cancel: noop,
    log: { warn: noop, info: noop, error: noop, success: noop, step: noop, message: noop } as unknown as Ui['log'],
    spinner: (() => ({ start: noop, stop: noop, message: noop })) as unknown as Ui['spinner'],
    text: answer as unknown as Ui['text'],
    select: answer as unknown as Ui['select'],
    confirm: answer as unknown as Ui['confirm'],
    multiselect: answer as unknown as Ui['multiselect'],
  };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cdf-ui-'));
  cpSync(path.join(FIXTURES_DIR, 'npm-express', 'project'), dir, { recursive: true });
});
const opts = (...args: string[]) => parseOptions(['--cwd', dir, ...args], {}, true);

afterEach(() => rmSync(dir, { recursive: true, force: true }));

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
    const ui = scripted({ 'Overwrite Dockerfile?': false });
    expect(await runInteractive(opts(), 'test', ui)).toBe(0);
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toBe('FROM scratch\n');
    expect(existsSync(path.join(dir, '.dockerignore'))).toBe(true);
  });
});
