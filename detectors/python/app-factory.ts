import type { ProjectFs } from '../../src/fs/project-fs.js';

/**
 * A module-level app object made by a factory call (`app = get_application()`), where the factory's body
 * constructs the framework's app (`FastAPI(...)`, `Flask(...)`). The factory is looked up in the same module,
 * else followed one import into the project (`from app.factory import create_app`, relative imports too);
 * an unrelated call (`settings = get_settings()`) or a factory run only under `if __name__ == "__main__":`
 * (indented, so not module level) is not an app.
 */
export interface FactoryApp {
  /** The module-level variable holding the app. */
  name: string;
  /** The factory called, and the file that defines it. */
  factory: string;
  definedIn: string;
}

const CALL_ASSIGNMENT = /^([A-Za-z_]\w*)\s*(?::[^=\n]+)?=\s*([A-Za-z_]\w*)\s*\(/gm;
const FROM_IMPORT = /^from\s+(\.*[\w.]*)\s+import\s+(\([^)]*\)|[^\n]+)/gm;
const MAX_BYTES = 256 * 1024;

/** The factory's source: its `def` line and the indented lines under it (a black-style `) -> X:` line included). */
export function functionSource(text: string, name: string): string | undefined {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => new RegExp(String.raw`^(?:async\s+)?def\s+${name}\s*\(`).test(l));
  if (start === -1) return undefined;
  const end = lines.findIndex((l, i) => i > start && /^[^\s)#]/.test(l));
  return lines.slice(start, end === -1 ? undefined : end).join('\n');
}

const constructs = (source: string, ctor: string): boolean =>
  new RegExp(String.raw`(?:^|[^\w.])(?:[A-Za-z_]\w*\.)?${ctor}\s*\(`, 'm').test(source.slice(source.indexOf('\n') + 1));

/** Where `name` was imported from in `text` (`from x import name`, `from .x import name as alias`), as a module path. */
function importedFrom(text: string, name: string): { module: string; original: string } | undefined {
  for (const m of text.matchAll(FROM_IMPORT)) {
    for (const part of m[2]!.replace(/[()\\]/g, '').replace(/#[^\n]*/g, '').split(',')) {
      const [original, alias] = part.trim().split(/\s+as\s+/) as [string, string | undefined];
      if ((alias ?? original) === name) return { module: m[1]!, original };
    }
  }
  return undefined;
}

async function moduleFile(fs: ProjectFs, from: string, module: string): Promise<string | undefined> {
  const dots = /^\.*/.exec(module)![0].length;
  const rest = module.slice(dots).split('.').filter(Boolean).join('/');
  let bases: string[];
  if (dots > 0) {
    const dir = from.split('/').slice(0, -1);
    const up = dir.slice(0, dir.length - (dots - 1));
    bases = [[...up, rest].filter(Boolean).join('/')];
  } else {
    bases = [rest, `src/${rest}`];
  }
  for (const base of bases) {
    if (!base) continue;
    for (const f of [`${base}.py`, `${base}/__init__.py`]) if (await fs.exists(f)) return f;
  }
  return undefined;
}

async function readSmall(fs: ProjectFs, file: string): Promise<string> {
  const text = await fs.readText(file).catch(() => undefined);
  return text !== undefined && text.length <= MAX_BYTES ? text : '';
}

/** The first module-level `var = factory()` in `text` whose factory constructs `ctor`, or undefined. */
export async function factoryApp(fs: ProjectFs, file: string, text: string, ctor: string): Promise<FactoryApp | undefined> {
  for (const m of text.matchAll(CALL_ASSIGNMENT)) {
    const [, name, factory] = m as unknown as [string, string, string];
    const local = functionSource(text, factory);
    if (local !== undefined) {
      if (constructs(local, ctor)) return { name, factory, definedIn: file };
      continue;
    }
    const origin = importedFrom(text, factory);
    const target = origin && (await moduleFile(fs, file, origin.module));
    if (!origin || !target || target === file) continue;
    const source = functionSource(await readSmall(fs, target), origin.original);
    if (source !== undefined && constructs(source, ctor)) return { name, factory, definedIn: target };
  }
  return undefined;
}
