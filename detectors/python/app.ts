import type { ProjectFs } from '../../src/fs/project-fs.js';
import { UserError } from '../../src/errors.js';
import { declaredApp } from './entry.js';
import { factoryApp } from './app-factory.js';
import { productionSettings } from './django-settings.js';
import { fixedAllowedHosts } from './django-hosts.js';
import { buildPlaceholders, type BuildPlaceholder } from './django-build-env.js';
import { byCodeUnits } from '../shared/text-order.js';

/** How the app is served: a WSGI or ASGI callable (`module:var`) or a script the interpreter runs. */
export type AppShape =
  | { kind: 'wsgi' | 'asgi'; framework: string | null; target: string; file: string; srcDir: string | null }
  | { kind: 'script'; framework: string | null; file: string; srcDir: string | null }
  | { kind: 'console'; framework: string | null; script: string; entry: string };

/** Django facts read from manage.py and the settings module. */
export interface DjangoFacts {
  settingsModule: string;
  /** The production settings module when manage.py defaults to another one: the image sets DJANGO_SETTINGS_MODULE to it. */
  production?: { module: string; reason: string };
  /** `WSGI_APPLICATION` / `ASGI_APPLICATION` as `module:callable`. */
  wsgiApplication: string | undefined;
  asgiApplication: string | undefined;
  staticRoot: boolean;
  /** STATIC_ROOT's folder when it is a plain name under the project (e.g. `staticfiles`). */
  staticDir: string | null;
  /** Variables the settings cannot be imported without ({@link buildPlaceholders}): build steps get placeholders for them. */
  buildEnv: BuildPlaceholder[];
  asgi: boolean;
  /** ALLOWED_HOSTS when it is a fixed list that refuses localhost (see {@link fixedAllowedHosts}). */
  fixedHosts?: string[];
}

const MAX_FILES = 300;
const MAX_BYTES = 256 * 1024;
const PREFERRED = ['main.py', 'app.py', 'wsgi.py', 'asgi.py', 'server.py', 'application.py', 'api.py', 'run.py'];
const assignment = (ctor: string): RegExp => new RegExp(String.raw`^([A-Za-z_]\w*)\s*(?::[^=\n]+)?=\s*(?:[A-Za-z_]\w*\.)?${ctor}\s*\(`, 'm');

/** Frameworks by dependency, in priority order, with the constructor that makes their app object. */
const FRAMEWORKS: { dep: string; name: string; kind: 'wsgi' | 'asgi'; ctor: string }[] = [
  { dep: 'fastapi', name: 'fastapi', kind: 'asgi', ctor: 'FastAPI' },
  { dep: 'litestar', name: 'litestar', kind: 'asgi', ctor: 'Litestar' },
  { dep: 'starlette', name: 'starlette', kind: 'asgi', ctor: 'Starlette' },
  { dep: 'quart', name: 'quart', kind: 'asgi', ctor: 'Quart' },
  { dep: 'flask', name: 'flask', kind: 'wsgi', ctor: 'Flask' },
  { dep: 'falcon', name: 'falcon', kind: 'wsgi', ctor: 'App' },
  { dep: 'bottle', name: 'bottle', kind: 'wsgi', ctor: 'Bottle' },
];

/** Python sources worth reading: not tests, migrations or settings, shallow ones first, entry-like names first. */
export async function pythonSources(fs: ProjectFs): Promise<string[]> {
  const files = (await fs.glob(['*.py', '**/*.py'], { deep: 6 }))
    .filter((f) => !/(^|\/)(tests?|migrations|docs|scripts)\/|(^|\/)(test_[^/]*|[^/]*_test|conftest|setup|noxfile)\.py$/.test(f));
  const depth = (f: string): number => f.split('/').length - (f.startsWith('src/') ? 1 : 0);
  const pref = (f: string): number => {
    const i = PREFERRED.indexOf(f.slice(f.lastIndexOf('/') + 1));
    return i === -1 ? PREFERRED.length : i;
  };
  return files.sort((a, b) => depth(a) - depth(b) || pref(a) - pref(b) || byCodeUnits(a, b)).slice(0, MAX_FILES);
}

async function read(fs: ProjectFs, file: string): Promise<string> {
  const text = await fs.readText(file).catch(() => undefined);
  return text !== undefined && text.length <= MAX_BYTES ? text : '';
}

/** `app/main.py` -> module `app.main` (and `src/` -> a source dir to put on the path). */
export function moduleOf(file: string): { module: string; srcDir: string | null } {
  const srcDir = file.startsWith('src/') ? 'src' : null;
  const rel = srcDir ? file.slice(4) : file;
  return { module: rel.replace(/\.py$/, '').replace(/\/__init__$/, '').split('/').join('.'), srcDir };
}

/** Reads manage.py and the settings module it names. Undefined when there is no manage.py at the root. */
export async function readDjango(fs: ProjectFs, deps: Set<string>): Promise<DjangoFacts | undefined> {
  const manage = await fs.readText('manage.py');
  if (manage === undefined) return undefined;
  const settingsModule = /DJANGO_SETTINGS_MODULE['"]\s*,\s*['"]([\w.]+)['"]/.exec(manage)?.[1];
  if (!settingsModule) throw new UserError('manage.py: no DJANGO_SETTINGS_MODULE default found; set it with os.environ.setdefault(...) or pass --main <project>.wsgi:application');
  const base = settingsModule.replace(/\./g, '/');
  // A settings package (settings/__init__.py, or settings/production.py importing base.py): read every module in it.
  const dir = base.slice(0, base.lastIndexOf('/'));
  const inPackage = /(^|\/)settings$/.test(dir) ? (await fs.list(dir)).map((f) => `${dir}/${f}`) : [];
  const files = [`${base}.py`, ...(await fs.list(base)).map((f) => `${base}/${f}`), ...inPackage].filter((f) => f.endsWith('.py'));
  let text = '';
  for (const f of new Set(files)) text += `${await read(fs, f)}\n`;
  const callable = (key: string): string | undefined => new RegExp(String.raw`^\s*${key}\s*=\s*['"]([\w.]+)\.(\w+)['"]`, 'm').exec(text)?.slice(1).join(':');
  const production = await productionSettings(fs, settingsModule);
  const fixedHosts = fixedAllowedHosts(text);
  return {
    ...(fixedHosts ? { fixedHosts } : {}),
    ...(production ? { production } : {}),
    wsgiApplication: callable('WSGI_APPLICATION'),
    asgiApplication: callable('ASGI_APPLICATION'),
    settingsModule,
    staticRoot: /^\s*STATIC_ROOT\s*=/m.test(text),
    staticDir: /^\s*STATIC_ROOT\s*=.*['"]([\w.-]+)\/?['"]\s*\)?\s*$/m.exec(text)?.[1] ?? null,
    buildEnv: buildPlaceholders(text),
    asgi: deps.has('channels') || /^\s*ASGI_APPLICATION\s*=/m.test(text),
  };
}

/** Django's served callable: WSGI_APPLICATION / ASGI_APPLICATION from settings, else `<project>.wsgi:application`. */
async function djangoShape(fs: ProjectFs, facts: DjangoFacts): Promise<AppShape> {
  const pkg = facts.settingsModule.split('.')[0]!;
  const kind = facts.asgi ? 'asgi' : 'wsgi';
  const named = kind === 'asgi' ? facts.asgiApplication : facts.wsgiApplication;
  // Channels names its routing (ASGI_APPLICATION = 'proj.asgi.application') the same way, so the module is the served one.
  const target = named ?? `${pkg}.${kind}:application`;
  const file = `${target.split(':')[0]!.replace(/\./g, '/')}.py`;
  if (kind === 'asgi' && !(await fs.exists(file))) {
    throw new UserError(`${file}: Django uses ASGI here but this module is missing; add ${file} (django-admin startproject makes one) or pass --main`);
  }
  return { kind, framework: 'django', target, file, srcDir: null };
}

/** Finds the app: --main, Django, a framework's app object, a console script, else main.py / app.py. */
export async function detectApp(
  fs: ProjectFs, deps: Set<string>, scripts: Record<string, string>, main: string | undefined,
): Promise<{ shape: AppShape; django?: DjangoFacts; notes: string[] }> {
  const notes: string[] = [];
  const django = deps.has('django') ? await readDjango(fs, deps) : undefined;
  const fw = FRAMEWORKS.find((f) => deps.has(f.dep));
  if (main !== undefined) {
    if (!/^[A-Za-z_][\w.]*:[A-Za-z_]\w*(\(\))?$/.test(main)) throw new UserError(`--main: "${main}" is not module:app (e.g. app.main:app or app:create_app())`);
    const [module] = main.split(':') as [string, string];
    const file = `${module.replace(/\./g, '/')}.py`;
    const srcDir = !(await fs.exists(file)) && (await fs.exists(`src/${file}`)) ? 'src' : null;
    const kind = django ? (django.asgi ? 'asgi' : 'wsgi') : fw?.kind ?? 'wsgi';
    notes.push(`app ${main}: --main`);
    return { shape: { kind, framework: django ? 'django' : fw?.name ?? null, target: main, file: srcDir ? `src/${file}` : file, srcDir }, ...(django ? { django } : {}), notes };
  }
  if (django) {
    const shape = await djangoShape(fs, django);
    notes.push(`framework django: manage.py -> ${django.settingsModule}; serving ${(shape as { target: string }).target}`);
    if (django.production) notes.push(`DJANGO_SETTINGS_MODULE=${django.production.module} (${django.production.reason}): the production settings, not manage.py's default ${django.settingsModule}`);
    return { shape, django, notes };
  }
  if (deps.has('django')) notes.push('django is a dependency but there is no manage.py at the root: not treated as a Django project');
  const declared = await declaredApp(fs);
  if (declared) {
    const kind = fw?.kind ?? (/uvicorn|hypercorn|daphne/.test(declared.source) ? 'asgi' : 'wsgi');
    notes.push(`app ${declared.target}: ${declared.source}`);
    return { shape: { kind, framework: fw?.name ?? null, target: declared.target, file: declared.file, srcDir: declared.srcDir }, notes };
  }
  const sources = await pythonSources(fs);
  if (fw) {
    for (const file of sources) {
      const text = await read(fs, file);
      const direct = assignment(fw.ctor).exec(text)?.[1];
      const made = direct ? undefined : await factoryApp(fs, file, text, fw.ctor);
      const obj = direct ?? made?.name;
      const factory = !obj && fw.kind === 'wsgi' && new RegExp(String.raw`^(?:from|import)\s+${fw.dep}\b`, 'm').test(text)
        ? /^def\s+(create_app|make_app)\s*\(\s*\)/m.exec(text)?.[1] : undefined;
      if (!obj && !factory) continue;
      const { module, srcDir } = moduleOf(file);
      const target = obj ? `${module}:${obj}` : `${module}:${factory}()`;
      const how = direct ? `${fw.ctor}(...) object` : made ? `${made.name} = ${made.factory}() (builds ${fw.ctor}${made.definedIn === file ? '' : ` in ${made.definedIn}`})` : 'app factory';
      notes.push(`framework ${fw.name}: ${how} in ${file}`);
      return { shape: { kind: fw.kind, framework: fw.name, target, file, srcDir }, notes };
    }
    notes.push(`${fw.name} is a dependency but no module-level ${fw.ctor}(...) object (nor one made by a factory that builds it) was found`);
  }
  const script = Object.entries(scripts)[0];
  if (script) {
    notes.push(`start: console script "${script[0]}" (${script[1]})`);
    return { shape: { kind: 'console', framework: fw?.name ?? null, script: script[0], entry: script[1] }, notes };
  }
  for (const f of ['main.py', 'app.py', 'server.py', 'run.py', 'src/main.py', 'src/app.py']) {
    if (await fs.exists(f)) {
      notes.push(`start: python ${f}`);
      return { shape: { kind: 'script', framework: fw?.name ?? null, file: f, srcDir: null }, notes };
    }
  }
  const pkgMain = sources.find((f) => /^(?:src\/)?[A-Za-z_]\w*\/__main__\.py$/.test(f));
  if (pkgMain) {
    notes.push(`start: python -m ${moduleOf(pkgMain.replace(/\/__main__\.py$/, '.py')).module}`);
    return { shape: { kind: 'script', framework: fw?.name ?? null, file: pkgMain, srcDir: moduleOf(pkgMain).srcDir }, notes };
  }
  throw new UserError(`${fs.root}: found no app to run (no Django manage.py, app object, [project.scripts], main.py or app.py); pass --main module:app or --start "<cmd>"`);
}
