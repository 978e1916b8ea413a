import { Volume, createFsFromVolume } from 'memfs';
import { describe, expect, it } from 'vitest';
import { CACHED_TEXT_CHARS, createProjectFs, type FsLike } from '../../src/fs/project-fs.js';
import { readContained } from '../../src/fs/safe-read.js';

// How ProjectFs reads: once per file per run, and whole whatever size fstat claims (the size only sizes buffers).

/** memfs with every openSync counted per path, and fstat sizes optionally replaced (a file growing or shrinking). */
function countingFs(files: Record<string, string>, statSize?: (real: number) => number): { fs: FsLike; opens: Map<string, number> } {
  const vol = new Volume();
  vol.fromJSON(Object.fromEntries(Object.entries(files).map(([p, c]) => [`/project/${p}`, c])));
  const mem = createFsFromVolume(vol) as unknown as FsLike;
  const opens = new Map<string, number>();
  const fs = {
    ...mem,
    realpathSync: mem.realpathSync.bind(mem),
    statSync: mem.statSync.bind(mem),
    lstatSync: mem.lstatSync.bind(mem),
    readdirSync: mem.readdirSync.bind(mem),
    readSync: mem.readSync.bind(mem),
    closeSync: mem.closeSync.bind(mem),
    openSync: ((p: string, flags: number) => {
      opens.set(String(p), (opens.get(String(p)) ?? 0) + 1);
      return mem.openSync(p, flags);
    }) as FsLike['openSync'],
    fstatSync: ((fd: number) => {
      const st = mem.fstatSync(fd);
      return statSize ? Object.assign(Object.create(Object.getPrototypeOf(st) as object) as object, st, { size: statSize(Number(st.size)) }) : st;
    }) as FsLike['fstatSync'],
  } as FsLike;
  return { fs, opens };
}

describe('ProjectFs reads', () => {
  it('opens a file once however often and however spelled it is read', async () => {
    const { fs, opens } = countingFs({ 'src/app.js': 'process.env.PORT\n', 'package.json': '{"name":"a"}' });
    const project = createProjectFs('/project', fs);
    expect(await project.readText('src/app.js')).toBe('process.env.PORT\n');
    expect(await project.readText('src/app.js')).toBe('process.env.PORT\n');
    expect(await project.readText('src/../src/app.js')).toBe('process.env.PORT\n');
    expect(await project.readJson('package.json')).toEqual({ name: 'a' });
    expect(await project.readJson('package.json')).toEqual({ name: 'a' });
    expect(opens.get('/project/src/app.js')).toBe(1);
    expect(opens.get('/project/package.json')).toBe(1);
  });

  it('keeps no big text for the run: a scan of hundreds of bundles would hold them all', async () => {
    const big = 'x'.repeat(CACHED_TEXT_CHARS + 1);
    const { fs, opens } = countingFs({ 'vendor.js': big, 'small.js': 'x'.repeat(CACHED_TEXT_CHARS) });
    const project = createProjectFs('/project', fs);
    for (let i = 0; i < 2; i++) {
      expect((await project.readText('vendor.js'))?.length).toBe(big.length);
      expect((await project.readText('small.js'))?.length).toBe(CACHED_TEXT_CHARS);
    }
    expect(opens.get('/project/vendor.js')).toBe(2);
    expect(opens.get('/project/small.js')).toBe(1);
  });

  it('remembers an absent file as absent, and another run reads afresh', async () => {
    const { fs, opens } = countingFs({ 'a.txt': 'one' });
    const first = createProjectFs('/project', fs);
    expect(await first.readText('missing.txt')).toBeUndefined();
    expect(await first.readText('missing.txt')).toBeUndefined();
    expect(await first.readText('a.txt')).toBe('one');
    expect(await createProjectFs('/project', fs).readText('a.txt')).toBe('one');
    expect(opens.get('/project/a.txt')).toBe(2);
  });

  it('answers a repeated search with a fresh copy (a caller sorting its answer changes no other)', async () => {
    const project = createProjectFs('/project', countingFs({ 'b.js': '', 'a.js': '', 'src/c.js': '' }).fs);
    const first = await project.glob(['**/*.js']);
    expect(first).toEqual(['a.js', 'b.js', 'src/c.js']);
    first.reverse().push('added.js');
    expect(await project.glob(['**/*.js'])).toEqual(['a.js', 'b.js', 'src/c.js']);
    expect(await project.glob(['**/*.js'], { deep: 1 })).toEqual(['a.js', 'b.js']);
  });

  it('still refuses a path leaving the project on every call', async () => {
    const project = createProjectFs('/project', countingFs({ 'a.txt': 'one' }).fs);
    for (const rel of ['../etc/passwd', '../etc/passwd', 'src/../../etc/passwd', 'a/b/../../../x', '/etc/passwd', '..\\x']) {
      await expect(project.readText(rel), rel).rejects.toThrow(/outside the project/);
    }
    expect(await project.readText('./a.txt')).toBe('one');
    expect(await project.readText('b/../a.txt')).toBe('one');
  });

  it('resolves the boundary with the same realpath as the files (libc\'s gives the on-disk case, the JavaScript one the case it was given)', async () => {
    // A case-insensitive volume holding /project, opened as /Project (macOS, Windows): the JavaScript realpath keeps
    // `/Project`, libc's (realpathSync.native) answers `/project`, as macOS's and Windows' do.
    const { fs: mem } = countingFs({ 'package.json': '{"name":"a"}', 'src/app.js': 'x' });
    const onDisk = (p: unknown): string => String(p).replace(/^\/Project(?=\/|$)/, '/project');
    const realpathSync = Object.assign((p: string) => (mem.statSync(onDisk(p)), String(p)), { native: (p: string) => String(mem.realpathSync(onDisk(p))) });
    const fs = {
      ...mem,
      realpathSync,
      statSync: ((p: string) => mem.statSync(onDisk(p))) as FsLike['statSync'],
      lstatSync: ((p: string) => mem.lstatSync(onDisk(p))) as FsLike['lstatSync'],
      openSync: ((p: string, flags: number) => mem.openSync(onDisk(p), flags)) as FsLike['openSync'],
      readdirSync: ((p: string, o?: object) => mem.readdirSync(onDisk(p), o as never)) as FsLike['readdirSync'],
    } as unknown as FsLike;
    const project = createProjectFs('/Project', fs);
    expect(await project.readJson('package.json')).toEqual({ name: 'a' });
    expect(await project.readText('src/app.js')).toBe('x');
    expect(await project.exists('src/app.js')).toBe(true);
    expect(project.warnings).toEqual([]);
  });

  it('answers paths inside a member view the same, with the workspace root as the boundary', async () => {
    const { fs } = countingFs({ 'package.json': '{}', 'apps/web/server.js': 'x', 'libs/shared.js': 'y' });
    const member = createProjectFs('/project/apps/web', fs, { boundary: '/project' });
    expect(await member.readText('server.js')).toBe('x');
    expect(await member.readText('../../libs/shared.js')).toBe('y');
    await expect(member.readText('../../../etc/passwd')).rejects.toThrow(/outside the project/);
  });
});

describe('contained reads are whole whatever fstat says', () => {
  const sizes = [0, 1, 255, 256, 257, 65_535, 65_536, 65_537, 200_000];
  const claims: [string, (real: number) => number][] = [
    ['the true size', (n) => n],
    ['zero (a device, a proc file)', () => 0],
    ['too small (the file grew)', (n) => Math.floor(n / 3)],
    ['too large (the file shrank)', (n) => n * 2 + 10],
  ];
  for (const [claim, statSize] of claims) {
    it.each(sizes)(`fstat claiming ${claim}: %i bytes read whole`, async (n) => {
      const text = 'abcdefghij'.repeat(Math.ceil(n / 10)).slice(0, n);
      const { fs } = countingFs({ 'f.txt': text }, statSize);
      const read = await readContained(fs, '/project/f.txt', { boundary: '/project', cap: 1024 * 1024 });
      expect(read.kind).toBe('file');
      expect(Buffer.from((read as { bytes: Uint8Array }).bytes).toString('utf8')).toBe(text);
    });
  }

  it('stops at the cap whatever size fstat claims', async () => {
    const { fs } = countingFs({ 'f.txt': 'x'.repeat(5000) }, () => 10);
    expect(await readContained(fs, '/project/f.txt', { boundary: '/project', cap: 4096 })).toEqual({ kind: 'too-large', cap: 4096 });
    const exact = countingFs({ 'f.txt': 'x'.repeat(4096) }, () => 10).fs;
    expect((await readContained(exact, '/project/f.txt', { boundary: '/project', cap: 4096 })).kind).toBe('file');
  });
});
