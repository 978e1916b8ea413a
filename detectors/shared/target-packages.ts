/**
 * Build-stage Debian packages split by the architecture they serve in a cross build (the compile stages run on the
 * build machine's platform): C libraries' development packages are linked into the binary, so they are the target
 * architecture's (Debian multiarch, `libssl-dev:arm64`); tools (pkg-config, linkers, compilers) run on the build
 * machine, so they are its own.
 */
export interface PackagesByArch {
  /** `-dev` packages of libraries the binary links: installed as `NAME:$TARGETARCH`. */
  target: string[];
  /** Everything else: installed for the build machine. */
  tools: string[];
}

// pkgconf/pkg-config ship -dev-free names; a library's development package ends in -dev (libpq-dev,
// default-libmysqlclient-dev). libc6-dev is the C library itself, which the cross toolchain already brings.
const LIBRARY_DEV = /^(?!libc6-dev$)[a-z0-9][a-z0-9+.-]*-dev$/;

/** Splits build packages into the target's libraries and the build machine's tools, each list in the given order. */
export function packagesByArch(packages: readonly string[]): PackagesByArch {
  return { target: packages.filter((p) => LIBRARY_DEV.test(p)), tools: packages.filter((p) => !LIBRARY_DEV.test(p)) };
}
