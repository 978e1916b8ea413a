import type { ProjectFs } from '../../../src/fs/project-fs.js';

/** A variable the app reads, as found in one place. */
export interface FoundVar {
  name: string;
  /** The app's own default or example value, when that place gives one. */
  value?: string;
  /** The app fails without it (a schema entry with neither default nor optional, `os.environ["X"]`). */
  required?: boolean;
  /** Where it was found (file, and the kind of read). */
  source: string;
}

const MAX_FILES = 400;
const MAX_BYTES = 256 * 1024;
const NAME = '([A-Z][A-Z0-9_]*)';
const STR = `(?:'([^'\\n]*)'|"([^"\\n]*)"|\`([^\`$\\n]*)\`|(-?\\d+(?:\\.\\d+)?|true|false))`;

/** One way of reading a variable in source: the regex (name in group 1, a default in groups 2-5) and what it implies. */
interface ReadPattern {
  re: RegExp;
  kind: string;
  required?: boolean;
}

const str = (m: RegExpMatchArray, from: number): string | undefined => m[from] ?? m[from + 1] ?? m[from + 2] ?? m[from + 3];

/** Reads per language. Order matters: the first pattern that gives a default wins for a name within one file. */
const READS: Record<string, ReadPattern[]> = {
  js: [
    { re: new RegExp(`(?:process|Bun)\\.env(?:\\.${NAME}|\\[['"]${NAME}['"]\\])\\s*(?:\\|\\||\\?\\?)\\s*${STR}`, 'g'), kind: 'process.env' },
    { re: new RegExp(`(?:process|Bun)\\.env(?:\\.${NAME}\\b|\\[['"]${NAME}['"]\\])`, 'g'), kind: 'process.env' },
  ],
  py: [
    { re: new RegExp(`os\\.(?:environ\\.get|getenv)\\(\\s*['"]${NAME}['"]\\s*,\\s*${STR}`, 'g'), kind: 'os.getenv' },
    { re: new RegExp(`os\\.(?:environ\\.get|getenv)\\(\\s*['"]${NAME}['"]\\s*\\)`, 'g'), kind: 'os.getenv' },
    { re: new RegExp(`os\\.environ\\[\\s*['"]${NAME}['"]\\s*\\]`, 'g'), kind: 'os.environ', required: true },
    { re: new RegExp(`\\b(?:env|config)(?:\\.(?:str|int|bool|url|db_url|list))?\\(\\s*['"]${NAME}['"]\\s*,\\s*default\\s*=\\s*${STR}`, 'g'), kind: 'environ/decouple' },
  ],
  go: [
    { re: new RegExp(`os\\.(?:Getenv|LookupEnv)\\(\\s*"${NAME}"\\s*\\)`, 'g'), kind: 'os.Getenv' },
  ],
  rs: [
    { re: new RegExp(`(?:std::)?(?:env::var(?:_os)?|dotenvy::var|dotenv::var)\\(\\s*"${NAME}"\\s*\\)(\\s*\\.(?:expect|unwrap)\\()?`, 'g'), kind: 'env::var' },
  ],
  java: [
    { re: new RegExp(`System\\.getenv\\(\\s*"${NAME}"\\s*\\)`, 'g'), kind: 'System.getenv' },
  ],
};

/** `${NAME}` / `${NAME:default}` placeholders of Spring's application*.properties / .yml. */
const SPRING_PLACEHOLDER = new RegExp(`\\$\\{${NAME}(?::([^}\\n]*))?\\}`, 'g');

/** Reads the variables of one file's text. `lang` is a key of the per-language patterns. */
export function readsInText(text: string, lang: string, file: string): FoundVar[] {
  const out: (FoundVar & { at: number })[] = [];
  for (const p of READS[lang] ?? []) {
    for (const m of text.matchAll(p.re)) {
      const name = m[1] ?? m[2];
      if (!name) continue;
      const value = lang === 'js' ? str(m, 3) : lang === 'rs' ? undefined : str(m, 2);
      const required = p.required || (lang === 'rs' && m[2] !== undefined) ? true : undefined;
      out.push({ at: m.index, name, source: `${file} (${p.kind})`, ...(value !== undefined ? { value } : {}), ...(required ? { required } : {}) });
    }
  }
  // In file order; at one place the pattern with the default comes first (the sort is stable).
  return out.sort((a, b) => a.at - b.at).map(({ at: _at, ...v }) => v);
}

/** Placeholders of a Spring properties or YAML file: a default makes the variable optional. */
export function springPlaceholders(text: string, file: string): FoundVar[] {
  return [...text.matchAll(SPRING_PLACEHOLDER)].map((m) => ({
    name: m[1]!,
    source: `${file} (\${${m[1]}})`,
    ...(m[2] !== undefined ? { value: m[2] } : { required: true }),
  }));
}

const EXTENSIONS: Record<string, [string, string][]> = {
  node: [['{js,mjs,cjs,ts,mts,cts,jsx,tsx}', 'js']],
  python: [['py', 'py']],
  go: [['go', 'go']],
  rust: [['rs', 'rs']],
  java: [['{java,kt}', 'java']],
};

/** Source files of the stack, bounded, tests left out. */
export async function sourceFiles(fs: ProjectFs, stack: string): Promise<{ file: string; lang: string }[]> {
  const out: { file: string; lang: string }[] = [];
  for (const [ext, lang] of EXTENSIONS[stack] ?? []) {
    const files = await fs.glob([`*.${ext}`, `**/*.${ext}`], { deep: 7 });
    for (const file of files.sort()) {
      if (/(^|\/)(tests?|__tests__|spec|testdata|fixtures|e2e|examples?|scripts|migrations)\/|[._](test|spec)\.|_test\.go$/.test(file)) continue;
      out.push({ file, lang });
    }
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
