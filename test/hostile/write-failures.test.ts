import { describe, expect, test } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { BIN } from './cli-run.js';

// The built bin on a full device and a read-only file system: one line on stderr naming the file and the cause,
// exit 2, no stack trace, and the files of the last run left whole. Standard output on a full device is one line
// too; a reader that stops early (`| head -c1`) is not an error and does not stop the run's writes.
// Real devices: a small tmpfs mounted in a private user and mount namespace (unshare -rm), where we may mount.

const canMount = spawnSync('unshare', ['-rm', 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs /mnt && echo ok'], { encoding: 'utf8' }).stdout?.trim() === 'ok';

/** Runs `script` (sh) in a fresh namespace with a tmpfs of `size` at $P; `$CDF` runs the CLI. Returns stdout. */
function inNamespace(script: string, size = '1m'): Promise<string> {
  const setup = `set -u; P=/mnt; E=$(mktemp); trap 'rm -f $E' EXIT; mount -t tmpfs -o size=${size} tmpfs $P; cd $P; CDF() { ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"; };
    printf '%s' '{"scripts":{"start":"node s.js"},"dependencies":{"pg":"8.0.0"}}' > package.json; echo 'x' > s.js;`;
  return new Promise((resolve, reject) => {
    execFile('unshare', ['-rm', 'sh', '-c', `${setup}\n${script}`], { encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH, HOME: '/tmp', CI: 'true', XDG_CACHE_HOME: '/mnt/.cache' } },
      (err, stdout, stderr) => (err && !stdout ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)));
  });
}

/** `code=N`, the stderr lines and the checksums before/after, as the scripts below print them. */
function parse(out: string): Record<string, string> {
  return Object.fromEntries(out.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

describe.skipIf(!canMount)('writes on a full or read-only device (built bin, tmpfs in a user namespace)', () => {
  test.concurrent('a full disk: one line, exit 2, the last run\'s files whole, no temp file left', async () => {
    const out = parse(await inNamespace(`
      CDF --yes --cwd $P >/dev/null 2>&1
      echo "before=$(cat Dockerfile docker-compose.yml .create-dockerfile.yml | md5sum)"
      dd if=/dev/zero of=$P/.fill bs=4k 2>/dev/null
      CDF --yes --port 4000 --cwd $P >/dev/null 2>$E; echo "code=$?"
      echo "stderr=$(tr '\\n' '|' < $E)"; rm -f .fill
      echo "after=$(cat Dockerfile docker-compose.yml .create-dockerfile.yml | md5sum)"
      echo "left=$(ls -A | grep -E '\\.(tmp|backup)$' | tr '\\n' ' ')"`));
    expect(out.code, out.stderr).toBe('2');
    expect(out.stderr).toMatch(/^create-dockerfile: \S+: cannot write \(no space left on the device\); nothing was written, the previous files are as they were; free some space and run again\|$/);
    expect(out.after).toBe(out.before);
    expect(out.left).toBe('');
  });

  test.concurrent('a read-only file system: one line, exit 2, nothing changed', async () => {
    const out = parse(await inNamespace(`
      CDF --yes --cwd $P >/dev/null 2>&1
      echo "before=$(ls -lA --time-style=+%s.%N | md5sum)"
      mount -o remount,ro $P
      CDF --yes --port 4000 --cwd $P >/dev/null 2>$E; echo "code=$?"
      echo "stderr=$(tr '\\n' '|' < $E)"
      echo "after=$(ls -lA --time-style=+%s.%N | md5sum)"`));
    expect(out.code, out.stderr).toBe('2');
    expect(out.stderr).toMatch(/^create-dockerfile: \S+: cannot write \(read-only file system\); nothing was written, the previous files are as they were; make the project folder writable or pass --cwd to another folder and run again\|$/);
    expect(out.after).toBe(out.before);
  });

  test.concurrent('standard output on a full device: one line on stderr and exit 2, no stack trace; the files are written', async () => {
    const out = parse(await inNamespace(`
      CDF --yes --json --cwd $P >/dev/full 2>$E; echo "code=$?"
      echo "stderr=$(tr '\\n' '|' < $E)"
      echo "files=$(ls Dockerfile docker-compose.yml | tr '\\n' ' ')"`));
    expect(out.code, out.stderr).toBe('2');
    expect(out.stderr).toBe('create-dockerfile: standard output: cannot write (no space left on the device); the output is incomplete|');
    expect(out.files).toBe('Dockerfile docker-compose.yml ');
  });

  test.concurrent('a reader that stops early (| head -c1): exit 0 and the run completes its writes', async () => {
    const out = parse(await inNamespace(`
      CDF --yes --cwd $P >/dev/null 2>&1
      { CDF --yes --force --port 4100 --json --cwd $P 2>$E; echo "$?" >$E.rc; } | head -c1 >/dev/null
      echo "stderr=$(tr '\\n' '|' < $E)"; echo "rc=$(cat $E.rc)"; rm -f $E.rc
      echo "expose=$(grep EXPOSE Dockerfile)"`));
    expect(out.rc, out.stderr).toBe('0');
    expect(out.stderr).toBe('');
    expect(out.expose).toBe('EXPOSE 4100');
  });
});
