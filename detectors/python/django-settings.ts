import type { ProjectFs } from '../../src/fs/project-fs.js';

/**
 * The settings module a Django image should run with. manage.py's `DJANGO_SETTINGS_MODULE` default is often the
 * development one (`config.settings.local`: DEBUG on, debug toolbar); the production module is, first found:
 * 1. the default of `<project>/wsgi.py` or `<project>/asgi.py` when it names a production module
 *    (`config.settings.production`, `.prod`);
 * 2. `production.py` or `prod.py` in the settings package of manage.py's module (`config/settings/` of
 *    `config.settings.local` or of the package `config.settings`, `config/django/` of `config.django.base`).
 * Undefined when manage.py's module is already that one, or there is none.
 */
export async function productionSettings(fs: ProjectFs, manageModule: string): Promise<{ module: string; reason: string } | undefined> {
  const pkg = manageModule.split('.')[0]!;
  for (const entry of ['wsgi', 'asgi']) {
    const file = `${pkg}/${entry}.py`;
    const named = DEFAULT.exec((await fs.readText(file)) ?? '')?.[1];
    if (named && named !== manageModule && PRODUCTION.test(named)) return { module: named, reason: `${file} defaults to it` };
  }
  const parts = manageModule.split('.');
  // `config.settings` -> itself when it is a package; `config.settings.local`, `config.django.base` -> the package
  // holding it; a flat `mysite.settings` module has no settings package (its siblings are the project's modules).
  const settingsPkg = (await fs.exists(`${parts.join('/')}/__init__.py`)) ? parts : parts.length >= 3 ? parts.slice(0, -1) : undefined;
  if (!settingsPkg) return undefined;
  const dir = settingsPkg.join('/');
  for (const name of ['production', 'prod']) {
    const module = `${settingsPkg.join('.')}.${name}`;
    if (module === manageModule) return undefined;
    if (await fs.exists(`${dir}/${name}.py`)) return { module, reason: `${dir}/${name}.py` };
  }
  return undefined;
}

const DEFAULT = /DJANGO_SETTINGS_MODULE['"]\s*,\s*['"]([\w.]+)['"]/;
const PRODUCTION = /\.(?:production|prod)$/;
