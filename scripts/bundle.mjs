// Bundles the built CLI (dist/src/cli/main.js) and every run-time dependency into dist/create-dockerfile.mjs plus
// the chunks it loads on demand (dist/chunks/), and writes the licence texts of the bundled packages next to it.
// Run by `npm run build` after tsc.
import { build } from 'esbuild';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { precompiledModule } from './precompile-templates.mjs';

/**
 * esbuild options shared by this build and the bench's re-bundling: one minified ESM file for Node 20. CommonJS
 * dependencies (handlebars, fast-glob, shell-quote) call require(), which ESM output lacks: the banner gives one.
 */
export const BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  banner: { js: "import { createRequire as __cdfRequire } from 'node:module'; const require = __cdfRequire(import.meta.url);" },
  logLevel: 'error',
  // jsonc-parser's main file is a UMD wrapper whose require() calls esbuild cannot follow; its ES module build bundles.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
};

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await bundleCli();

async function bundleCli() {
  const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
  // Code splitting: a generation loads the entry and the chunks it imports; the audit, verify, prompt and merge
  // code (and the libraries only they use) sit in chunks loaded by `import()` when a run needs them.
  rmSync(path.join(root, 'dist', 'chunks'), { recursive: true, force: true });
  const result = await build({
    ...BUNDLE_OPTIONS,
    entryPoints: { 'create-dockerfile': path.join(root, 'dist', 'src', 'cli', 'main.js') },
    outdir: path.join(root, 'dist'),
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    metafile: true,
    plugins: [await precompiledTemplates(root)],
    // Readable names for CPU profiles of the bundle: BUNDLE_READABLE=1 npm run build.
    ...(process.env.BUNDLE_READABLE ? { minify: false } : {}),
  });
  writeFileSync(path.join(root, 'dist', 'THIRD_PARTY_LICENSES.txt'), licences(root, result.metafile));
  // What each chunk holds, for size work: BUNDLE_META=file npm run build (esbuild's metafile format).
  if (process.env.BUNDLE_META) writeFileSync(process.env.BUNDLE_META, JSON.stringify(result.metafile));
}

/**
 * Swaps dist/src/render/template-source.js (compiles templates/ at run time) for the same templates precompiled now.
 * @param {string} root
 */
async function precompiledTemplates(root) {
  const renderDir = path.join(root, 'dist', 'src', 'render');
  const { COMPILE_OPTIONS } = await import(pathToFileURL(path.join(renderDir, 'template-source.js')).href);
  const source = precompiledModule(path.join(root, 'templates'), COMPILE_OPTIONS, './helpers.js');
  return {
    name: 'precompiled-templates',
    setup(b) {
      b.onResolve({ filter: /[/\\]template-source\.js$/ }, (args) => {
        const resolved = path.resolve(args.resolveDir, args.path);
        return resolved === path.join(renderDir, 'template-source.js') ? { path: resolved, namespace: 'precompiled-templates' } : undefined;
      });
      b.onLoad({ filter: /.*/, namespace: 'precompiled-templates' }, () => ({ contents: source, loader: 'js', resolveDir: renderDir }));
    },
  };
}

// Every package that ended up in the bundle, with its licence text (MIT & co. ask for the notice to travel along).
function licences(root, metafile) {
  const packages = new Map();
  for (const input of Object.keys(metafile.inputs)) {
    // The innermost node_modules names the package (a nested copy may be another version).
    const unix = input.replace(/\\/g, '/');
    const at = unix.lastIndexOf('node_modules/');
    const m = at < 0 ? null : /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(unix.slice(at));
    if (!m) continue;
    const dir = path.join(root, unix.slice(0, at + m[0].length));
    if (!existsSync(path.join(dir, 'package.json'))) continue;
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const id = `${pkg.name}@${pkg.version}`;
    if (packages.has(id)) continue;
    const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    packages.set(id, `${id} (${pkg.license ?? 'see package'})\n\n${file ? readFileSync(path.join(dir, file), 'utf8').trim() : 'No licence file shipped by the package.'}`);
  }
  const sorted = [...packages.keys()].sort().map((k) => packages.get(k));
  return `create-dockerfile bundles these packages:\n\n${sorted.join(`\n\n${'-'.repeat(72)}\n\n`)}\n`;
}
