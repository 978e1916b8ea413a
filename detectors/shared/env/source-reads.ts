import type { ProjectFs } from '../../../src/fs/project-fs.js';
import { pyTryBlocks, rescued, type PyTryBlock } from './py-try-blocks.js';

/** A variable the app reads, as found in one place. */
export interface FoundVar {
  name: string;
  /** The app's own default or example value, when that place gives one. */
  value?: string;
  /** The code fails without it (a schema entry with neither default nor optional, `os.environ["X"]`). */
  required?: boolean;
  /**
   * The code reads it with a default (any default, literal or not), only under a condition on the environment, or a
   * schema marks it optional.
   */
  optional?: boolean;
  /** Listed empty or as a placeholder in an example env file (the authors expect it filled in). */
  placeholder?: boolean;
  /** Where it was found (file, and the kind of read). */
  source: string;
}

const MAX_FILES = 400;
const MAX_BYTES = 256 * 1024;
const NAME = '([A-Z][A-Z0-9_]*)';
const STR = `(?:'([^'\\n]*)'|"([^"\\n]*)"|\`([^\`$\\n]*)\`|(-?\\d+(?:\\.\\d+)?|true|false))`;
// Any default expression (a name, a call, a path): the read is optional even when the value is not a literal.
const ANY = '[^\\s)]';

/**
 * One way of reading a variable in source: the regex, the groups holding the name (the first set one wins) and the
 * first of the four groups of a literal default ({@link STR}), and what the read implies.
 */
interface ReadPattern {
  re: RegExp;
  kind: string;
  names?: number[];
  value?: number;
  required?: boolean;
  optional?: boolean;
  /** Only in files matching this (django-environ's `env("X")` raises without a default; a bare `env(` is anything). */
  when?: RegExp;
  /** Required only when the file does not test the variable first (then a plain read, neither required nor optional). */
  unlessTested?: (text: string, name: string) => boolean;
  /** Python: what a required read raises when the variable is unset; a `try:` whose `except` handles it makes it optional. */
  raises?: string[];
}

// `if os.environ.get("X"):` / `elif ...` / `... if os.getenv("X") else ...` / `if "X" in os.environ:`: the code
// tests the variable before it calls a method on it (`os.environ.get("X").split(",")` under that test).
function pyTests(text: string, name: string): boolean {
  const test = `(?:os\\.(?:environ\\.get|getenv)\\(\\s*['"]${name}['"]\\s*\\)|['"]${name}['"]\\s+in\\s+os\\.environ\\b)`;
  return new RegExp(`\\b(?:if|elif)\\b[^\\n]*?${test}`).test(text);
}

const str = (m: RegExpMatchArray, from: number): string | undefined => m[from] ?? m[from + 1] ?? m[from + 2] ?? m[from + 3];
const JS_NAME = `(?:process|Bun)\\.env(?:\\.${NAME}\\b|\\[['"]${NAME}['"]\\])`;
const PY_GET = `os\\.(?:environ\\.get|getenv)\\(\\s*['"]${NAME}['"]`;
// Conversions that raise TypeError on None: `int(...)`, `float(...)`, `Decimal(...)`, `Path(...)`.
const PY_CONVERT = `(?<![\\w.])(?:int|float|(?:decimal\\.)?Decimal|(?:pathlib\\.)?Path)\\(\\s*`;
// django-environ (`env`, `env.str`, ...) and python-decouple (`config`).
const PY_ENV = `\\b(?:env|config)(?:\\.(?:str|int|bool|float|url|db_url|db|cache_url|email_url|list|json|path))?\\(\\s*['"]${NAME}['"]`;
// A Go helper taking the name and a fallback (`getEnv("ADDR", ":8080")`, `envOr(...)`); setters are left out.
const GO_HELPER = `\\b(?:[A-Za-z_]\\w*\\.)?(?!(?:[Ss]et|[Uu]nset)[Ee]nv)\\w*[Ee]nv\\w*\\(\\s*"${NAME}"\\s*,\\s*`;

/** Reads per language, most specific first: at one occurrence of a name, the first pattern matching it says what the read is. */
const READS: Record<string, ReadPattern[]> = {
  js: [
    { re: new RegExp(`${JS_NAME}\\s*(?:\\|\\||\\?\\?)\\s*${STR}`, 'g'), kind: 'process.env', names: [1, 2], value: 3, optional: true },
    { re: new RegExp(`${JS_NAME}\\s*(?:\\|\\||\\?\\?)`, 'g'), kind: 'process.env', names: [1, 2], optional: true },
    { re: new RegExp(JS_NAME, 'g'), kind: 'process.env', names: [1, 2] },
  ],
  py: [
    { re: new RegExp(`${PY_GET}\\s*,\\s*${STR}`, 'g'), kind: 'os.getenv', value: 2, optional: true },
    { re: new RegExp(`${PY_GET}\\s*\\)\\s*or\\s+${STR}`, 'g'), kind: 'os.getenv', value: 2, optional: true },
    { re: new RegExp(`${PY_GET}\\s*(?:,\\s*${ANY}|\\)\\s*or\\s)`, 'g'), kind: 'os.getenv', optional: true },
    // A method called on the read itself (`os.environ.get("HOSTS").split(" ")`) fails on None when it is unset.
    { re: new RegExp(`${PY_GET}\\s*\\)\\s*\\.\\s*[A-Za-z_]\\w*\\s*\\(`, 'g'), kind: 'os.getenv', required: true, unlessTested: pyTests, raises: ['AttributeError'] },
    // A conversion of the read itself (`int(os.environ.get("WORKERS"))`) fails on None (TypeError) when it is unset.
    { re: new RegExp(`${PY_CONVERT}${PY_GET}\\s*\\)\\s*\\)`, 'g'), kind: 'os.getenv, converted', required: true, unlessTested: pyTests, raises: ['TypeError'] },
    { re: new RegExp(`${PY_GET}\\s*\\)`, 'g'), kind: 'os.getenv' },
    { re: new RegExp(`os\\.environ\\[\\s*['"]${NAME}['"]\\s*\\]`, 'g'), kind: 'os.environ', required: true, raises: ['KeyError', 'LookupError'] },
    { re: new RegExp(`${PY_ENV}\\s*,\\s*(?:default\\s*=\\s*)?${STR}`, 'g'), kind: 'environ/decouple', value: 2, optional: true },
    { re: new RegExp(`${PY_ENV}\\s*,\\s*(?:default\\s*=\\s*)?${ANY}`, 'g'), kind: 'environ/decouple', optional: true },
    { re: new RegExp(`${PY_ENV}\\s*\\)`, 'g'), kind: 'environ/decouple', required: true, raises: ['ImproperlyConfigured', 'UndefinedValueError'], when: /\benviron\.Env\b|\bdecouple\b|^from\s+\S+\s+import\s+[^\n]*\benv\b/m },
  ],
  go: [
    { re: new RegExp(`cmp\\.Or\\(\\s*os\\.Getenv\\(\\s*"${NAME}"\\s*\\)\\s*,\\s*${STR}`, 'g'), kind: 'os.Getenv', value: 2, optional: true },
    // `v := os.Getenv("X")` followed by `if v == "" { v = "default" }`.
    { re: new RegExp(`(\\w+)\\s*:?=\\s*os\\.Getenv\\(\\s*"${NAME}"\\s*\\)\\s*\\n\\s*if\\s+\\1\\s*==\\s*""\\s*\\{\\s*\\1\\s*=\\s*${STR}`, 'g'), kind: 'os.Getenv', names: [2], value: 3, optional: true },
    { re: new RegExp(`${GO_HELPER}${STR}`, 'g'), kind: 'env helper', value: 2, optional: true },
    { re: new RegExp(`os\\.(?:Getenv|LookupEnv)\\(\\s*"${NAME}"\\s*\\)`, 'g'), kind: 'os.Getenv' },
    // An option table keyed by the variable's name (miniflux-style `"RUN_MIGRATIONS": {...}`, parsed from
    // os.Environ()): taken for migration switches only, which the env plan then sets.
    { re: /"(RUN_MIGRATIONS|AUTO_MIGRATE|DB_AUTO_MIGRATE|MIGRATE_ON_START|DATABASE_AUTO_MIGRATE)"\s*:\s*\{/g, kind: 'option table', optional: true },
  ],
  rs: [
    { re: new RegExp(`${RS_VAR()}\\s*\\.unwrap_or(?:_else)?\\(\\s*(?:\\|_\\|\\s*)?${STR}`, 'g'), kind: 'env::var', value: 2, optional: true },
    { re: new RegExp(`${RS_VAR()}\\s*\\.(?:unwrap_or\\w*|ok)\\(`, 'g'), kind: 'env::var', optional: true },
    { re: new RegExp(`${RS_VAR()}\\s*(?:\\.(?:expect|unwrap)\\(|\\?)`, 'g'), kind: 'env::var', required: true },
    { re: new RegExp(RS_VAR(), 'g'), kind: 'env::var' },
  ],
  java: [
    { re: new RegExp(`System\\.getenv\\(\\s*\\)\\.getOrDefault\\(\\s*"${NAME}"\\s*,\\s*${STR}`, 'g'), kind: 'System.getenv', value: 2, optional: true },
    { re: new RegExp(`System\\.getenv\\(\\s*"${NAME}"\\s*\\)`, 'g'), kind: 'System.getenv' },
  ],
};

function RS_VAR(): string {
  return `(?:std::)?(?:env::var(?:_os)?|dotenvy::var|dotenv::var)\\(\\s*"${NAME}"\\s*\\)`;
}

/** `${NAME}` / `${NAME:default}` placeholders of Spring's application*.properties / .yml. */
const SPRING_PLACEHOLDER = new RegExp(`\\$\\{${NAME}(?::([^}\\n]*))?\\}`, 'g');

/**
 * Reads the variables of one file's text. `lang` is a key of the per-language patterns; a read inside one of the
 * `guarded` ranges (run only under a condition on the environment, see js-conditions) is optional.
 */
export function readsInText(text: string, lang: string, file: string, guarded: readonly (readonly [number, number])[] = []): FoundVar[] {
  const out: (FoundVar & { at: number })[] = [];
  const seen = new Set<number>();
  let tries: PyTryBlock[] | undefined;
  for (const p of READS[lang] ?? []) {
    if (p.when && !p.when.test(text)) continue;
    for (const m of text.matchAll(p.re)) {
      const name = (p.names ?? [1]).map((i) => m[i]).find((n) => n !== undefined);
      if (!name) continue;
      // One read, one entry: the first (most specific) pattern that matched this occurrence of the name says it.
      const at = m.index + m[0].indexOf(name);
      if (seen.has(at)) continue;
      seen.add(at);
      const value = p.value !== undefined ? str(m, p.value) : undefined;
      // A failure the surrounding `try:` handles (`except KeyError: X = 8`) is no failure: the handler is the default.
      const caught = p.required === true && p.raises !== undefined && rescued((tries ??= pyTryBlocks(text)), at, p.raises);
      const required = p.required === true && !caught && !p.unlessTested?.(text, name);
      const conditional = !required && (caught || guarded.some(([from, to]) => at >= from && at < to));
      const kind = caught ? `${p.kind} in try/except` : conditional ? `${p.kind} under a condition` : p.kind;
      out.push({ at, name, source: `${file} (${kind})`, ...(value !== undefined ? { value } : {}), ...(required ? { required: true } : {}), ...(p.optional || conditional ? { optional: true } : {}) });
    }
  }
  // In file order.
  return out.sort((a, b) => a.at - b.at).map(({ at: _at, ...v }) => v);
}

/** Placeholders of a Spring properties or YAML file: a default makes the variable optional. */
export function springPlaceholders(text: string, file: string): FoundVar[] {
  return [...text.matchAll(SPRING_PLACEHOLDER)].map((m) => ({
    name: m[1]!,
    source: `${file} (\${${m[1]}})`,
    ...(m[2] !== undefined ? { value: m[2], optional: true } : { required: true }),
  }));
}

const EXTENSIONS: Record<string, [string, string][]> = {
  node: [['{js,mjs,cjs,ts,mts,cts,jsx,tsx}', 'js']],
  python: [['py', 'py']],
  go: [['go', 'go']],
  rust: [['rs', 'rs']],
  java: [['{java,kt}', 'java']],
};

// Tests, fixtures, examples, scripts and migrations are not the app's own reads.
const NOT_APP = /(^|\/)(tests?|__tests__|spec|testdata|fixtures|e2e|examples?|scripts|migrations)\/|[._](test|spec)\.|_test\.go$/;
// A Cargo build script runs at compile time and reads cargo's variables (TARGET, OUT_DIR), never the app's.
const BUILD_SCRIPT = /(^|\/)build\.rs$/;

// Both scans of a run (variables, data paths) read the same list: listed once per project view and stack.
const listed = new WeakMap<ProjectFs, Map<string, Promise<{ file: string; lang: string }[]>>>();

/**
 * Source files of the stack, tests left out: the first MAX_FILES in path order, so the walk stops there (a
 * monorepo's other hundred folders are never listed).
 */
export async function sourceFiles(fs: ProjectFs, stack: string): Promise<{ file: string; lang: string }[]> {
  let byStack = listed.get(fs);
  if (!byStack) listed.set(fs, (byStack = new Map()));
  let found = byStack.get(stack);
  if (!found) byStack.set(stack, (found = listSourceFiles(fs, stack)));
  return (await found).slice();
}

async function listSourceFiles(fs: ProjectFs, stack: string): Promise<{ file: string; lang: string }[]> {
  const out: { file: string; lang: string }[] = [];
  for (const [ext, lang] of EXTENSIONS[stack] ?? []) {
    const skip = (file: string): boolean => NOT_APP.test(file) || (lang === 'rs' && BUILD_SCRIPT.test(file));
    const files = await fs.firstFiles([`*.${ext}`, `**/*.${ext}`], { deep: 7, count: MAX_FILES, skip });
    for (const file of files) out.push({ file, lang });
  }
  return out.slice(0, MAX_FILES);
}

/** Spring's default-profile configuration files (profile files such as application-mysql.properties are left out). */
export async function springConfigFiles(fs: ProjectFs): Promise<string[]> {
  const names = ['application.properties', 'application.yml', 'application.yaml'];
  const root: string[] = [];
  for (const n of names) if (await fs.exists(`src/main/resources/${n}`)) root.push(`src/main/resources/${n}`);
  // Static paths are checked one by one: fast-glob would lstat static patterns together with its ignore globs.
  const modules = await fs.glob(['*/src/main/resources/application.{properties,yml,yaml}'], { deep: 5 });
  return [...root, ...modules.sort()];
}
