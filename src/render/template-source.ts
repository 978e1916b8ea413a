import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { registerHelpers } from './helpers.js';

/** A compiled template: context in, text out. */
export type Template = (ctx: unknown) => string;

/** The options every template and partial is compiled with: no HTML escaping (helpers escape per context), strict lookups. */
export const COMPILE_OPTIONS = { noEscape: true, strict: true } as const;

/** Templates by path under templates/, e.g. `node/Dockerfile.hbs`. */
export interface TemplateSource {
  compile(file: string): Template;
}

/**
 * Templates compiled from `root` (templates/) on first use, in an isolated Handlebars instance with the escaping
 * helpers and every partial. This is the module tests and the tsc build run; the published bundle replaces it with
 * the same templates precompiled at build time (scripts/precompile-templates.mjs), so a run never loads the
 * Handlebars compiler.
 */
export function templateSource(root: string): TemplateSource {
  const hbs = Handlebars.create();
  registerHelpers(hbs);
  const partials = path.join(root, 'partials');
  for (const f of readdirSync(partials)) {
    if (f.endsWith('.hbs')) hbs.registerPartial(f.slice(0, -4), readFileSync(path.join(partials, f), 'utf8'));
  }
  const cache = new Map<string, Template>();
  return {
    compile(file) {
      let t = cache.get(file);
      if (!t) {
        t = hbs.compile(readFileSync(path.join(root, file), 'utf8'), COMPILE_OPTIONS);
        cache.set(file, t);
      }
      return t;
    },
  };
}
