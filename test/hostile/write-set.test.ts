import { afterAll, describe, expect, test } from 'vitest';
import * as fsp from 'node:fs/promises';
import { lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { removeDir, tempDir } from './cli-run.js';
import { runMain, useTempCache } from '../helpers/run-main.js';
import { prepare, write } from '../../src/pipeline/run.js';
import { NODE_OPS, type WriteOps } from '../../src/write/write-set.js';
import { UserError } from '../../src/errors.js';

// All files of a run are written or none: a failure at any step (a temp file, a backup, the Nth rename) leaves the
// old set whole, with no temporary or backup file behind. Each target is re-checked before the renames: a file
// edited (or created) since the run read it is a conflict and nothing is written. An output that is a symbolic
// link is refused, the link and its target left alone.
useTempCache();

const SERVER = "require('http').createServer((q, s) => s.end('ok')).listen(process.env.PORT || 3000);\n";
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

/** A Node project with pg (so compose and .env.example are generated), already generated once on port 3000. */
async function generated(label: string): Promise<string> {
  const dir = tempDir(label);
  dirs.push(dir);
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ scripts: { start: 'node s.js' }, dependencies: { pg: '8.0.0' } }));
  writeFileSync(path.join(dir, 's.js'), SERVER);
  const r = await runMain(['--yes', '--cwd', dir]);
  expect(r.code, r.stderr).toBe(0);
  return dir;
}

/** Every file under `dir` with its text (links as `-> target`): what a failed run must leave exactly as it was. */
function contents(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const r = path.join(rel, name);
      const st = lstatSync(path.join(dir, r));
      if (st.isSymbolicLink()) out[r] = `-> ${readlinkSync(path.join(dir, r))}`;
      else if (st.isDirectory()) walk(r);
      else out[r] = `${(st.mode & 0o777).toString(8)} ${readFileSync(path.join(dir, r), 'utf8')}`;
    }
  };
  walk('');
  return out;
}

/** Real file operations, except that the `n`th call (1-based) of `op` fails with `code`. */
function failing(op: keyof WriteOps, n: number, code = 'ENOSPC'): { ops: WriteOps; calls: () => number } {
  let calls = 0;
  const wrapped = (async (...args: unknown[]) => {
    if (++calls === n) throw Object.assign(new Error(`${code}: injected`), { code });
    return (NODE_OPS[op] as (...a: unknown[]) => Promise<unknown>)(...args);
  }) as never;
  return { ops: { ...NODE_OPS, [op]: wrapped }, calls: () => calls };
}

/** A second run that changes every output (another port), prepared and ready to write. */
async function portChange(dir: string) {
  const prepared = await prepare({ cwd: dir, answers: { port: 4000 }, reset: false, onConflict: 'report' });
  const writes = [...prepared.gen.files, prepared.saved].filter((f) => f.status === 'update' || f.status === 'create' || f.status === 'merge');
  expect(writes.length, 'the run rewrites several files').toBeGreaterThan(2);
  return { prepared, writes: writes.length };
}

describe('a run writes all of its files or none', () => {
  test('the Nth rename fails, for every N: the old set stays whole, no temp or backup file left', async () => {
    const dir = await generated('nth-rename');
    const before = contents(dir);
    const { writes } = await portChange(dir);
    for (let n = 1; n <= writes; n++) {
      const { prepared } = await portChange(dir);
      const { ops } = failing('rename', n);
      const err = await write(prepared, ops).then(() => null, (e: unknown) => e);
      expect(err, `rename ${n}`).toBeInstanceOf(UserError);
      expect((err as UserError).message).toMatch(/: cannot write \(no space left on the device\); nothing was written, the previous files are as they were; free some space and run again$/);
      expect(contents(dir), `after a failure at rename ${n}`).toEqual(before);
    }
    // And the same run, unhindered, then writes them all.
    const { prepared } = await portChange(dir);
    await write(prepared);
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toContain('EXPOSE 4000');
    expect(readdirSync(dir).filter((n) => /\.(tmp|backup)$/.test(n))).toEqual([]);
  });

  test.each([['open', 3], ['rename', 1], ['rename', 3]] as const)('a first run whose %s #%i fails creates no file at all', async (op, n) => {
    const dir = tempDir(`first-${op}`);
    dirs.push(dir);
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ scripts: { start: 'node s.js' } }));
    writeFileSync(path.join(dir, 's.js'), SERVER);
    writeFileSync(path.join(dir, '.dockerignore'), 'node_modules\n');
    const before = contents(dir);
    const prepared = await prepare({ cwd: dir, answers: {}, reset: false, onConflict: 'generated' });
    await expect(write(prepared, failing(op, n).ops)).rejects.toThrow(/cannot write \(no space left on the device\); nothing was written/);
    expect(contents(dir)).toEqual(before);
  });

  test('a failed run removes the output folders it made', async () => {
    const dir = await generated('dirs-undo');
    const before = contents(dir);
    const prepared = await prepare({ cwd: dir, answers: { k8s: true }, reset: false, onConflict: 'report' });
    await expect(write(prepared, failing('open', 4, 'EROFS').ops)).rejects.toThrow(/cannot write \(read-only file system\)/);
    expect(contents(dir)).toEqual(before);
    expect(readdirSync(dir)).not.toContain('k8s');
  });

  test('when a backup cannot be put back, the error names where the old text is', async () => {
    const dir = await generated('lost');
    const { prepared } = await portChange(dir);
    let renames = 0;
    const ops: WriteOps = {
      ...NODE_OPS,
      // The 2nd rename fails, and so does every rename back (a disk gone read-only mid-run).
      rename: async (from, to) => {
        renames++;
        if (renames >= 2) throw Object.assign(new Error('EROFS'), { code: 'EROFS' });
        return fsp.rename(from, to);
      },
    };
    const err = (await write(prepared, ops).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(/^\S+: could not be put back after a failed write \(EROFS\); the previous text is in \.\S+\.backup: rename it back by hand$/);
    const backup = /is in (\S+):/.exec(err.message)![1]!;
    expect(readFileSync(path.join(dir, backup), 'utf8')).toContain('EXPOSE 3000');
  });
});

describe('targets are re-checked before any rename', () => {
  test('a file edited between the read and the write: a conflict, nothing written', async () => {
    const dir = await generated('edited');
    const { prepared } = await portChange(dir);
    writeFileSync(path.join(dir, 'docker-compose.yml'), `${readFileSync(path.join(dir, 'docker-compose.yml'), 'utf8')}# mine\n`);
    const before = contents(dir);
    const err = (await write(prepared).catch((e: unknown) => e)) as UserError;
    expect(err).toBeInstanceOf(UserError);
    expect(err.exitCode).toBe(1);
    expect(err.message).toBe('docker-compose.yml: was changed while create-dockerfile was running; nothing was written. Run it again to take the new state into account');
    expect(contents(dir)).toEqual(before);
  });

  test('a file created between the read and the write: a conflict, nothing written', async () => {
    const dir = tempDir('created');
    dirs.push(dir);
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ scripts: { start: 'node s.js' } }));
    writeFileSync(path.join(dir, 's.js'), SERVER);
    const prepared = await prepare({ cwd: dir, answers: {}, reset: false, onConflict: 'report' });
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
    const before = contents(dir);
    await expect(write(prepared)).rejects.toThrow(/^Dockerfile: was created while create-dockerfile was running; nothing was written/);
    expect(contents(dir)).toEqual(before);
  });
});

describe('an output that is a symbolic link', () => {
  test.each([
    ['Dockerfile', 'docker/Dockerfile.prod'],
    ['docker-compose.yml', 'deploy/compose.yml'],
    ['.create-dockerfile.yml', 'meta/state.yml'],
    ['Dockerfile', 'missing/Dockerfile'],
  ])('%s -> %s inside the project is refused with one line, link and target untouched', async (file, target) => {
    const dir = await generated(`link-${path.basename(file)}`);
    if (!target.startsWith('missing/')) {
      mkdirSync(path.join(dir, path.dirname(target)), { recursive: true });
      writeFileSync(path.join(dir, target), readFileSync(path.join(dir, file)));
    }
    await fsp.unlink(path.join(dir, file));
    symlinkSync(target, path.join(dir, file));
    const before = contents(dir);
    for (const args of [['--force'], ['--port', '4000'], ['--check']]) {
      const r = await runMain(['--yes', '--cwd', dir, ...args]);
      expect(r.code, r.stderr).toBe(2);
      const where = target.startsWith('missing/') ? '' : ` to ${target}`;
      expect(r.stderr).toBe(`create-dockerfile: ${file}: a symbolic link${where}, where create-dockerfile writes a regular file (the link is not replaced, its target not written); replace the link with a copy of the file, or remove it, and run again\n`);
      expect(contents(dir)).toEqual(before);
    }
  });
});
