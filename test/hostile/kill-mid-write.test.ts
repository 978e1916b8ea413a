import { afterAll, describe, expect, test } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, existsSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeAtomic } from '../../src/write/atomic.js';
import { removeDir, tempDir } from './cli-run.js';

// A writer killed with SIGKILL at random moments: the target is always a whole old or new text, never a mix or a
// prefix. Temp files a killed writer leaves are removed by the next successful write next to them.

const ATOMIC = pathToFileURL(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/src/write/atomic.js')).href;
const SIZE = 4 * 1024 * 1024;
const OLD = 'old\n';
const dir = tempDir('kill');
afterAll(() => removeDir(dir));

/** Starts a child that rewrites `file` with A and B in turn, forever; resolves once its first write is done. */
function startWriter(file: string): Promise<ReturnType<typeof spawn>> {
  const script = `
    import { writeAtomic } from ${JSON.stringify(ATOMIC)};
    const texts = ['A'.repeat(${SIZE}), 'B'.repeat(${SIZE})];
    for (let i = 0; ; i++) {
      await writeAtomic(process.argv[1], texts[i % 2]);
      if (i === 0) process.stdout.write('ready\\n');
    }`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, file], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`writer exited early (${code})`)));
  });
}

const exited = (child: ReturnType<typeof spawn>): Promise<void> => new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));
const temps = (): string[] => readdirSync(dir).filter((n) => n.endsWith('.tmp'));

describe('atomic write under SIGKILL', () => {
  test.skipIf(!existsSync(new URL(ATOMIC)))('the target is always exactly the old or a new text', async () => {
    const file = path.join(dir, 'Dockerfile');
    writeFileSync(file, OLD);
    const seen = new Set<string>();
    let killedMidWrite = 0;
    for (let round = 0; round < 12; round++) {
      const child = await startWriter(file);
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 40)));
      child.kill('SIGKILL');
      await exited(child);
      if (temps().length > 0) killedMidWrite++;
      const text = readFileSync(file, 'utf8');
      const kind = text === OLD ? 'old' : text === 'A'.repeat(SIZE) ? 'A' : text === 'B'.repeat(SIZE) ? 'B' : `torn (${text.length} bytes)`;
      seen.add(kind);
      expect(kind, `round ${round}`).toMatch(/^(old|A|B)$/);
    }
    // The kills must have landed while a temp file was being written, or the test proved nothing.
    expect(killedMidWrite, `kills that left a temp file (seen: ${[...seen].join(', ')})`).toBeGreaterThan(0);
    await writeAtomic(file, 'final\n');
    expect(readFileSync(file, 'utf8')).toBe('final\n');
    expect(temps(), 'the next write removed what killed writers left').toEqual([]);
  }, 60_000);

  test('a temp file of a writer that is still running is left alone', async () => {
    const file = path.join(dir, 'compose.yml');
    const live = path.join(dir, `.compose.yml.${process.ppid}.1.tmp`);
    writeFileSync(live, 'partial');
    await writeAtomic(file, 'x\n');
    expect(existsSync(live)).toBe(true);
    // Gone again, so the SIGKILL case's check for leftover temp files holds whichever test runs first.
    unlinkSync(live);
  });
});
