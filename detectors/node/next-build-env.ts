import type { SourceText } from '../shared/health-route.js';
import { isNextConfig, loadTimeGuards, placeholderValue } from './build-env-guards.js';

/**
 * The build step's environment for `next build`: a placeholder for each variable a module throws without when it
 * loads ({@link loadTimeGuards}), as `/usr/bin/env NAME=value` before the build command, so they exist on that RUN line
 * only (never ENV: the runtime gets the real values from compose); empty when no module guards one. One note says which.
 */
export async function nextBuildEnv(texts: readonly SourceText[], services: readonly string[], notes: string[]): Promise<string[]> {
  const found = await loadTimeGuards(texts);
  // next.config's values (rewrites, redirects, env, images) are computed by the build and saved in its output, so a
  // placeholder would ship in the image as the app's setting: the build fails without the real value instead.
  const inConfig = found.filter((g) => isNextConfig(g.file));
  for (const g of inConfig) notes.push(`warning: ${g.file} needs ${g.name} when next build loads it, and bakes what it reads into the build output: no placeholder; add ARG ${g.name} to the build stage and pass --build-arg ${g.name}=... (its value ends up in the image)`);
  const guards = found.filter((g) => !isNextConfig(g.file));
  if (!guards.length) return [];
  const files = [...new Set(guards.map((g) => g.file))];
  notes.push(`next build loads every route module, and ${files.join(', ')} need${files.length === 1 ? 's' : ''} ${guards.map((g) => g.name).join(', ')} set when loaded (a throw when unset, or a non-null assertion): the build step gets placeholder values on its RUN line only (the running app gets the real ones)`);
  return ['/usr/bin/env', ...guards.map((g) => `${g.name}=${placeholderValue(g.name, services)}`)];
}
