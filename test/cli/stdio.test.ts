import { afterEach, beforeEach, expect, test, vi } from 'vitest';

// src/cli/stdio.ts writes to descriptors 1 and 2 with fs.writeSync (building process.stdout loads the stream stack).
// Here writeSync is replaced: each test gets a fresh module (its error state is per process) and a script of what
// each descriptor does. The built bin on a full device and behind `| head -c1` is test/hostile/write-failures.test.ts.
const written: Record<number, string> = {};
let behaviour: (fd: number, bytes: Buffer) => number;

vi.mock('node:fs', async (original) => ({
  ...(await original<typeof import('node:fs')>()),
  writeSync: (fd: number, buf: Buffer, offset: number, length: number) => behaviour(fd, buf.subarray(offset, offset + length)),
}));

const errno = (code: string) => Object.assign(new Error(code), { code });
const record = (fd: number, bytes: Buffer): number => ((written[fd] = (written[fd] ?? '') + bytes.toString('utf8')), bytes.length);

beforeEach(() => {
  vi.resetModules();
  for (const fd of Object.keys(written)) delete written[Number(fd)];
  behaviour = record;
});
afterEach(() => vi.restoreAllMocks());

test('writes each text whole, in order, through short writes', async () => {
  behaviour = (fd, bytes) => record(fd, bytes.subarray(0, 3)); // at most 3 bytes a call, as a busy pipe may take
  const { guardStdio, writeErr, writeOut } = await import('../../src/cli/stdio.js');
  const guard = guardStdio();
  writeOut('héllo ');
  writeErr('warn\n');
  writeOut('world\n');
  expect(await guard.finish(0)).toBe(0);
  expect(written).toEqual({ 1: 'héllo world\n', 2: 'warn\n' });
});

test('a descriptor that would block (EAGAIN) hands the rest, and every later text, to process.stdout', async () => {
  let calls = 0;
  behaviour = (fd, bytes) => (++calls === 1 ? record(fd, bytes.subarray(0, 4)) : thrower('EAGAIN'));
  const viaStream: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (viaStream.push(Buffer.from(chunk).toString('utf8')), true));
  const { guardStdio, writeOut } = await import('../../src/cli/stdio.js');
  const guard = guardStdio();
  writeOut('abcdefgh');
  writeOut('ij');
  expect(await guard.finish(0)).toBe(0);
  expect(written[1]).toBe('abcd');
  expect(viaStream).toEqual(['efgh', 'ij']);
});

test('a reader that went away (EPIPE) is not an error: exit code kept, nothing on stderr, the rest is dropped', async () => {
  behaviour = (fd, bytes) => (fd === 1 ? thrower('EPIPE') : record(fd, bytes));
  const { guardStdio, writeOut } = await import('../../src/cli/stdio.js');
  const guard = guardStdio();
  writeOut('a');
  writeOut('b');
  expect(await guard.finish(0)).toBe(0);
  expect(written[2]).toBeUndefined();
});

test('any other failure of standard output: one line on stderr and exit 2 (a failure code is kept)', async () => {
  let attempts = 0;
  behaviour = (fd, bytes) => (fd === 1 ? (attempts++, thrower('ENOSPC')) : record(fd, bytes));
  const { guardStdio, writeOut } = await import('../../src/cli/stdio.js');
  const guard = guardStdio();
  writeOut('a');
  writeOut('b');
  expect(attempts).toBe(1); // no write after the first failure
  expect(await guard.finish(0)).toBe(2);
  expect(written[2]).toBe('create-dockerfile: standard output: cannot write (no space left on the device); the output is incomplete\n');
  const again = (await import('../../src/cli/stdio.js')).guardStdio();
  expect(await again.finish(1)).toBe(1);
});

test('process.stdout built later (the prompts, audit, verify) is guarded too: its error is reported by finish', async () => {
  const { guardStdio } = await import('../../src/cli/stdio.js');
  const guard = guardStdio();
  process.stdout.emit('error', errno('EIO'));
  expect(await guard.finish(0)).toBe(2);
  expect(written[2]).toMatch(/^create-dockerfile: standard output: cannot write \(.*\); the output is incomplete\n$/);
});

function thrower(code: string): never {
  throw errno(code);
}
