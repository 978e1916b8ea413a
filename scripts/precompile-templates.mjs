// The templates precompiled at build time, as the source of a module that stands in for
// dist/src/render/template-source.js in the bundle (scripts/bundle.mjs): same interface, same options, but the
// templates are JavaScript already, so a run loads only the Handlebars runtime, not its compiler.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';

/** Every `.hbs` under `dir`, as paths relative to it with `/` separators, sorted. */
function templateFiles(dir, rel = '') {
  const out = [];
  for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...templateFiles(dir, r));
    else if (e.name.endsWith('.hbs')) out.push(r);
  }
  return out.sort();
}

/**
 * The module source. `options` must be the COMPILE_OPTIONS of template-source (read from the built module, so the
 * two cannot drift); partials get them too, as a compiled template passes its options to the partials it calls.
 * @param {string} templatesRoot  templates/
 * @param {object} options        Handlebars compile options
 * @param {string} helpersModule  import specifier of the built helpers module
 */
export function precompiledModule(templatesRoot, options, helpersModule) {
  const entries = [];
  const partials = [];
  for (const file of templateFiles(templatesRoot)) {
    const spec = Handlebars.precompile(readFileSync(path.join(templatesRoot, file), 'utf8'), options);
    // Each spec behind a function: a spec is an object of closures, and a run uses few of the templates.
    if (file.startsWith('partials/')) partials.push(`  ${JSON.stringify(file.slice('partials/'.length, -'.hbs'.length))}: () => (${spec}),`);
    else entries.push(`  ${JSON.stringify(file)}: () => (${spec}),`);
  }
  return `import Handlebars from 'handlebars/runtime';
import { registerHelpers } from ${JSON.stringify(helpersModule)};

const TEMPLATES = {
${entries.join('\n')}
};
const PARTIALS = {
${partials.join('\n')}
};

export const COMPILE_OPTIONS = ${JSON.stringify(options)};

export function templateSource() {
  const hbs = Handlebars.create();
  registerHelpers(hbs);
  // A partial is made into a template on its first call (Handlebars calls a partial that is a function as it is).
  for (const [name, spec] of Object.entries(PARTIALS)) {
    let made;
    hbs.registerPartial(name, (context, options) => (made ??= hbs.template(spec()))(context, options));
  }
  const cache = new Map();
  return {
    compile(file) {
      let t = cache.get(file);
      if (!t) {
        const spec = TEMPLATES[file];
        if (!spec) throw new Error(\`create-dockerfile: template \${file} is not in this build; reinstall the package\`);
        t = hbs.template(spec());
        cache.set(file, t);
      }
      return t;
    },
  };
}
`;
}
