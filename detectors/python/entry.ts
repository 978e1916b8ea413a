import { parseDotenv } from '../shared/env/dotenv-parse.js';
import type { ProjectFs } from '../../src/fs/project-fs.js';
import { shellWords } from '../shared/shell-words.js';
import { moduleOf } from './app.js';

/**
 * The app the project itself says it serves, before any guessing from the source:
 * 1. `Procfile` `web:`: the `module:app` a WSGI/ASGI server there serves (gunicorn, uvicorn, waitress-serve,
 *    hypercorn, daphne; other commands in the line, such as migrations, are left out);
 * 2. `.flaskenv` `FLASK_APP` (`microblog.py`, `app:create_app()`, a package): the module's `app` / `application`
 *    object, else its `create_app()` / `make_app()` factory, as `flask run` finds it.
 */
export interface DeclaredApp {
  target: string;
  /** The module's file (for the source scan and the src layout). */
  file: string;
  srcDir: string | null;
  source: string;
}

const SERVERS = /^(?:gunicorn|uvicorn|waitress-serve|hypercorn|daphne|granian)$/;
const TARGET = /^([A-Za-z_][\w.]*):([A-Za-z_]\w*(?:\(\))?)$/;

/** The file of a dotted module: `a/b.py`, `a/b/__init__.py`, or either under `src/`; undefined when none exists. */
export async function moduleFile(fs: ProjectFs, module: string): Promise<string | undefined> {
  const rel = module.replace(/\./g, '/');
  for (const f of [`${rel}.py`, `${rel}/__init__.py`, `src/${rel}.py`, `src/${rel}/__init__.py`]) if (await fs.exists(f)) return f;
  return undefined;
}

async function fromProcfile(fs: ProjectFs): Promise<DeclaredApp | undefined> {
  const text = await fs.readText('Procfile').catch(() => undefined);
  const web = text?.split(/\r?\n/).find((l) => /^web\s*:/.test(l))?.replace(/^web\s*:/, '').trim();
  if (!web) return undefined;
  let words: (string | { op: string })[];
  try {
    words = shellWords(web, 'Procfile');
  } catch {
    return undefined;
  }
  const at = words.findIndex((w) => typeof w === 'string' && SERVERS.test(w.split('/').pop()!));
  if (at === -1) return undefined;
  for (const w of words.slice(at + 1)) {
    if (typeof w !== 'string') break;
    const m = TARGET.exec(w);
    if (!m) continue;
    const file = await moduleFile(fs, m[1]!);
    if (file) return { target: w, file, srcDir: moduleOf(file).srcDir, source: 'Procfile web:' };
  }
  return undefined;
}

async function fromFlaskApp(fs: ProjectFs): Promise<DeclaredApp | undefined> {
  const text = await fs.readText('.flaskenv').catch(() => undefined);
  const value = text === undefined ? undefined : (await parseDotenv(text)).FLASK_APP?.trim();
  if (!value) return undefined;
  const [mod, attr] = value.split(':') as [string, string | undefined];
  const module = mod.replace(/\.py$/, '').replace(/\//g, '.');
  const file = await moduleFile(fs, module);
  if (!file) return undefined;
  const name = moduleOf(file).module;
  if (attr) return { target: `${name}:${attr}`, file, srcDir: moduleOf(file).srcDir, source: '.flaskenv FLASK_APP' };
  const src = (await fs.readText(file).catch(() => undefined)) ?? '';
  const obj = ['app', 'application'].find((v) => new RegExp(String.raw`^${v}\s*(?::[^=\n]+)?=`, 'm').test(src));
  const factory = /^def\s+(create_app|make_app)\s*\(/m.exec(src)?.[1];
  const target = obj ? `${name}:${obj}` : factory ? `${name}:${factory}()` : `${name}:app`;
  return { target, file, srcDir: moduleOf(file).srcDir, source: '.flaskenv FLASK_APP' };
}

/** The served app the project declares (Procfile first, then FLASK_APP), or undefined. */
export async function declaredApp(fs: ProjectFs): Promise<DeclaredApp | undefined> {
  return (await fromProcfile(fs)) ?? (await fromFlaskApp(fs));
}
