import type { ProjectFs } from '../../src/fs/project-fs.js';
import { UserError } from '../../src/errors.js';
import { readToml, type CargoPackage, type CargoProject } from './cargo.js';

/** Rust version: --runtime-version, rust-toolchain(.toml), else stable ("1", the rust:1 tags), which satisfies any rust-version. */
export async function resolveRustVersion(fs: ProjectFs, project: CargoProject, pkg: CargoPackage, answer: string | undefined): Promise<{ value: string; source: string }> {
  if (answer !== undefined) return { value: rustTag(answer, '--runtime-version'), source: '--runtime-version' };
  for (const file of ['rust-toolchain.toml', 'rust-toolchain']) {
    const text = await fs.readText(file);
    if (text === undefined) continue;
    const channel = file.endsWith('.toml') || /^\s*\[toolchain\]/m.test(text)
      ? String(((await readToml(fs, file))?.toolchain as { channel?: unknown } | undefined)?.channel ?? '')
      : text.split(/\r?\n/)[0]!.trim();
    if (channel === '') throw new UserError(`${file}: no toolchain channel; write channel = "1.85" (or "stable") under [toolchain]`);
    return { value: rustTag(channel, file), source: `${file} channel "${channel}"` };
  }
  const rv = pkg.rustVersion ?? project.packages.find((p) => p.dir === '')?.rustVersion;
  // rust-version is the oldest compiler the crate supports (its MSRV), not a pin: stable builds it.
  if (rv !== undefined) {
    rustTag(rv, `${pkg.dir ? `${pkg.dir}/` : ''}Cargo.toml rust-version`);
    return { value: '1', source: `rust-version "${rv}" is a minimum (current stable)` };
  }
  return { value: '1', source: 'no toolchain file or rust-version (current stable)' };
}

/** "1.78.0" / "1.78" -> "1.78"; "stable" / "1" -> "1"; nightly and beta have no official image tag. */
function rustTag(channel: string, source: string): string {
  const c = channel.trim();
  if (c === 'stable' || c === '1') return '1';
  const m = /^1\.(\d+)(?:\.\d+)?$/.exec(c);
  if (m) return `1.${m[1]}`;
  throw new UserError(`${source}: ${source.startsWith('--') ? `"${c}"` : 'the channel'} has no official rust image; pin a stable release such as 1.85, or pass --runtime-version 1 to build on stable`);
}
