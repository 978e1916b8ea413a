import path from 'node:path';
import type { ProjectFs } from '../../../src/fs/project-fs.js';
import type { EnvVar } from '../../../src/plan/types.js';
import { sourceFiles } from '../env/source-reads.js';
import { runDirOf, type RunDir } from './compiled-dir.js';

/** A path the app's code writes to, written into the code itself (no variable names it). */
export interface CodeDataPath {
  /** Relative to the app's working directory, normalised (`data`, `data/images`, `db.sqlite3`). */
  path: string;
  /** A directory the app writes files into, or a SQLite database file. */
  kind: 'dir' | 'sqlite';
  /** Where it was found (file and the kind of write), for the notes. */
  source: string;
  /**
   * Only the fallback of a database URL variable: the same settings replace it from one (`dj_database_url`,
   * django-environ's `env.db()`), so a compose database service makes it unused.
   */
  urlFallback?: true;
  /**
   * The variable the path is joined to, read without a default (`f"{os.getenv('APP_FOLDER')}/project/media"`): unset,
   * the path starts with `None/`; the image sets it to the app's folder.
   */
  baseVar?: string;
  /**
   * The variable whose value names the folder (`path.join(__dirname, '..', process.env.UPLOAD_DIRNAME ?? 'uploads')`)
   * and the value the path was made with: the image and compose set it to that value, so the app writes where the
   * volume is whichever default (the code's, a schema's, an example file's) would otherwise win.
   */
  folderVar?: EnvVar;
}

const MAX_BYTES = 256 * 1024;
/** A relative path literal: no absolute path, no parent, no interpolation. */
const REL = `((?:\\./)?[A-Za-z0-9_][A-Za-z0-9._/-]*)`;
/** Last parts of a path that hold the app's data, for the broader patterns (a joined path may be anything: `public`). */
const DATA_LEAF = /^(data|uploads?|files|media|storage|db|database|attachments|persist(ent)?|state|blobs?|images)$/i;
const SQLITE_FILE = /\.(db|db3|sqlite|sqlite3)$/i;
const CWD = `(?:process\\.cwd\\(\\))`;
const BASE = `(?:BASE_DIR\\s*/\\s*['"]${REL}['"]|os\\.path\\.join\\(\\s*BASE_DIR\\s*,\\s*['"]${REL}['"]\\s*\\))`;

/** One way code names a data path: the regex (the path in the first set group of `groups`), and what it is. */
interface WritePattern {
  re: RegExp;
  kind: 'dir' | 'sqlite' | 'file-or-dir';
  what: string;
  groups?: number[];
  /** Only when the path's last part looks like data (`path.join(__dirname, 'data')`, not `'public'`). */
  dataLeaf?: boolean;
  /** Relative to the folder of the file holding it (`__dirname`), not the working directory. */
  fileRelative?: boolean;
  /** Only in files matching this. */
  when?: RegExp;
  /** The path is only a fallback in files matching this (see {@link CodeDataPath.urlFallback}). */
  fallbackWhen?: RegExp;
  /** The group holding the base-directory variable the path is joined to (see {@link CodeDataPath.baseVar}). */
  baseGroup?: number;
  /** Builds the path from the match when it is not one group (a join ending in a variable's value). */
  build?: (m: RegExpMatchArray, defaults: ReadonlyMap<string, string>) => BuiltPath | undefined;
}

/** A path a {@link WritePattern.build} made: the raw path, how it was written, and the variable naming its folder. */
interface BuiltPath {
  raw: string;
  what: string;
  folderVar: EnvVar;
}

/** A string literal of relative path parts (`'..'`, `'../../..'`, `'lib'`), one argument of a path.join. */
const SEGMENT = `(['"])(?!/)[A-Za-z0-9._/-]+\\2`;
/** A variable's value: `process.env.NAME`, `process.env['NAME']`, a config object's `fastify.config.NAME` / `env.NAME`. */
const VAR_READ = `(?:process\\.env\\[\\s*['"]([A-Z][A-Z0-9_]*)['"]\\s*\\]|(?:[A-Za-z_$][\\w$]*\\s*\\.\\s*)+([A-Z][A-Z0-9_]*)\\b)`;
/**
 * `path.join(import.meta.dirname, '..', process.env.UPLOAD_DIRNAME ?? 'uploads')`: a folder named by a variable,
 * under the file's folder (parents allowed), with the default in the code or among the app's variables.
 */
const JS_VAR_JOIN = new RegExp(`\\bpath\\.(?:join|resolve)\\(\\s*(?:__dirname|import\\.meta\\.dirname)\\s*,((?:\\s*${SEGMENT}\\s*,)*)\\s*${VAR_READ}(?:\\s*(?:\\?\\?|\\|\\|)\\s*(['"])${REL}\\5)?\\s*[,)]`, 'g');
/** A value that is a relative path literal ({@link REL}) as a whole. */
const WHOLE_REL = new RegExp(`^${REL}$`);

/**
 * The path of a {@link JS_VAR_JOIN} match: the literal parts, then the variable's value the app runs with (its
 * example or schema value, else the default written beside the read); undefined for a variable with neither.
 */
function varJoinPath(m: RegExpMatchArray, defaults: ReadonlyMap<string, string>): BuiltPath | undefined {
  const name = (m[3] ?? m[4])!;
  const value = defaults.get(name) ?? m[6];
  if (value === undefined || !WHOLE_REL.test(value)) return undefined;
  const parts = [...m[1]!.matchAll(/['"]([^'"]+)['"]/g)].map((s) => s[1]!);
  return { raw: path.posix.join(...parts, value), what: `path.join(__dirname) of ${name}`, folderVar: { name, value } };
}

/**
 * A write in a JavaScript file: fs's writeFile/appendFile/mkdir/createWriteStream/copyFile/rename/open for writing
 * (also as promises and fs-extra's outputFile/writeJson/ensureDir/mkdirp), multer's dest or diskStorage, a SQLite
 * open (better-sqlite3's `new Database`, sqlite3's `new sqlite3.Database`, `open({ filename })` of the sqlite
 * package) or lowdb/nedb/LokiJS stores. A `path.join(__dirname, 'data')` counts only in a file that has one: a file
 * that only reads (`readFileSync(path.join(__dirname, 'data', 'products.json'))`) ships that folder in the image.
 */
const JS_WRITE = /\b(?:writeFile|appendFile|mkdir|mkdirp|ensureDir|ensureFile|outputFile|outputJson|writeJson|createWriteStream|copyFile|rename)(?:Sync)?\s*\(|\bopen(?:Sync)?\s*\([^)\n]*['"](?:w|a|r\+|w\+|a\+|wx|ax)['"]|\bmulter\b|\bdiskStorage\b|\bnew\s+(?:\w+\.)?Database\s*\(|\bopen\s*\(\s*\{[^}]*\bfilename\b|\b(?:lowdb|JSONFile(?:Sync)?|nedb|Datastore|lokijs|Loki)\b/;

// Django settings that take the database from a URL variable when it is set (dj-database-url, django-environ).
const DJANGO_DB_FROM_URL = /\bdj_database_url\.(?:config|parse)\(|\benv\.(?:db|db_url)\(/;

// A base-directory variable read without a default (a default makes the path the app's own choice).
const PY_BASE_VAR = `os\\.(?:getenv|environ\\.get)\\(\\s*['"]([A-Z][A-Z0-9_]*)['"]\\s*\\)`;

const WRITES: Record<string, WritePattern[]> = {
  js: [
    { re: new RegExp(`\\b(?:mkdirSync|mkdir|mkdirp|mkdirpSync|ensureDir|ensureDirSync)\\(\\s*(['"\`])${REL}\\1`, 'g'), kind: 'dir', what: 'mkdir', groups: [2] },
    { re: new RegExp(`\\bpath\\.(?:join|resolve)\\(\\s*(?:__dirname|import\\.meta\\.dirname)\\s*,\\s*(['"])${REL}\\1`, 'g'), kind: 'file-or-dir', what: 'path.join(__dirname)', groups: [2], dataLeaf: true, fileRelative: true, when: JS_WRITE },
    { re: JS_VAR_JOIN, kind: 'file-or-dir', what: 'path.join(__dirname)', dataLeaf: true, fileRelative: true, when: JS_WRITE, build: varJoinPath },
    { re: new RegExp(`\\bpath\\.(?:join|resolve)\\(\\s*${CWD}\\s*,\\s*(['"])${REL}\\1`, 'g'), kind: 'file-or-dir', what: 'path.join(cwd)', groups: [2], dataLeaf: true, when: JS_WRITE },
    { re: new RegExp(`\\bdest\\s*:\\s*(['"])${REL}\\1`, 'g'), kind: 'dir', what: 'multer dest', groups: [2], when: /\bmulter\b/ },
    { re: new RegExp(`\\bnew\\s+(?:\\w+\\.)?Database\\(\\s*(['"])${REL}\\1`, 'g'), kind: 'sqlite', what: 'SQLite database', groups: [2], when: /sqlite/i },
  ],
  go: [
    { re: new RegExp(`\\bos\\.(?:MkdirAll|Mkdir)\\(\\s*"${REL}"`, 'g'), kind: 'dir', what: 'os.MkdirAll', groups: [1] },
    { re: new RegExp(`\\b(?:sql\\.Open\\(\\s*"sqlite3?"\\s*,|sqlite\\.Open\\()\\s*"${REL}"`, 'g'), kind: 'sqlite', what: 'SQLite database', groups: [1] },
    // A configuration struct's default (`default:"data/images"`, as configor and envconfig read it).
    { re: new RegExp(`\`[^\`\\n]*\\bdefault:"${REL}"[^\`\\n]*\``, 'g'), kind: 'file-or-dir', what: 'config default', groups: [1], dataLeaf: true },
  ],
  py: [
    { re: new RegExp(`\\bMEDIA_ROOT\\s*=\\s*${BASE}`, 'g'), kind: 'dir', what: 'Django MEDIA_ROOT', groups: [1, 2] },
    { re: new RegExp(`['"]NAME['"]\\s*:\\s*${BASE}`, 'g'), kind: 'sqlite', what: 'Django SQLite NAME', groups: [1, 2], when: /django\.db\.backends\.sqlite3/, fallbackWhen: DJANGO_DB_FROM_URL },
    { re: new RegExp(`\\bos\\.makedirs\\(\\s*(['"])${REL}\\1`, 'g'), kind: 'dir', what: 'os.makedirs', groups: [2] },
    { re: new RegExp(`\\bf(['"])\\{\\s*${PY_BASE_VAR}\\s*\\}/${REL}\\1`, 'g'), kind: 'dir', what: 'folder under a variable', groups: [3], dataLeaf: true, baseGroup: 2 },
    { re: new RegExp(`\\bos\\.path\\.join\\(\\s*${PY_BASE_VAR}\\s*,\\s*(['"])${REL}\\2\\s*\\)`, 'g'), kind: 'dir', what: 'folder under a variable', groups: [3], dataLeaf: true, baseGroup: 1 },
  ],
};

const LANG: Record<string, string> = { js: 'js', py: 'py', go: 'go' };

/** What {@link dataPathsInText} knows beyond the file's text. */
export interface TextContext {
  /** Where the file's `__dirname` points at run time (a compiled file's output folder; its own folder by default). */
  runDir?: RunDir;
  /** Gets a line saying what to change for each path left out because `runDir` is unknown. */
  warnings?: string[];
  /** The app's variables' values (example or schema default), for a path named by a variable. */
  defaults?: ReadonlyMap<string, string>;
}

/** The data paths one file's text writes to (`lang`: js, py or go). */
export function dataPathsInText(text: string, lang: string, file: string, context: TextContext = {}): CodeDataPath[] {
  const { runDir = { dir: path.posix.dirname(file) }, warnings = [], defaults = new Map<string, string>() } = context;
  const out: CodeDataPath[] = [];
  for (const p of WRITES[lang] ?? []) {
    if (p.when && !p.when.test(text)) continue;
    for (const m of text.matchAll(p.re)) {
      const built = p.build?.(m, defaults);
      const raw = p.build ? built?.raw : (p.groups ?? [1]).map((i) => m[i]).find((g) => g !== undefined);
      if (raw === undefined) continue;
      const what = built?.what ?? p.what;
      if (p.fileRelative && 'unknown' in runDir) {
        if (DATA_LEAF.test(path.posix.basename(raw.replace(/\/+$/, '')))) {
          warnings.push(`${file} (${what}): ${raw} is relative to the compiled file's folder, which is unknown (${runDir.unknown}); read the folder from a variable (DATA_DIR) and re-run, so it gets the data volume`);
        }
        continue;
      }
      const base = p.fileRelative && 'dir' in runDir ? runDir.dir : '.';
      const rel = path.posix.normalize(path.posix.join(base, raw)).replace(/\/+$/, '');
      if (rel === '.' || rel.startsWith('..')) continue;
      const sqlite = SQLITE_FILE.test(rel);
      if (p.kind === 'sqlite' && !sqlite) continue;
      const leaf = path.posix.basename(sqlite ? path.posix.dirname(rel) : rel);
      if (p.dataLeaf && !sqlite && !DATA_LEAF.test(leaf)) continue;
      // A data file's folder is what must be writable (`data/app.db` -> data); a bare file name is the app folder.
      const kind = sqlite ? 'sqlite' : 'dir';
      if (p.kind === 'file-or-dir' && !sqlite && /\.\w+$/.test(rel)) continue;
      const baseVar = p.baseGroup !== undefined ? m[p.baseGroup] : undefined;
      out.push({ path: rel, kind, source: `${file} (${what})`, ...(p.fallbackWhen?.test(text) ? { urlFallback: true as const } : {}), ...(baseVar ? { baseVar } : {}), ...(built ? { folderVar: built.folderVar } : {}) });
    }
  }
  return out;
}

/**
 * The data paths written into the app's source files (tests and scripts left out), first finding of each path, and
 * warnings for paths that could not be placed (a compiled file's `__dirname` with an unknown output folder).
 * `defaults`: the app's variables' values, for a folder named by a variable.
 */
export async function codeDataPaths(fs: ProjectFs, stack: string, defaults: ReadonlyMap<string, string> = new Map()): Promise<{ found: CodeDataPath[]; warnings: string[] }> {
  const seen = new Map<string, CodeDataPath>();
  const warnings: string[] = [];
  const tsconfigs = new Map();
  for (const { file, lang } of await sourceFiles(fs, stack)) {
    if (!LANG[lang]) continue;
    const text = await fs.readText(file).catch(() => undefined);
    if (text === undefined || text.length > MAX_BYTES) continue;
    // The tsconfig is read only for a file that names a path from its own folder.
    const runDir = lang === 'js' && /__dirname|import\.meta\.dirname/.test(text) ? await runDirOf(fs, file, tsconfigs) : undefined;
    for (const found of dataPathsInText(text, lang, file, { ...(runDir ? { runDir } : {}), warnings, defaults })) if (!seen.has(found.path)) seen.set(found.path, found);
  }
  return { found: [...seen.values()], warnings };
}
