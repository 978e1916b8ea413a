import { appendFile, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, test } from 'vitest';
import { Resources } from './lib/cleanup.js';
import { cmd } from './lib/exec.js';
import { copyFixture, runGenerator } from './lib/fixtures.js';

// The Go compile stages run on $BUILDPLATFORM and cross-compile for TARGETARCH. This engine has no buildx (and no
// arm64 base images), but BuildKit takes TARGETARCH as a build argument: build the compile stages for arm64 and
// export only their binaries (a scratch stage appended to a copy of the generated file) to check them with `file`.
describe.skipIf(!inject('dockerAvailable'))('Go cross-compiles for linux/arm64', () => {
  const res = new Resources();
  afterAll(() => res.release());

  test('the app and the health probe are arm64 static binaries', async () => {
    const dir = await copyFixture('go-root-main');
    res.dirs.add(dir);
    await runGenerator(dir);
    await appendFile(path.join(dir, 'Dockerfile'), '\nFROM scratch AS export\nCOPY --from=build /out/ /bin/\nCOPY --from=probe /probe/healthcheck /probe/\n');
    const out = await mkdtemp(path.join(tmpdir(), 'cdf-e2e-cross-'));
    res.dirs.add(out);
    const b = await cmd('docker', ['build', '--target', 'export', '--build-arg', 'TARGETARCH=arm64', '-o', `type=local,dest=${out}`, '.'], { cwd: dir, timeoutMs: 10 * 60_000, env: { DOCKER_BUILDKIT: '1' } });
    expect(b.exitCode, b.all).toBe(0);
    const f = await cmd('file', [path.join(out, 'bin', 'greeter'), path.join(out, 'probe', 'healthcheck')], {});
    expect(f.stdout.trim().split('\n')).toHaveLength(2);
    for (const line of f.stdout.trim().split('\n')) expect(line).toMatch(/ELF 64-bit LSB executable, ARM aarch64, .*statically linked/);
    expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toMatch(/^FROM --platform=\$BUILDPLATFORM golang:\S+ AS deps$/m);
  });

  // A cgo build cross-compiles with Debian's cross gcc (gcc-aarch64-linux-gnu, from Debian's packages) set as go env CC.
  test('a cgo app is an arm64 binary linked against glibc (the probe stays static)', async () => {
    const dir = await copyFixture('go-cgo');
    res.dirs.add(dir);
    await runGenerator(dir);
    await appendFile(path.join(dir, 'Dockerfile'), '\nFROM scratch AS export\nCOPY --from=build /out/ /bin/\nCOPY --from=probe /probe/healthcheck /probe/\n');
    const out = await mkdtemp(path.join(tmpdir(), 'cdf-e2e-cross-cgo-'));
    res.dirs.add(out);
    const b = await cmd('docker', ['build', '--target', 'export', '--build-arg', 'TARGETARCH=arm64', '-o', `type=local,dest=${out}`, '.'], { cwd: dir, timeoutMs: 15 * 60_000, env: { DOCKER_BUILDKIT: '1' } });
    expect(b.exitCode, b.all).toBe(0);
    const f = await cmd('file', [path.join(out, 'bin', 'counter'), path.join(out, 'probe', 'healthcheck')], {});
    const [app, probe] = f.stdout.trim().split('\n');
    expect(app).toMatch(/ELF 64-bit LSB executable, ARM aarch64, .*dynamically linked, interpreter \/lib\/ld-linux-aarch64\.so\.1/);
    expect(probe).toMatch(/ELF 64-bit LSB executable, ARM aarch64, .*statically linked/);
  }, 20 * 60_000);
});
