import type { BaseFlavour, ImageRef } from '../../src/plan/types.js';
import type { Debian } from '../../src/versions/types.js';
import { cliPin, DIESEL_CLI, REFINERY_CLI, SQLX_CLI, type RustMigrationCli } from '../../src/versions/rust-migration-tools.js';
import { packagesByArch, type PackagesByArch } from '../shared/target-packages.js';
import { nativeLibs, type NativeLib } from './native-libs.js';
import { buildPackages, rustRuntime } from './runtime-base.js';

/** The database a migration runs against, as the tools' features name it. */
export type MigrationBackend = 'postgres' | 'mysql' | 'sqlite';

/**
 * Template data of the Dockerfile's `migrate` stage (templates/partials/rust-migrate-*.hbs): the migration binary on
 * a runtime of its own, with the migrations folder a CLI reads. A plain `docker build` stops at the runtime and
 * builds none of it; compose's migrate service builds it with `target: migrate`.
 */
export interface RustMigrateStage {
  /** The stage the binary comes from: migrate-build (a binary of the workspace) or migrate-tool (a CLI crate). */
  from: 'migrate-build' | 'migrate-tool';
  /** What the stage's comment names: `binary migration of crate migration`, `diesel_cli 2.2.12`. */
  what: string;
  /** A workspace binary: the cargo build (same caches as the app), its artifact under target/<triple>/, and where it goes. */
  build?: { command: string[]; artifact: string; output: string };
  /** A CLI: `cargo install` (the template adds --target and --root) and the build packages of the libraries it links. */
  tool?: { install: string[]; buildPackages: string[]; buildByArch: PackagesByArch };
  /** The binary in that stage, and its path in the migrate image. */
  binary: string;
  target: string;
  /** The migrations folder a CLI reads, copied from the context. */
  migrations?: { from: string; to: string };
  image: ImageRef;
  base: BaseFlavour;
  /** Debian packages of the migrate image (the shared libraries the binary links, CA certificates). */
  runtimePackages: string[];
}

/** Where a CLI's image keeps the migrations folder. */
export const MIGRATIONS_DIR = '/app/migrations';

interface CliSpec {
  cli: RustMigrationCli;
  /** The CLI's features for a backend (only what the project uses: one database, no native TLS). */
  features: (backend: MigrationBackend) => string[];
  /** The C libraries the CLI links for a backend. */
  libs: (backend: MigrationBackend, debian: Debian) => NativeLib[];
  /** argv of the migrate service, after the image's tini. */
  command: (bin: string) => string[];
}

const noLibs = (): NativeLib[] => [];

/** The migration CLIs: diesel_cli links the backend's C client library; sqlx-cli is pure Rust with rustls. */
export const CLI_SPECS: Record<'diesel' | 'sqlx' | 'refinery', CliSpec> = {
  diesel: {
    cli: DIESEL_CLI,
    features: (b) => [b],
    libs: (b, debian) => nativeLibs({ deps: [`diesel-${b}`], depFeatures: [], locked: undefined }, debian),
    // No diesel.toml in the image: `migration run` would regenerate its print_schema file in the read-only sources.
    command: (bin) => [bin, 'migration', 'run', '--migration-dir', MIGRATIONS_DIR],
  },
  sqlx: {
    cli: SQLX_CLI,
    features: (b) => [b, 'rustls'],
    libs: noLibs,
    command: (bin) => [bin, 'migrate', 'run', '--source', MIGRATIONS_DIR],
  },
  refinery: {
    cli: REFINERY_CLI,
    features: (b) => [b === 'postgres' ? 'postgresql' : b === 'sqlite' ? 'sqlite-bundled' : 'mysql'],
    // Its postgres client connects through native-tls (OpenSSL); its mysql client is built without TLS.
    libs: (b, debian) => (b === 'postgres' ? nativeLibs({ deps: ['native-tls'], depFeatures: [], locked: undefined }, debian) : []),
    command: (bin) => [bin, 'migrate', '-e', 'DATABASE_URL', '-p', MIGRATIONS_DIR],
  },
};

/** How the migrate image is built: the Debian release, the user's base choice and the toolchain (for notes). */
export interface StageBase {
  debian: Debian;
  base: BaseFlavour | undefined;
  rust: string;
}

/** The runtime of the migrate image: distroless cc unless the binary links a library it lacks (or --base slim). */
function migrateRuntime(libs: readonly NativeLib[], b: StageBase): { image: ImageRef; base: BaseFlavour; runtimePackages: string[] } {
  const r = rustRuntime(libs, { base: b.base === 'slim' ? 'slim' : undefined }, b.debian, b.rust, []);
  return { image: r.image, base: r.base, runtimePackages: r.packages };
}

/** The migrate stage of a CLI: cargo install of the pinned release, then the binary and the migrations folder. */
export function cliStage(tool: keyof typeof CLI_SPECS, backend: MigrationBackend, locked: string | undefined, migrations: string, b: StageBase): { stage: RustMigrateStage; command: string[]; notes: string[] } {
  const spec = CLI_SPECS[tool];
  const pin = cliPin(spec.cli, locked);
  const features = spec.features(backend);
  const libs = spec.libs(backend, b.debian);
  const build = buildPackages(libs);
  const target = `/usr/local/bin/${spec.cli.bin}`;
  const notes = [`${spec.cli.crate} ${pin.version} (${locked === undefined ? `no ${spec.cli.library} in Cargo.lock: the newest release` : pin.known ? `the line of the locked ${spec.cli.library} ${locked}` : `the locked ${spec.cli.library} ${locked} is newer than the releases known here: the newest known`}), features ${features.join(',')}, compiled in the migrate-tool stage with the project's toolchain`];
  return {
    stage: {
      from: 'migrate-tool',
      what: `${spec.cli.crate} ${pin.version}`,
      tool: { install: ['cargo', 'install', '--locked', '--version', pin.version, '--no-default-features', '--features', features.join(','), spec.cli.crate], buildPackages: build, buildByArch: packagesByArch(build) },
      binary: `/out/bin/${spec.cli.bin}`,
      target,
      migrations: { from: migrations, to: MIGRATIONS_DIR },
      ...migrateRuntime(libs, b),
    },
    command: spec.command(target),
    notes,
  };
}

/** The migrate stage of a workspace binary: built like the app in a migrate-build stage, alone on its runtime. */
export function binaryStage(args: { build: string[]; crate: string; bin: string; libs: readonly NativeLib[] }, b: StageBase): RustMigrateStage {
  return {
    from: 'migrate-build',
    what: `binary ${args.bin} of crate ${args.crate}`,
    build: { command: args.build, artifact: `release/${args.bin}`, output: `/out/migrate/${args.bin}` },
    binary: `/out/migrate/${args.bin}`,
    target: `/app/${args.bin}`,
    ...migrateRuntime(args.libs, b),
  };
}
