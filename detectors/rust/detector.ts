import { serveArgs } from '../shared/serve/index.js';
import { dockerignoreLines } from '../shared/ignores.js';
import path from 'node:path';
import type { Detector } from '../types.js';
import type { ProjectFs } from '../../src/fs/project-fs.js';
import type { EnvVar, ImageRef } from '../../src/plan/types.js';
import { UserError } from '../../src/errors.js';
import { readCargoProject, readToml, type CargoBin, type CargoPackage, type CargoProject } from './cargo.js';
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
      notes,
      warnings: prereqs.warnings,
      workspaces: project.workspace ? project.packages.filter((p) => p.member).map((p) => p.dir || '.') : [],
      entries: { chosen: `${pkg.name}:${bin.name}`, all: project.packages.filter((p) => p.member).flatMap((p) => p.bins.map((b) => `${p.name}:${b.name}`)) },
      details: details as unknown as Record<string, unknown>,
    };
  },
};

/**
 * The binary to build: `--main bin` or `--main crate:bin`; else the root package's; else the only crate with
 * binaries; else the first by name (noted). Within a crate: default-run, the only bin, the one named after the crate.
 */
export function chooseBinary(project: CargoProject, answer: string | undefined): { pkg: CargoPackage; bin: CargoBin; why: string } {
  const crates = project.packages.filter((p) => p.member && p.bins.length > 0);
  const all = crates.flatMap((p) => p.bins.map((b) => `${p.name}:${b.name}`));
  if (crates.length === 0) throw new UserError('Cargo.toml: no binary target (src/main.rs, src/bin/*.rs or [[bin]]) in any package; add one');
  if (answer !== undefined) {
    const [crate, name] = answer.includes(':') ? answer.split(':', 2) : [undefined, answer];
    const hits = crates.flatMap((p) => p.bins.map((b) => ({ pkg: p, bin: b })))
      .filter((h) => (crate === undefined ? h.bin.name === name : h.pkg.name === crate && h.bin.name === name));
    const byCrate = crate === undefined ? crates.find((p) => p.name === name) : undefined;
    if (hits.length === 1) return { ...hits[0]!, why: `binary ${hits[0]!.bin.name}: --main` };
    if (hits.length === 0 && byCrate) return { pkg: byCrate, ...defaultBin(byCrate), why: `binary of crate ${byCrate.name}: --main` };
    if (hits.length > 1) throw new UserError(`--main: binary "${name}" exists in several crates; use crate:bin, one of ${all.join(', ')}`);
    throw new UserError(`--main: no binary "${answer}"; choose one of ${all.join(', ')}`);
  }
  const rootPkg = crates.find((p) => p.dir === '');
  const pkg = rootPkg ?? (crates.length === 1 ? crates[0]! : [...crates].sort((a, b) => a.name.localeCompare(b.name))[0]!);
  const { bin, why } = defaultBin(pkg);
  const others = all.filter((a) => a !== `${pkg.name}:${bin.name}`);
  const also = others.length ? `; also found ${others.join(', ')} (build one with --main ${others[0]})` : '';
  const crateWhy = rootPkg || crates.length === 1 ? '' : ', first crate by name';
  return { pkg, bin, why: `binary ${bin.name}: ${why}${crateWhy}${also}` };
}

function defaultBin(pkg: CargoPackage): { bin: CargoBin; why: string } {
  const run = pkg.defaultRun ? pkg.bins.find((b) => b.name === pkg.defaultRun) : undefined;
  if (pkg.defaultRun && !run) throw new UserError(`${pkg.dir ? `${pkg.dir}/` : ''}Cargo.toml: default-run "${pkg.defaultRun}" is not a binary of ${pkg.name}; fix it`);
  if (run) return { bin: run, why: 'default-run' };
  if (pkg.bins.length === 1) return { bin: pkg.bins[0]!, why: `the only binary of ${pkg.name}` };
  const named = pkg.bins.find((b) => b.name === pkg.name);
  if (named) return { bin: named, why: 'named after the crate' };
  return { bin: [...pkg.bins].sort((a, b) => a.name.localeCompare(b.name))[0]!, why: 'first binary by name' };
}

/** Distinct folders without the ones another folder in the list contains (`mkdir -p` creates parents). */
function leafDirs(dirs: string[]): string[] {
  const unique = [...new Set(dirs)];
  return unique.filter((d) => !unique.some((o) => o !== d && o.startsWith(`${d}/`)));
}

/** The package and the local packages it depends on, transitively (their dependencies decide services). */
function localClosure(project: CargoProject, pkg: CargoPackage): CargoPackage[] {
  const seen = new Map<string, CargoPackage>([[pkg.dir, pkg]]);
  const byName = new Map(project.packages.map((p) => [p.name, p]));
  const queue = [pkg];
  for (let p = queue.shift(); p; p = queue.shift()) {
    const local = [...p.pathDeps.map((d) => project.packages.find((q) => q.dir === d)), ...p.deps.map((d) => byName.get(d))];
    for (const q of local) if (q && !seen.has(q.dir)) { seen.set(q.dir, q); queue.push(q); }
  }
  return [...seen.values()];
}

async function manifests(fs: ProjectFs, project: CargoProject, lockfile: boolean): Promise<{ files: string[]; dest: string }[]> {
  const root = ['Cargo.toml', ...(lockfile ? ['Cargo.lock'] : [])];
  const out = [{ files: root, dest: './' }];
  if (await fs.exists('.cargo/config.toml')) out.push({ files: ['.cargo/config.toml'], dest: './.cargo/' });
  for (const p of [...project.packages].sort((a, b) => a.dir.localeCompare(b.dir))) {
    if (p.dir) out.push({ files: [`${p.dir}/Cargo.toml`], dest: `${p.dir}/` });
  }
  return out;
}

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

// rust-toolchain(.toml) already chose the image tag; inside the build rustup would act on it again and download
// that toolchain with its extra components, so it stays out of the context.
const IGNORE = dockerignoreLines(['rust-toolchain', 'rust-toolchain.toml', 'target', '**/target', '**/*.rs.bk']);
