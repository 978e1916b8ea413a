import type { ProjectFs } from '../../src/fs/project-fs.js';
import { nameOfLockKey, npmLockPackages } from './native.js';
import { nameOfPnpmLockKey, pnpmLockPackages, type PnpmLockQuery } from './pnpm-lock-packages.js';

/**
 * Packages whose install script puts their native binary in place and which ship only a placeholder until it runs
 * (bun's `bin/bun.exe` stays empty or prints "postinstall script was not run"). Unlike esbuild or sharp, whose code
 * finds the platform package without the script, these break when a package manager skips it.
 */
export const INSTALL_SCRIPT_BINARIES = new Set(['bun']);
/** The pnpm lockfile entries the install-script check reads. */
export const BINARIES_PNPM_QUERY: PnpmLockQuery = { names: INSTALL_SCRIPT_BINARIES };

/** The installed packages (lockfile, else the app's own dependencies) whose install script places their binary, sorted. */
export async function installScriptBinaries(fs: ProjectFs, lockfile: string | null, deps: Iterable<string>): Promise<string[]> {
  const found = new Set([...deps].filter((d) => INSTALL_SCRIPT_BINARIES.has(d)));
  if (lockfile === 'pnpm-lock.yaml') {
    for (const key of Object.keys(await pnpmLockPackages(fs, BINARIES_PNPM_QUERY))) {
      const name = nameOfPnpmLockKey(key);
      if (name !== undefined && INSTALL_SCRIPT_BINARIES.has(name)) found.add(name);
    }
  } else if (lockfile === 'package-lock.json' || lockfile === 'npm-shrinkwrap.json') {
    for (const key of Object.keys((await npmLockPackages(fs, lockfile)) ?? {})) {
      if (key.includes('node_modules/') && INSTALL_SCRIPT_BINARIES.has(nameOfLockKey(key))) found.add(nameOfLockKey(key));
    }
  }
  return [...found].sort();
}
