import { appendFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, test } from 'vitest';
import { PREFIX, Resources } from './lib/cleanup.js';
import { cmd } from './lib/exec.js';
import { copyFixture, runGenerator } from './lib/fixtures.js';

// The Rust toolchain stage runs on $BUILDPLATFORM; per TARGETARCH it picks the target triple, installs Debian's cross
// linker when the architectures differ and adds the target's standard library with `rustup target add`, which
// downloads it. Where that download server is out of reach, a toolchain image made here from Debian's packages takes
// the rust image's place through the generated RUST_VERSION argument (the Dockerfile itself is unchanged): Debian's
// rustc and cargo, the arm64 standard library (libstd-rust-dev:arm64, a multiarch package), and a `rustup` that only
// checks that the target's library is installed. Everything else (the cross linker from Debian's packages, the
// linker variables, CARGO_BUILD_TARGET, the artifact path, the static probe) is the generated file's own.
const TOOLCHAIN = `FROM debian:trixie
RUN dpkg --add-architecture arm64 \\
 && apt-get update \\
 && apt-get install -y --no-install-recommends rustc cargo gcc libc6-dev libstd-rust-dev:arm64 \\
 && apt-cache show gcc-x86-64-linux-gnu:arm64 libc6-dev-amd64-cross gcc-aarch64-linux-gnu libc6-dev-arm64-cross > /cross-packages \\
 && rm -rf /var/lib/apt/lists/*
ENV CARGO_HOME=/usr/local/cargo
RUN printf '%s\\n' '#!/bin/sh' '[ "$1 $2" = "target add" ] && [ -d "/usr/lib/rustlib/$3/lib" ]' > /usr/local/bin/rustup && chmod +x /usr/local/bin/rustup
`;

const EXPORT = '\nFROM scratch AS export\nCOPY --from=build /out/ /bin/\nCOPY --from=probe /probe/healthcheck /probe/\n';

describe.skipIf(!inject('dockerAvailable'))('Rust cross-compiles per TARGETARCH', () => {
  const res = new Resources();
  afterAll(() => res.release());

  async function exportBinaries(dir: string, args: string[]): Promise<string[]> {
    const out = await mkdtemp(path.join(tmpdir(), 'cdf-e2e-cross-rust-'));
    res.dirs.add(out);
    const b = await cmd('docker', ['build', '--target', 'export', ...args.flatMap((a) => ['--build-arg', a]), '-o', `type=local,dest=${out}`, '.'], { cwd: dir, timeoutMs: 15 * 60_000 });
    expect(b.exitCode, b.all).toBe(0);
    const f = await cmd('file', [path.join(out, 'bin', 'hello-server'), path.join(out, 'probe', 'healthcheck')], {});
    return f.stdout.trim().split('\n');
  }

  test('amd64 (the build platform) and arm64 (cross linker and target library) binaries', async () => {
    const dir = await copyFixture('rust-single-crate');
    res.dirs.add(dir);
    await runGenerator(dir);
    const dockerfile = await readFile(path.join(dir, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM --platform=\$BUILDPLATFORM rust:\$\{RUST_VERSION\}-trixie AS toolchain$/m);
    await appendFile(path.join(dir, 'Dockerfile'), EXPORT);

    const amd64 = await exportBinaries(dir, ['TARGETARCH=amd64']);
    expect(amd64).toHaveLength(2);
    expect(amd64[0]).toMatch(/ELF 64-bit LSB pie executable, x86-64, .*interpreter \/lib64\/ld-linux-x86-64\.so\.2/);
    expect(amd64[1]).toMatch(/ELF 64-bit LSB (pie )?executable, x86-64, .*(statically|static-pie) linked/);

    const version = `${PREFIX}-cross-${inject('runId')}`;
    const toolchain = await mkdtemp(path.join(tmpdir(), 'cdf-e2e-rust-toolchain-'));
    res.dirs.add(toolchain);
    await writeFile(path.join(toolchain, 'Dockerfile'), TOOLCHAIN);
    res.images.add(`rust:${version}-trixie`);
    const t = await cmd('docker', ['build', '-t', `rust:${version}-trixie`, '.'], { cwd: toolchain, timeoutMs: 15 * 60_000 });
    expect(t.exitCode, t.all).toBe(0);

    const arm64 = await exportBinaries(dir, ['TARGETARCH=arm64', `RUST_VERSION=${version}`]);
    expect(arm64).toHaveLength(2);
    expect(arm64[0]).toMatch(/ELF 64-bit LSB pie executable, ARM aarch64, .*interpreter \/lib\/ld-linux-aarch64\.so\.1/);
    expect(arm64[1]).toMatch(/ELF 64-bit LSB (pie )?executable, ARM aarch64, .*(statically|static-pie) linked/);
  });
});
