import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { main } from '../../src/cli/main.js';

/** One in-process CLI run: what `node bin/create-dockerfile.cjs` would exit with and print. */
export interface MainResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `main(argv)` in this process with captured output, non-interactive (CI, no TTY), as the built bin does
 * but without starting a process. `env` is the CLI's environment (CI=true is added).
 */
export async function runMain(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<MainResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { out: (t) => void (stdout += t), err: (t) => void (stderr += t), env: { CI: 'true', ...env }, stdinIsTTY: false });
  return { code, stdout, stderr };
}

/**
 * Points XDG_CACHE_HOME (where merge bases of projects outside git go; the state code reads it from process.env)
 * at a temp folder for the rest of this test file, so in-process runs never touch the user's cache. Set once per
 * file rather than per run so concurrent tests cannot restore each other's value. Returns the folder.
 */
export function useTempCache(): string {
  const cache = mkdtempSync(path.join(tmpdir(), 'cdf-cache-'));
  const previous = process.env.XDG_CACHE_HOME;
  process.env.XDG_CACHE_HOME = cache;
  afterAll(() => {
    if (previous === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = previous;
    rmSync(cache, { recursive: true, force: true });
  });
  return cache;
}
