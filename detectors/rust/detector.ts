import { serveArgs } from '../shared/serve/index.js';
import { dockerignoreLines } from '../shared/ignores.js';
import path from 'node:path';
import type { Detector } from '../types.js';
import type { EnvVar, ImageRef } from '../../src/plan/types.js';
import { UserError } from '../../src/errors.js';
import { readCargoProject } from './cargo.js';
import { PROBE_BIN, probeHealthcheck } from '../shared/http-probe.js';
import { scanServerSource } from '../shared/server-source.js';
import { resolveServices } from '../shared/services.js';
import { detectServices } from '../shared/database-choice.js';
import { healthcheckPlan, healthNote, statusBelow } from '../shared/health-check.js';
import { projectHealth } from '../shared/platform-health.js';
import { preferPort } from '../shared/platform-port.js';
import { RUST_DEBIAN_FROM, rustDebian } from '../../src/versions/rust.js';
import { buildPackages, rustRuntime } from './runtime-base.js';
import { packagesByArch, type PackagesByArch } from '../shared/target-packages.js';
import { chooseFeatures, type RustFeatures } from './features-answer.js';
import { nativeLibs } from './native-libs.js';
import { lockedCrates } from './cargo-lock.js';
import { rustBuildPrereqs } from './build-prereqs.js';
import { chooseBinary } from './binary-choice.js';
import { resolveRustVersion } from './toolchain-version.js';
import { leafDirs, localClosure, manifests } from './layout.js';
import { detectRustMigrations } from './migrations.js';
import type { RustMigrateStage } from './migrate-stage.js';

/** Template data of the rust stack (templates/rust). */
export interface RustDetails {
  /** Header line, e.g. "Rust (axum, api)". */
  title: string;
  images: { build: ImageRef; runtime: ImageRef };
  /** Cargo.toml / Cargo.lock files, copied before the source, grouped by destination folder. */
  manifests: { files: string[]; dest: string }[];
  /** Empty target files that let `cargo fetch` read every manifest before the sources are copied. */
  stubDirs: string[];
  stubFiles: string[];
  fetch: string[];
  /** Cache-mount id of the target dir: one per crate, so two projects never share compiled local crates. */
  targetCache: string;
  /** The built binary under target/<triple>/ in the cache-mounted target dir (copied out in the same RUN), and its runtime path. */
  artifact: string;
  output: string;
  target: string;
  /** Where the healthcheck probe (templates/partials/probe-c.hbs, see ../shared/http-probe.ts) goes. */
  probeBin: string;
  /** Packages the Debian slim runtime installs (CA certificates; they bring libssl). */
  runtimePackages: string[];
  /** Debian packages the build stage installs: C libraries' -dev packages (./native-libs.ts) and linker tools. */
  buildPackages: string[];
  /** {@link buildPackages} by architecture: the libraries the binary links are the target's in a cross build. */
  buildByArch: PackagesByArch;
  /** Cargo features the build passes and those declared (the `--features` prompt offers them). */
  features: RustFeatures;
  /** Variables of the build stage (SQLX_OFFLINE). */
  buildEnv: EnvVar[];
  /** The Dockerfile's migrate stage (./migrate-stage.ts), null without a migrate service. */
  migrate: RustMigrateStage | null;
}

const FRAMEWORKS = ['axum', 'actix-web', 'rocket', 'warp', 'poem', 'salvo', 'tide', 'hyper'];

// env::var("PORT") followed by its fallback; then "0.0.0.0:8080"-style literals; then axum's ([0, 0, 0, 0], 3000).
const PORT_PATTERNS = [
  /var(?:_os)?\(\s*"(?<name>(?:[A-Z][A-Z0-9_]*_)?PORT)"\s*\)[\s\S]{0,300}?(?:"(?:[\w.]*:)?(\d{2,5})"|unwrap_or\(\s*(\d{2,5})\s*\))/,
  /"(?:\d{1,3}(?:\.\d{1,3}){3}|localhost|\[::1?\]):(\d{2,5})"/,
  /\(\s*\[\s*0\s*,\s*0\s*,\s*0\s*,\s*0\s*\]\s*,\s*(\d{2,5})\s*\)/,
];


/** Rust crates and workspaces (Cargo.toml): a glibc release build in distroless/cc, with tini as PID 1. */
export const rustDetector: Detector = {
  id: 'rust',
  title: 'Rust',
  manifests: ['Cargo.toml'],

  async detect(fs) {
    return (await fs.exists('Cargo.toml')) ? { stack: 'rust', reason: 'Cargo.toml', weight: 55 } : undefined;
  },

  async plan(fs, answers) {
    if (answers.build !== undefined) throw new UserError('--build: the Rust build is generated (cargo build --release of one binary); choose it with --main bin or --main crate:bin');
    if (answers.base === 'alpine') throw new UserError('--base alpine: the Rust build links against glibc, which alpine lacks; use --base distroless (default) or --base slim');
    const project = await readCargoProject(fs);
    const lockfile = await fs.exists('Cargo.lock');
    const notes: string[] = [];
    if (!lockfile) notes.push('no Cargo.lock: dependency versions are resolved at build time; commit Cargo.lock');
    const { pkg, bin, why } = chooseBinary(project, answers.main);
    notes.push(why);
    if (project.workspace) notes.push(`workspace members ${project.packages.filter((p) => p.member).map((p) => p.dir || '.').join(', ')}; building ${pkg.name}`);
    const version = await resolveRustVersion(fs, project, pkg, answers.runtimeVersion);
    notes.push(`Rust ${version.value === '1' ? 'stable' : version.value}: ${version.source}`);
    const debian = rustDebian(version.value);
    if (!debian) throw new UserError(`${version.source.split(' ')[0]}: Rust ${version.value} has no official rust image on a Debian release that still has package mirrors; pin 1.${RUST_DEBIAN_FROM.at(-1)!.minor} or newer, or pass --runtime-version 1 to build on stable`);
    if (debian !== 'trixie') notes.push(`Rust ${version.value} has no Debian 13 (trixie) image: build and runtime use Debian ${debian === 'bookworm' ? 12 : 11} (${debian})`);

    const closure = localClosure(project, pkg);
    const deps = closure.flatMap((p) => p.deps);
    const locked = lockfile ? await lockedCrates(fs, pkg.name) : undefined;
    const libs = nativeLibs({ deps, depFeatures: closure.flatMap((p) => p.depFeatures), locked }, debian);
    const runtime = rustRuntime(libs, answers, debian, version.value, notes);
    const framework = FRAMEWORKS.find((f) => deps.includes(f)) ?? null;
    const rest = (await fs.glob(`${pkg.dir ? `${pkg.dir}/` : ''}src/**/*.rs`, { deep: 8 })).filter((f) => !pkg.bins.some((b) => b.path === f));
    const scanned = await scanServerSource(fs, [bin.path], rest, PORT_PATTERNS);
    const prereqs = await rustBuildPrereqs(fs, pkg, bin, deps, [bin.path, ...rest]);
    // Your --features replace the detected ones: their notes would say what the build no longer passes.
    notes.push(...(answers.features === undefined ? prereqs.notes : prereqs.notes.filter((n) => !n.startsWith('features '))));
    const features = chooseFeatures(answers.features, pkg, bin, prereqs.features, notes, prereqs.warnings);
    const fallback = framework === 'rocket' ? 8000 : 8080;
    // A variable the source reads beats the project's Dockerfile (ENV X_PORT), which beats a bare literal.
    const facts = { ...scanned, port: await preferPort(fs, scanned.port) };
    const port = answers.port ?? facts.port?.value ?? fallback;
    const portVar = facts.port?.name ?? 'PORT';
    if (answers.port === undefined) notes.push(facts.port ? `port ${port}: ${facts.port.file}${portVar !== 'PORT' ? ` (the app reads $${portVar}: set instead of PORT)` : ''}` : `port ${port}: none found in ${bin.path} (default)`);
    if (facts.loopback) notes.push(`${facts.loopback.file} listens on ${facts.loopback.value}, which is unreachable from outside the container; listen on 0.0.0.0`);
    const health = await projectHealth(fs, facts.healthPath);
    notes.push(healthNote(health));
    const dbChoice = await detectServices(fs, [...deps], answers.services);
    notes.push(...dbChoice.notes);
    const services = resolveServices(dbChoice.services, answers.services);
    for (const s of services) notes.push(`${s.name} service: ${s.reason}`);
    const migrations = await detectRustMigrations(fs, { project, app: { pkg, bin }, closure, services: services.map((s) => s.name), lockfile, debian, base: answers.base, rust: version.value });
    notes.push(...migrations.notes);
    notes.push('signals: a Rust binary installs no SIGTERM handler and PID 1 ignores unhandled signals, so tini is PID 1 and forwards SIGTERM');

    const env: EnvVar[] = [{ name: portVar, value: String(port) }];
    if (framework === 'rocket') env.push({ name: 'ROCKET_ADDRESS', value: '0.0.0.0' }, { name: 'ROCKET_PORT', value: String(port) });
    const target = `/app/${bin.name}`;
    const serve = await serveArgs(fs, bin.name, [bin.path, ...rest]);
    if (serve) notes.push(`start: ${bin.name} ${serve.args.join(' ')} (${serve.source}): the binary serves through that subcommand`);
    const build = ['cargo', 'build', '--release', ...(lockfile ? ['--locked'] : []), ...(project.workspace ? ['--package', pkg.name] : []), '--bin', bin.name, ...(features.chosen.length ? ['--features', features.chosen.join(',')] : [])];
    const stubFiles = project.packages.flatMap((p) => p.stubs);
    const details: RustDetails = {
      title: `Rust (${framework ?? 'std'}, ${pkg.name === bin.name ? bin.name : `${pkg.name}:${bin.name}`})`,
      images: { build: { name: 'rust', tag: `\${RUST_VERSION}-${debian}` }, runtime: runtime.image },
      manifests: await manifests(fs, project, lockfile),
      stubDirs: leafDirs(stubFiles.map((f) => path.posix.dirname(f))),
      stubFiles,
      fetch: ['cargo', 'fetch', ...(lockfile ? ['--locked'] : [])],
      targetCache: `cargo-target-${pkg.name}`,
      artifact: `release/${bin.name}`,
      output: `/out/${bin.name}`,
      target,
      probeBin: PROBE_BIN,
      runtimePackages: runtime.packages,
      buildPackages: [...buildPackages(libs), ...prereqs.linkerPackages],
      buildByArch: packagesByArch([...buildPackages(libs), ...prereqs.linkerPackages]),
      buildEnv: prereqs.env,
      features,
      migrate: migrations.stage,
    };
    return {
      stack: 'rust',
      templates: 'rust',
      packageManager: 'cargo',
      framework,
      runtime: { name: 'rust', version: version.value },
      start: [target, ...(serve?.args ?? [])],
      build,
      port,
      services: services.map((s) => s.name),
      base: runtime.base,
      user: { uid: 65532, gid: 65532 },
      healthcheck: healthcheckPlan(health, probeHealthcheck(port, health.path, statusBelow(health.semantics), portVar), portVar),
      args: [{ name: 'RUST_VERSION', value: version.value }],
      env,
      writableDirs: [],
      dockerignore: IGNORE,
      serviceDetails: services,
      migrate: migrations.migrate,
      notes,
      warnings: prereqs.warnings,
      workspaces: project.workspace ? project.packages.filter((p) => p.member).map((p) => p.dir || '.') : [],
      entries: { chosen: `${pkg.name}:${bin.name}`, all: project.packages.filter((p) => p.member).flatMap((p) => p.bins.map((b) => `${p.name}:${b.name}`)) },
      details: details as unknown as Record<string, unknown>,
    };
  },
};

// rust-toolchain(.toml) already chose the image tag; inside the build rustup would act on it again and download
// that toolchain with its extra components, so it stays out of the context.
const IGNORE = dockerignoreLines(['rust-toolchain', 'rust-toolchain.toml', 'target', '**/target', '**/*.rs.bk']);
