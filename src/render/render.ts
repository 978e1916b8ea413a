import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import type { Plan } from '../plan/types.js';
import { registerHelpers } from './helpers.js';

/** A generated file: path relative to the project root and its full text. */
export interface GeneratedFile {
  path: string;
  text: string;
}

/** The package's templates/ folder, found from this module whether it runs from src/ (tests) or dist/. */
export function templatesDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'templates', 'compose')) && existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'templates');
    const up = path.dirname(dir);
    if (up === dir) throw new Error('create-dockerfile: templates/ folder not found next to the package; reinstall the package');
    dir = up;
  }
}

type Template = (ctx: unknown) => string;

/** An isolated Handlebars instance: no HTML escaping (helpers escape per context), strict lookups. */
function createEngine(root: string): { hbs: typeof Handlebars; compile: (file: string) => Template } {
  const hbs = Handlebars.create();
  registerHelpers(hbs);
  const partials = path.join(root, 'partials');
  for (const f of readdirSync(partials)) {
    if (f.endsWith('.hbs')) hbs.registerPartial(f.slice(0, -4), readFileSync(path.join(partials, f), 'utf8'));
  }
  const cache = new Map<string, Template>();
  const compile = (file: string): Template => {
    let t = cache.get(file);
    if (!t) {
      t = hbs.compile(readFileSync(path.join(root, file), 'utf8'), { noEscape: true, strict: true });
      cache.set(file, t);
    }
    return t;
  };
  return { hbs, compile };
}

let engine: ReturnType<typeof createEngine> | undefined;

/**
 * Renders every file the plan calls for. Pure: same plan, same bytes. The generator's version is left out of
 * the output on purpose, so upgrading the tool does not make every generated file differ.
 */
export function render(plan: Plan): GeneratedFile[] {
  engine ??= createEngine(templatesDir());
  const ctx = { ...plan, generator: { name: 'create-dockerfile' } };
  const tidy = (s: string): string => s.replace(/\n{3,}/g, '\n\n').replace(/^\n+/, '').replace(/\n*$/, '\n');
  const files: GeneratedFile[] = [
    { path: 'Dockerfile', text: tidy(engine.compile(`${plan.templates}/Dockerfile.hbs`)(ctx)) },
    { path: '.dockerignore', text: tidy(engine.compile('dockerignore/dockerignore.hbs')(ctx)) },
  ];
  if (plan.compose.enabled) {
    files.push({ path: 'docker-compose.yml', text: tidy(engine.compile('compose/docker-compose.yml.hbs')(ctx)) });
    if (plan.serviceDetails.some((s) => s.secrets.length > 0)) {
      files.push({ path: '.env.example', text: tidy(engine.compile('compose/env.example.hbs')(ctx)) });
    }
  }
  return files;
}
