import { readsInText } from '../shared/env/source-reads.js';
import { isSecretName } from '../shared/env/classify.js';

/** A variable Django's settings cannot be imported without, and the build-only value a build step gets for it. */
export interface BuildPlaceholder {
  name: string;
  value: string;
}

/**
 * The variables a build step that imports the settings (`manage.py collectstatic`) needs set, with harmless values:
 * those the settings require without a default (the env collection's reads: `os.environ["X"]`, a method called on
 * `os.environ.get("X")` such as `.split(" ")`, django-environ's `env("X")`), and a secret-named one read with no
 * default (`SECRET_KEY = os.environ.get("SECRET_KEY")`, which compose requires too). A read with a default anywhere
 * in the settings needs none. The values are no credentials: they exist only on the build's RUN line.
 */
export function buildPlaceholders(settings: string): BuildPlaceholder[] {
  const reads = readsInText(settings, 'py', 'settings');
  // The env collection takes upper-case names only; a subscript fails without the variable whatever its case.
  const subscripts = [...settings.matchAll(/os\.environ\[\s*['"]([A-Za-z_]\w*)['"]\s*\]/g)].map((m) => m[1]!);
  const names = [...new Set([...reads.map((r) => r.name), ...subscripts])].filter((name) => {
    if (subscripts.includes(name)) return true;
    const of = reads.filter((r) => r.name === name);
    if (of.some((r) => r.optional || r.value !== undefined)) return false;
    return of.some((r) => r.required) || isSecretName(name);
  });
  return names.sort().map((name) => ({ name, value: placeholder(name, settings) }));
}

function placeholder(name: string, settings: string): string {
  if (/DATABASE_URL$/.test(name)) return 'sqlite:///:memory:';
  // `int(os.environ["WORKERS"])` fails on a word: a number converts.
  const numeric = new RegExp(String.raw`\b(?:int|float)\(\s*(?:os\.(?:environ\.get|getenv)\(|os\.environ\[|env(?:\.\w+)?\()\s*['"]${name}['"]`);
  return numeric.test(settings) ? '0' : 'build-only-placeholder';
}
