// Bundles the built CLI (dist/src/cli/main.js) and every run-time dependency into scripts under dist/cli/ (an entry
// plus the chunks it loads on demand), the CommonJS module dist/create-dockerfile.cjs that loads them with V8's code cache,
// and the licence texts of the bundled packages.
// Run by `npm run build` after tsc.
import { createHash } from 'node:crypto';
import { build, transform } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { precompiledModule } from './precompile-templates.mjs';

/**
 * esbuild options of the bundle: minified ESM for Node 20 (the chunks then become scripts, whose loader gives the
 * CommonJS dependencies, such as handlebars, fast-glob and shell-quote, the require() they call).
 */
export const BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  logLevel: 'error',
  // jsonc-parser's main file is a UMD wrapper whose require() calls esbuild cannot follow; its ES module build bundles.
  // Its parser alone (main.js re-exports the same parse): main.js also loads the formatter, whose string tables are
  // built when the module loads (~0.7 ms of every run) although nothing here formats JSON.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/impl/parser.js' },
};

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await bundleCli();

async function bundleCli() {
  const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
  const dist = path.join(root, 'dist');
  for (const old of ['chunks', 'cli', 'create-dockerfile.mjs', 'create-dockerfile.cjs']) rmSync(path.join(dist, old), { recursive: true, force: true });
  // Code splitting: a generation loads the entry and the chunks it imports; the audit, verify, prompt and merge
  // code (and the libraries only they use) sit in chunks loaded by `import()` when a run needs them. Every name
  // carries its content hash: the code cache of a file is keyed by its name.
  const mainSource = path.join(dist, 'src', 'cli', 'main.js');
  const result = await build({
    ...BUNDLE_OPTIONS,
    entryPoints: { main: mainSource },
    outdir: path.join(dist, 'cli'),
    splitting: true,
    entryNames: '[name]-[hash]',
    chunkNames: '[name]-[hash]',
    write: false,
    metafile: true,
    plugins: [await precompiledTemplates(root)],
    // dockerfile-ast needs only Position.create and Range.create of vscode-languageserver-types (src/audit/lsp-position-range.ts).
    alias: { ...BUNDLE_OPTIONS.alias, 'vscode-languageserver-types': path.join(dist, 'src', 'audit', 'lsp-position-range.js') },
    // Readable names for CPU profiles of the bundle: BUNDLE_READABLE=1 npm run build.
    ...(process.env.BUNDLE_READABLE ? { minify: false } : {}),
  });
  // Node 20 keeps compiled code only for vm.Script, not for ES modules: each chunk becomes a CommonJS-shaped script
  // (static imports and `import()` both turn into require() calls that src/boot/code-cache.ts serves).
  mkdirSync(path.join(dist, 'cli'), { recursive: true });
  let entry = '';
  /** @type {Record<string, string>} */
  const hashes = {};
  for (const out of result.outputFiles) {
    const { code } = await transform(out.text, {
      format: 'cjs', platform: 'node', target: 'node20', supported: { 'dynamic-import': false },
      define: { 'import.meta.url': '__cdfUrl' }, minify: !process.env.BUNDLE_READABLE, logLevel: 'error',
    });
    writeFileSync(out.path, code);
    // The name's hash is of the ES module; the cache is keyed by the script's own text (other transform options,
    // another esbuild: same name, other text).
    hashes[path.basename(out.path)] = createHash('sha256').update(code).digest('hex').slice(0, 16);
    // The entry by the metafile, not by name: a chunk of a package's main.js (dotenv's) is named main-<hash> too.
    if (result.metafile.outputs[unixRelative(root, out.path)]?.entryPoint === unixRelative(root, mainSource)) entry = path.basename(out.path);
  }
  if (!entry) throw new Error('scripts/bundle.mjs: the build wrote no main-<hash>.js entry; check entryPoints');
  // The published loader: loads dist/cli/ with the code cache (src/boot/entry.ts). CommonJS, as the bin that requires
  // it: no ES module on the start path, so Node never starts its ES module loader.
  await build({
    ...BUNDLE_OPTIONS,
    format: 'cjs',
    entryPoints: [path.join(dist, 'src', 'boot', 'entry.js')],
    outfile: path.join(dist, 'create-dockerfile.cjs'),
    define: { __CDF_ENTRY__: JSON.stringify(entry), __CDF_HASHES__: JSON.stringify(hashes) },
  });
  writeFileSync(path.join(dist, 'THIRD_PARTY_LICENSES.txt'), licences(root, result.metafile));
  // What each chunk holds, for size work: BUNDLE_META=file npm run build (esbuild's metafile format).
  if (process.env.BUNDLE_META) writeFileSync(process.env.BUNDLE_META, JSON.stringify(result.metafile));
}

/** A path relative to `root` with forward slashes, as esbuild's metafile names files. */
function unixRelative(root, file) {
  return path.relative(root, file).split(path.sep).join('/');
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
