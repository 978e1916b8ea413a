import { serveArgs } from '../shared/serve/index.js';
import { dockerignoreLines } from '../shared/ignores.js';
import type { Detector } from '../types.js';
import type { ProjectFs } from '../../src/fs/project-fs.js';
import type { Answers } from '../../src/plan/answers.js';
import type { EnvVar, ImageRef, Plan } from '../../src/plan/types.js';
import { UserError } from '../../src/errors.js';
import { shellWords } from '../shared/shell-words.js';
import { chooseMain, findMains, readGoLayout, type GoMain, type ManifestCopy } from './main-packages.js';
import { PROBE_BIN, probeHealthcheck } from '../shared/http-probe.js';
import { scanServerSource } from '../shared/server-source.js';
import { resolveServicesNoted } from '../shared/services.js';
import { usedModules } from './imported-modules.js';
import { detectServices } from '../shared/database-choice.js';
import { ownValue } from '../../src/own-key.js';
import { healthcheckPlan, healthNote, statusBelow } from '../shared/health-check.js';
import { projectHealth } from '../shared/platform-health.js';
import { preferPort } from '../shared/platform-port.js';
import { GO } from '../../src/versions/go.js';
import { configPort, unprivilegedPort } from './config-port.js';
import { withoutOptional } from '../shared/optional-services.js';
import type { SourceText } from '../shared/health-route.js';
import { findRelease, newestDebian } from '../../src/versions/lookup.js';
import { releaseReport } from '../../src/versions/pin.js';
import { detectCgo } from './cgo.js';
import { goRuntime } from './runtime-base.js';
import { goFrontend, type GoFrontend } from './frontend-embed.js';
import { packagesByArch, type PackagesByArch } from '../shared/target-packages.js';
import { detectGoMigrations, type GoMigrateStage } from './migrations.js';

export { GO_DEFAULT_VERSION, resolveGoVersion } from './go-version.js';
import { resolveGoVersion } from './go-version.js';
/** Alpine release of `--base alpine`. */
export const ALPINE_VERSION = '3.22';

/** Template data of the go stack (templates/go). */
export interface GoDetails {
  /** Header line, e.g. "Go (standard library, cmd/api)". */
  title: string;
  images: { build: ImageRef; runtime: ImageRef };
  /** go.work / go.mod / go.sum files, copied before the source. */
  manifests: ManifestCopy[];
  /** Run `go mod download` (false when dependencies are vendored). */
  download: boolean;
  /** Where the build writes the binary, and where the runtime image holds it. */
  output: string;
  target: string;
  /** Where the healthcheck probe (templates/partials/probe-c.hbs, see ../shared/http-probe.ts) goes. */
  probeBin: string;
  /** Debian slim has no CA bundle: copy the build image's so TLS clients work. */
  caCerts: boolean;
  /** Build with CGO_ENABLED=1 and gcc for the target architecture (see ./cgo.ts). */
  cgo: boolean;
  /** Debian -dev packages the cgo build links; run-time libraries a slim runtime installs. */
  buildPackages: string[];
  /** {@link buildPackages} by architecture: the libraries cgo links are the target's in a cross build. */
  buildByArch: PackagesByArch;
  runtimePackages: string[];
  /** The Node stage building the folder a //go:embed takes (./frontend-embed.ts). */
  frontend: GoFrontend | undefined;
  /** The migrate stage (./migrations.ts): the project's migration program or a migration CLI, for compose's migrate service. */
  migrate: GoMigrateStage | undefined;
}

const FRAMEWORKS: Record<string, string> = {
  'github.com/gin-gonic/gin': 'gin', 'github.com/labstack/echo/v4': 'echo', 'github.com/gofiber/fiber/v2': 'fiber',
  'github.com/gofiber/fiber/v3': 'fiber', 'github.com/go-chi/chi/v5': 'chi', 'github.com/gorilla/mux': 'gorilla/mux',
};

// os.Getenv("PORT") (or LookupEnv) followed by its fallback literal; then a ":8080" / "0.0.0.0:8080" literal (not
// a struct tag's `default:50`, a settings default of any number).
const PORT_PATTERNS = [
  /(?:Getenv|LookupEnv)\(\s*"(?<name>(?:[A-Z][A-Z0-9_]*_)?PORT)"\s*\)[\s\S]{0,300}?"(?:[\w.-]*:)?(\d{2,5})"/,
  /"(?!(?:default|envDefault|env-default):)(?:[\w.-]*|\[[\w:]*\]):(\d{2,5})"/,
];

/** Go modules and workspaces (go.mod, go.work): a static binary in distroless/static. */
export const goDetector: Detector = {
  id: 'go',
  title: 'Go',
  manifests: ['go.mod', 'go.work'],

  async detect(fs) {
    if (await fs.exists('go.work')) return { stack: 'go', reason: 'go.work workspace', weight: 55 };
    if (await fs.exists('go.mod')) return { stack: 'go', reason: 'go.mod', weight: 55 };
    return undefined;
  },

  async plan(fs, answers) {
    if (answers.build !== undefined) throw new UserError('--build: the Go build is generated (static go build of the main package); choose the package with --main instead');
    const layout = await readGoLayout(fs);
    const notes = [...layout.notes];
    const mains = await findMains(fs, layout);
    const { main, notes: mainNotes } = await chooseMain(fs, layout, mains, answers.main);
    notes.push(...mainNotes);
    if (layout.work) notes.push(`go.work modules ${layout.modules.map((m) => m.dir || '.').join(', ')}; building ${main.dir} of module ${main.module.mod.module}`);
    const version = resolveGoVersion([layout.work, ...layout.modules.map((m) => m.mod)], answers.runtimeVersion);
    notes.push(`Go ${version.version}: ${version.source}`);
    const release = findRelease(GO, version.version)!;
    const debian = newestDebian(release)!;
    const report = releaseReport(GO, release, version.pinned, debian);
    notes.push(...report.notes);

    const direct = main.module.mod.requires.filter((r) => !r.indirect).map((r) => r.path);
    const framework = direct.map((d) => ownValue(FRAMEWORKS, d)).find(Boolean) ?? null;
    const vendored = (await fs.exists(inDir(main.module.dir, 'vendor/modules.txt'))) || (layout.work !== undefined && (await fs.exists('vendor/modules.txt')));
    if (vendored) notes.push('vendor/modules.txt: dependencies come from vendor/, no download step');
    else if (main.module.mod.requires.some((r) => !main.module.mod.locallyReplaced.includes(r.path)) && !(await fs.exists(inDir(main.module.dir, 'go.sum')))) {
      notes.push(`${inDir(main.module.dir, 'go.mod')} has requires but no go.sum: the build will fail; run go mod tidy and commit go.sum`);
    }

    const name = main.name;
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw new UserError(`${main.dir}: binary name "${name}" has unusual characters; rename the folder or pass --main`);
    const others = await otherSources(fs, main, mains);
    const scanned = await scanServerSource(fs, main.files, others, PORT_PATTERNS);
    // A variable the main package reads beats the project's Dockerfile (ENV X_PORT), which beats a variable a
    // settings package declares (config/: struct tags, constants), which beats a bare literal.
    const preferred = await preferPort(fs, scanned.port);
    const goSources = await readSources(fs, [...main.files, ...others]);
    const facts = { ...scanned, port: preferred?.name ? preferred : configPort(goSources) ?? preferred };
    const chosen = facts.port ? unprivilegedPort(facts.port) : undefined;
    const port = answers.port ?? chosen?.value ?? 8080;
    const portVar = facts.port?.name ?? 'PORT';
    if (answers.port === undefined) notes.push(facts.port ? `port ${port}: ${facts.port.file}${portVar !== 'PORT' ? ` (the app reads $${portVar}: set instead of PORT)` : ''}${chosen?.note ? `; ${chosen.note}` : ''}` : 'port 8080: no port found in the main package (default)');
    if (facts.loopback) notes.push(`${facts.loopback.file} listens on ${facts.loopback.value}, which is unreachable from outside the container; listen on 0.0.0.0`);
    const health = await projectHealth(fs, facts.healthPath);
    notes.push(healthNote(health));

    // The modules the app uses: direct requirements, and indirect ones its code imports (an untidy go.mod).
    const modules = usedModules(main.module.mod.requires, goSources);
    const dbChoice = await detectServices(fs, modules, answers.services);
    notes.push(...dbChoice.notes);
    const used = withoutOptional(dbChoice.services, goSources, answers.services);
    notes.push(...used.notes);
    const { plans: services, notes: urlNotes } = resolveServicesNoted(used.services, answers.services, modules);
    for (const s of services) notes.push(`${s.name} service: ${s.reason}`);
    notes.push(...urlNotes);
    const embedWarnings: string[] = [];
    const frontend = await goFrontend(fs, [...main.files, ...others], notes, embedWarnings);
    const cgo = await detectCgo(fs, main.module.dir, main.module.mod, [...main.files, ...others], debian);
    const runtime = goRuntime(answers, debian, version.version, cgo, notes);
    const base = runtime.base;
    const target = `/app/${name}`;
    const serve = answers.start === undefined ? await serveArgs(fs, name, [...main.files, ...others]) : undefined;
    if (serve) notes.push(`start: ${name} ${serve.args.join(' ')} (${serve.source}): the binary serves through that subcommand`);
    const pkg = main.dir === '.' ? '.' : `./${main.dir}`;
    const build = ['go', 'build', '-trimpath', '-ldflags=-s -w', '-o', `/out/${name}`, pkg];
    const inMain = new Set(main.files);
    const migrations = await detectGoMigrations(fs, {
      served: main, mains, services, build,
      mainSources: goSources.filter((s) => inMain.has(s.file)), otherSources: goSources.filter((s) => !inMain.has(s.file)),
    });
    notes.push(...migrations.notes);
    if (migrations.migrate) notes.push(`migrate service (${migrations.migrate.tool}): ${migrations.migrate.reason}; runs before the app`);
    const args: EnvVar[] = [{ name: 'GO_VERSION', value: version.version }];
    if (base === 'alpine') args.push({ name: 'ALPINE_VERSION', value: ALPINE_VERSION });
    notes.push('signals: the Go runtime exits on SIGTERM even as PID 1 (it installs its own handler), so no init process is added');

    const details: GoDetails = {
      title: `Go (${framework ?? 'standard library'}, ${main.dir === '.' ? main.module.mod.module : main.dir})`,
      images: { build: { name: 'golang', tag: `\${GO_VERSION}-${debian}` }, runtime: runtime.image },
      manifests: layout.manifests,
      download: !vendored,
      output: `/out/${name}`,
      target,
      probeBin: PROBE_BIN,
      caCerts: base === 'slim',
      cgo: cgo !== undefined,
      buildPackages: cgo?.buildPackages ?? [],
      buildByArch: packagesByArch(cgo?.buildPackages ?? []),
      runtimePackages: runtime.packages,
      frontend,
      migrate: migrations.stage,
    };
    return {
      stack: 'go',
      templates: 'go',
      packageManager: 'go',
      framework,
      runtime: { name: 'go', version: version.version },
      start: parseStart(answers.start) ?? [target, ...(serve?.args ?? [])],
      build,
      port,
      services: services.map((s) => s.name),
      base,
      user: { uid: 65532, gid: 65532 },
      healthcheck: healthcheckPlan(health, probeHealthcheck(port, health.path, statusBelow(health.semantics), portVar), portVar),
      args,
      env: [{ name: portVar, value: String(port) }],
      writableDirs: [],
      dockerignore: [...goDockerignore(vendored), ...(frontend ? [frontend.output] : [])],
      serviceDetails: services,
      migrate: migrations.migrate,
      notes,
      warnings: [...report.warnings, ...embedWarnings],
      acceptedEol: report.acceptedEol,
      workspaces: layout.work ? layout.modules.map((m) => m.dir || '.') : [],
      entries: { chosen: main.dir, all: [...new Set([main.dir, ...mains.map((m) => m.dir)])] },
      details: details as unknown as Record<string, unknown>,
    };
  },
};

const inDir = (dir: string, f: string): string => (dir && dir !== '.' ? `${dir}/${f}` : f);

/** A bounded read of Go files (the chosen main package first; project globs leave vendor/ out). */
async function readSources(fs: ProjectFs, files: string[]): Promise<SourceText[]> {
  const sources: SourceText[] = [];
  for (const file of files.slice(0, MAX_SOURCE_FILES)) {
    const text = await fs.readText(file).catch(() => undefined);
    if (text !== undefined && text.length <= MAX_SOURCE_BYTES) sources.push({ file, text });
  }
  return sources;
}
const MAX_SOURCE_FILES = 300;
const MAX_SOURCE_BYTES = 256 * 1024;

/** Non-test Go files of the chosen module outside every main package folder (routers often live in internal/). */
async function otherSources(fs: ProjectFs, main: GoMain, mains: GoMain[]): Promise<string[]> {
  const skip = new Set([main.dir, ...mains.map((m) => m.dir)].map((d) => (d === '.' ? '' : d)));
  const files = await fs.glob(main.module.dir ? `${main.module.dir}/**/*.go` : '**/*.go', { deep: 8 });
  return files.filter((f) => !f.endsWith('_test.go') && !skip.has(f.includes('/') ? f.slice(0, f.lastIndexOf('/')) : ''));
}

function parseStart(line: string | undefined): string[] | undefined {
  if (line === undefined) return undefined;
  const words = shellWords(line, '--start');
  if (words.length === 0 || words.some((w) => typeof w !== 'string')) {
    throw new UserError(`--start: "${line}" needs a shell, which the runtime image does not have; pass the binary and its arguments only`);
  }
  return words as string[];
}

const IGNORE = dockerignoreLines(['**/*_test.go', '**/testdata', '*.test', 'coverage.out', '*.coverprofile']);

/** .dockerignore lines: tests never reach the image, vendor/ only when the build uses it. */
function goDockerignore(vendored: boolean): string[] {
  return vendored ? IGNORE : [...IGNORE, 'vendor'];
}
