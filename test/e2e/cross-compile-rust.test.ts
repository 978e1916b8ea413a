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

  async function exportBinaries(dir: string, args: string[], binary = 'hello-server'): Promise<string[]> {
    const out = await mkdtemp(path.join(tmpdir(), 'cdf-e2e-cross-rust-'));
    res.dirs.add(out);
    const b = await cmd('docker', ['build', '--target', 'export', ...args.flatMap((a) => ['--build-arg', a]), '-o', `type=local,dest=${out}`, '.'], { cwd: dir, timeoutMs: 15 * 60_000 });
    expect(b.exitCode, b.all).toBe(0);
    const f = await cmd('file', [path.join(out, 'bin', binary), path.join(out, 'probe', 'healthcheck')], {});
    const lines = f.stdout.trim().split('\n');
    // The libraries the binary loads at run time (its DT_NEEDED entries), read from the ELF file itself.
    const needed = await cmd('readelf', ['-d', path.join(out, 'bin', binary)], {});
    return [...lines, needed.stdout];
  }

  let toolchainVersion: string | undefined;
  /** A rust toolchain image this file builds from Debian's packages (see TOOLCHAIN), once for its tests. */
  async function toolchain(): Promise<string> {
    if (toolchainVersion) return toolchainVersion;
    const version = `${PREFIX}-cross-${inject('runId')}`;
    const dir = await mkdtemp(path.join(tmpdir(), 'cdf-e2e-rust-toolchain-'));
    res.dirs.add(dir);
    await writeFile(path.join(dir, 'Dockerfile'), TOOLCHAIN);
    res.images.add(`rust:${version}-trixie`);
    const t = await cmd('docker', ['build', '-t', `rust:${version}-trixie`, '.'], { cwd: dir, timeoutMs: 15 * 60_000 });
    expect(t.exitCode, t.all).toBe(0);
    return (toolchainVersion = version);
  }

  test('amd64 (the build platform) and arm64 (cross linker and target library) binaries', async () => {
    const dir = await copyFixture('rust-single-crate');
    res.dirs.add(dir);
    await runGenerator(dir);
    const dockerfile = await readFile(path.join(dir, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM --platform=\$BUILDPLATFORM rust:\$\{RUST_VERSION\}-trixie AS toolchain$/m);
    await appendFile(path.join(dir, 'Dockerfile'), EXPORT);

    const amd64 = await exportBinaries(dir, ['TARGETARCH=amd64']);
    expect(amd64).toHaveLength(3);
    expect(amd64[0]).toMatch(/ELF 64-bit LSB pie executable, x86-64, .*interpreter \/lib64\/ld-linux-x86-64\.so\.2/);
    expect(amd64[1]).toMatch(/ELF 64-bit LSB (pie )?executable, x86-64, .*(statically|static-pie) linked/);

    const version = await toolchain();
    const arm64 = await exportBinaries(dir, ['TARGETARCH=arm64', `RUST_VERSION=${version}`]);
    expect(arm64).toHaveLength(3);
    expect(arm64[0]).toMatch(/ELF 64-bit LSB pie executable, ARM aarch64, .*interpreter \/lib\/ld-linux-aarch64\.so\.1/);
    expect(arm64[1]).toMatch(/ELF 64-bit LSB (pie )?executable, ARM aarch64, .*(statically|static-pie) linked/);
  });

  // A crate linking a system library (openssl-sys: libssl through pkg-config): the build stage installs the target
  // architecture's libssl-dev (Debian multiarch) and pkg-config searches that architecture's folder, so the arm64
  // binary links the arm64 OpenSSL; before, the build machine's amd64 libssl-dev made the arm64 link fail.
  test('a crate linking OpenSSL: the arm64 binary links the arm64 libcrypto.so.3 (multiarch -dev package, per-target pkg-config)', async () => {
    const dir = await copyFixture('rust-linked-openssl');
    res.dirs.add(dir);
    await runGenerator(dir);
    const dockerfile = await readFile(path.join(dir, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain('libssl-dev:"$TARGETARCH" pkg-config');
    await appendFile(path.join(dir, 'Dockerfile'), EXPORT);
    const amd64 = await exportBinaries(dir, ['TARGETARCH=amd64'], 'tls-info');
    expect(amd64[0]).toMatch(/ELF 64-bit LSB pie executable, x86-64, .*interpreter \/lib64\/ld-linux-x86-64\.so\.2/);
    // The linker keeps only the libraries whose symbols the binary uses (--as-needed): the fixture's are libcrypto's.
    expect(amd64[2]).toMatch(/NEEDED.*\[libcrypto\.so\.3\]/);
    const arm64 = await exportBinaries(dir, ['TARGETARCH=arm64', `RUST_VERSION=${await toolchain()}`], 'tls-info');
    expect(arm64[0]).toMatch(/ELF 64-bit LSB pie executable, ARM aarch64, .*interpreter \/lib\/ld-linux-aarch64\.so\.1/);
    expect(arm64[1]).toMatch(/ELF 64-bit LSB (pie )?executable, ARM aarch64, .*(statically|static-pie) linked/);
    expect(arm64[2]).toMatch(/NEEDED.*\[libcrypto\.so\.3\]/);
  }, 30 * 60_000);
});
