import { afterAll, describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { removeDir, tempDir } from './cli-run.js';
import { basesDir, findBase, storeBase } from '../../src/state/bases.js';

// A cloned repository controls its .git: its config must not make us run a program, and a `.git` file must not
// point our merge-base store at a folder of its choosing.
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, {
  cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'a', GIT_AUTHOR_EMAIL: 'a@example.com', GIT_COMMITTER_NAME: 'a', GIT_COMMITTER_EMAIL: 'a@example.com' },
});

describe('git hardening', () => {
  test('log.showSignature with a gpg.program in the repository config never runs that program', async () => {
    const dir = tempDir('gpg');
    dirs.push(dir);
    git(dir, 'init', '-q');
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
    git(dir, 'add', 'Dockerfile');
    git(dir, 'commit', '-q', '-m', 'one');
    // A commit carrying a (fake) signature: showing it with log.showSignature asks gpg.program to verify it.
    const raw = git(dir, 'cat-file', 'commit', 'HEAD');
    const signed = raw.replace(/\n\n/, '\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n -----END PGP SIGNATURE-----\n\n');
    const obj = execFileSync('git', ['hash-object', '-t', 'commit', '-w', '--stdin'], { cwd: dir, input: signed, encoding: 'utf8' }).trim();
    git(dir, 'update-ref', 'HEAD', obj);
    const marker = path.join(dir, 'ran');
    const trap = path.join(dir, 'trap.sh');
    writeFileSync(trap, `#!/bin/sh\ntouch '${marker}'\nexit 1\n`);
    chmodSync(trap, 0o755);
    git(dir, 'config', 'log.showSignature', 'true');
    git(dir, 'config', 'gpg.program', trap);
    // The trap works: plain git runs it.
    git(dir, 'log', '-n', '1', '--format=%H');
    expect(existsSync(marker), 'the trap is armed').toBe(true);
    execFileSync('rm', [marker]);
    expect(await findBase(dir, 'Dockerfile', `sha256:${'0'.repeat(64)}`, { XDG_CACHE_HOME: path.join(dir, 'cache') })).toBeNull();
    expect(existsSync(marker), 'gpg.program was run').toBe(false);
  });

  test('a .git file pointing elsewhere does not move the merge-base store there', async () => {
    const parent = tempDir('gitdir');
    dirs.push(parent);
    const project = path.join(parent, 'project');
    const elsewhere = path.join(parent, 'elsewhere');
    mkdirSync(project);
    mkdirSync(elsewhere);
    writeFileSync(path.join(project, '.git'), `gitdir: ${elsewhere}\n`);
    const env = { XDG_CACHE_HOME: path.join(parent, 'cache') };
    expect(await basesDir(project, env)).toBe(path.join(parent, 'cache', 'create-dockerfile', 'bases'));
    await storeBase(project, 'FROM scratch\n', env);
    expect(existsSync(path.join(elsewhere, 'create-dockerfile'))).toBe(false);
  });

  test("a project's own .git folder still holds the store", async () => {
    const dir = tempDir('gitown');
    dirs.push(dir);
    mkdirSync(path.join(dir, '.git'));
    expect(await basesDir(dir, {})).toBe(path.join(dir, '.git', 'create-dockerfile'));
  });
});
