import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * One image build at a time on the engine, across the suite's parallel test files (and other e2e runs on the same
 * machine): Docker 20.10's BuildKit can panic ("failed to get edge") and take the daemon down when two builds solve
 * the same steps at once. Builds are CPU-bound on this machine anyway; the parallel files overlap their waits instead.
 */
const LOCK_DIR = path.join(os.tmpdir(), 'cdf-e2e-build.lock');
const OWNER = path.join(LOCK_DIR, 'owner');

/** True when the command builds images: `docker build`, `docker buildx build`, compose `build` / `up --build`, `verify`. */
export function buildsImages(file: string, args: string[]): boolean {
  const words = args.filter((a) => !a.startsWith('-'));
  if (path.basename(file) === 'docker' && (words[0] === 'build' || (words[0] === 'buildx' && words[1] === 'build'))) return true;
  const composeArgs = path.basename(file) === 'docker-compose' ? args : args[0] === 'compose' ? args.slice(1) : undefined;
  if (composeArgs) return composeArgs.includes('build') || (composeArgs.includes('up') && composeArgs.includes('--build'));
  return file === process.execPath && args.includes('verify');
}

function ownerAlive(): boolean {
  try {
    const pid = Number(readFileSync(OWNER, 'utf8'));
    if (!Number.isInteger(pid) || pid <= 0) return false;
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs `fn` holding the machine-wide build lock; a lock left by a process that died is taken over. */
export async function withBuildLock<T>(fn: () => Promise<T>): Promise<T> {
  for (let waited = 0; ; waited += 250) {
    try {
      mkdirSync(LOCK_DIR);
      writeFileSync(OWNER, String(process.pid));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // the owner file is written just after the folder: give a new owner a moment before calling it dead
      if (waited >= 2000 && !ownerAlive()) rmSync(LOCK_DIR, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}
