// Bundles the built CLI (dist/src/cli/main.js) and every run-time dependency into dist/create-dockerfile.mjs, and
// writes the licence texts of the bundled packages next to it. Run by `npm run build` after tsc.
import { build } from 'esbuild';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.join(root, 'dist', 'create-dockerfile.mjs');

const result = await build({
  entryPoints: [path.join(root, 'dist', 'src', 'cli', 'main.js')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  metafile: true,
  legalComments: 'none',
  // CommonJS dependencies (handlebars, fast-glob, shell-quote) call require(); ESM output has none of its own.
  banner: { js: "import { createRequire as __cdfRequire } from 'node:module'; const require = __cdfRequire(import.meta.url);" },
  logLevel: 'error',
});

// Every package that ended up in the bundle, with its licence text (MIT & co. ask for the notice to travel along).
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  // The innermost node_modules names the package (a nested copy may be another version).
  const unix = input.replace(/\\/g, '/');
  const at = unix.lastIndexOf('node_modules/');
  const m = at < 0 ? null : /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(unix.slice(at));
  if (!m) continue;
  const dir = path.join(root, unix.slice(0, at + m[0].length));
  if (!existsSync(path.join(dir, 'package.json'))) continue;
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  if (packages.has(`${pkg.name}@${pkg.version}`)) continue;
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
  packages.set(`${pkg.name}@${pkg.version}`, `${pkg.name}@${pkg.version} (${pkg.license ?? 'see package'})\n\n${file ? readFileSync(path.join(dir, file), 'utf8').trim() : 'No licence file shipped by the package.'}`);
}
const sorted = [...packages.keys()].sort().map((k) => packages.get(k));
writeFileSync(path.join(root, 'dist', 'THIRD_PARTY_LICENSES.txt'), `create-dockerfile bundles these packages:\n\n${sorted.join(`\n\n${'-'.repeat(72)}\n\n`)}\n`);
