import type { ProjectFs } from '../../src/fs/project-fs.js';
import type { Debian } from '../../src/versions/types.js';
import { goMinor, type GoModFile } from './go-mod.js';

/** What a module that only builds with cgo needs beyond gcc and glibc (both in the golang Debian images). */
interface CgoModule {
  /** Why it needs cgo, for the summary. */
  why: string;
  /** Debian -dev packages of a system library it links (the build stage installs them). */
  build?: string[];
  /** That library's run-time package per Debian release (the runtime installs it; distroless has none). */
  runtime?: Partial<Record<Debian, string>>;
}

const VIPS: CgoModule = { why: 'links libvips', build: ['libvips-dev'], runtime: { bullseye: 'libvips42', bookworm: 'libvips42', trixie: 'libvips42t64' } };

/** Go modules that do not build with CGO_ENABLED=0 (pure-Go alternatives such as modernc.org/sqlite are absent on purpose). */
const CGO_MODULES: ReadonlyMap<string, CgoModule> = new Map([
  ['github.com/mattn/go-sqlite3', { why: 'compiles its bundled SQLite C source' }],
  ['github.com/mutecomm/go-sqlcipher/v4', { why: 'compiles its bundled SQLCipher C source' }],
  ['crawshaw.io/sqlite', { why: 'compiles its bundled SQLite C source' }],
  ['github.com/confluentinc/confluent-kafka-go', { why: 'links its bundled librdkafka (built for glibc)' }],
  ['github.com/confluentinc/confluent-kafka-go/v2', { why: 'links its bundled librdkafka (built for glibc)' }],
  ['github.com/DataDog/zstd', { why: 'compiles its bundled zstd C source' }],
  ['github.com/valyala/gozstd', { why: 'links its bundled libzstd' }],
  ['github.com/h2non/bimg', VIPS],
  ['github.com/davidbyttow/govips/v2', VIPS],
]);

/** Why the build needs cgo, and the Debian packages that adds to the build and runtime stages. */
export interface GoCgo {
  /** e.g. "github.com/mattn/go-sqlite3 (go.mod, indirect) compiles its bundled SQLite C source". */
  reasons: string[];
  buildPackages: string[];
  /** Run-time libraries beyond glibc; empty when distroless base (glibc) is enough. */
  runtimePackages: string[];
}

// `import "C"` alone, or as a line of an import block.
const IMPORT_C = /^import\s+"C"\s*(?:\/\/.*)?$|^import\s*\([^)]*^\s*"C"\s*(?:\/\/.*)?$/m;
// A file that only builds with cgo on (`//go:build cgo`) has a sibling for CGO_ENABLED=0; one for another OS is not built.
const OPTIONAL = /^\/\/go:build\s.*\b(?:cgo|windows|darwin|ios|android|freebsd|openbsd|netbsd|js|wasip1|plan9)\b/m;
const OTHER_OS = /_(?:windows|darwin|ios|android|freebsd|openbsd|netbsd|js|wasip1|plan9)(?:_[a-z0-9]+)?\.go$/;

/**
 * Does the build need cgo? A cgo-only module in go.mod (direct or `// indirect`, e.g. go-sqlite3 through
 * gorm.io/driver/sqlite); for go.mod files before Go 1.17, which list no indirect modules, a module whose code go.sum
 * holds; or an `import "C"` in the project's own non-test files. Undefined when a static build works.
 */
export async function detectCgo(fs: ProjectFs, moduleDir: string, mod: GoModFile, sources: string[], debian: Debian): Promise<GoCgo | undefined> {
  const reasons: string[] = [];
  const hits: CgoModule[] = [];
  const goMod = inDir(moduleDir, 'go.mod');
  for (const r of mod.requires) {
    const m = CGO_MODULES.get(r.path);
    if (m) { hits.push(m); reasons.push(`${r.path} (${goMod}${r.indirect ? ', indirect' : ''}) ${m.why}`); }
  }
  if ((goMinor(mod.go ?? '1.16') ?? 16) < 17) {
    const sum = (await fs.readText(inDir(moduleDir, 'go.sum'))) ?? '';
    for (const [path, m] of CGO_MODULES) {
      if (reasons.some((r) => r.startsWith(`${path} `))) continue;
      if (sum.split(/\r?\n/).some((l) => { const w = l.split(/\s+/); return w[0] === path && w[2]?.startsWith('h1:') && !w[1]?.endsWith('/go.mod'); })) {
        hits.push(m);
        reasons.push(`${path} (${inDir(moduleDir, 'go.sum')}) ${m.why}`);
      }
    }
  }
  for (const file of sources) {
    if (file.endsWith('_test.go') || OTHER_OS.test(file)) continue;
    const text = (await fs.readText(file)) ?? '';
    if (IMPORT_C.test(text) && !OPTIONAL.test(text)) { reasons.push(`${file} has import "C"`); break; }
  }
  if (reasons.length === 0) return undefined;
  const buildPackages = [...new Set(hits.flatMap((h) => h.build ?? []))];
  const runtimePackages = [...new Set(hits.flatMap((h) => (h.runtime?.[debian] ? [h.runtime[debian]!] : [])))];
  return { reasons, buildPackages, runtimePackages };
}

const inDir = (dir: string, f: string): string => (dir && dir !== '.' ? `${dir}/${f}` : f);
