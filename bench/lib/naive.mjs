// The naive single-stage Dockerfile part 4 compares against, the images a generated Dockerfile starts from,
// and the probes that measure what the app needs at run time (the floor's artefacts).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The image of every `FROM` in a Dockerfile, with global `ARG` defaults substituted (stage names resolved).
 * @param {string} text
 * @returns {string[]}
 */
export function fromImages(text) {
  /** @type {Record<string, string>} */
  const args = {};
  /** @type {Record<string, string>} */
  const stages = {};
  const images = [];
  for (const line of text.split('\n')) {
    const arg = /^ARG\s+([A-Za-z_][A-Za-z0-9_]*)=(?:"([^"]*)"|(\S*))/.exec(line);
    if (arg && images.length === 0) args[arg[1]] = arg[2] ?? arg[3] ?? '';
    const from = /^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (!from) continue;
    const image = from[1].replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, n) => args[n] ?? '');
    const resolved = stages[image] ?? image;
    images.push(resolved);
    if (from[2]) stages[from[2]] = resolved;
  }
  return images;
}

/**
 * The stack of a project folder, as far as part 4 needs it.
 * @returns {'go'|'rust'|'python'|'node'}
 */
export function stackOf(/** @type {string} */ dir) {
  if (existsSync(path.join(dir, 'go.mod'))) return 'go';
  if (existsSync(path.join(dir, 'Cargo.toml'))) return 'rust';
  if (['requirements.txt', 'pyproject.toml'].some((f) => existsSync(path.join(dir, f)))) return 'python';
  if (existsSync(path.join(dir, 'package.json'))) return 'node';
  throw new Error(`${dir}: part 4 knows only Node, Python, Go and Rust projects`);
}

/**
 * What a developer writes without a generator: the full toolchain image the generated builder uses
 * (`node:22-bookworm-slim` -> `node:22`), everything copied, dependencies installed, built, started.
 * @param {string} dir        the project
 * @param {string} builder    first FROM image of the generated Dockerfile
 */
export function naiveDockerfile(dir, builder) {
  const image = builder.replace(/:([^-]+)-.*$/, ':$1');
  const stack = stackOf(dir);
  if (stack === 'go') {
    return [`FROM ${image}`, 'WORKDIR /app', 'COPY . .', 'RUN go build -o /usr/local/bin/app .', 'CMD ["/usr/local/bin/app"]', ''].join('\n');
  }
  if (stack === 'rust') {
    return [`FROM ${image}`, 'WORKDIR /app', 'COPY . .', 'RUN cargo build --release', 'CMD ["cargo", "run", "--release"]', ''].join('\n');
  }
  if (stack === 'python') {
    const install = existsSync(path.join(dir, 'requirements.txt')) ? 'pip install -r requirements.txt' : 'pip install .';
    return [`FROM ${image}`, 'WORKDIR /app', 'COPY . .', `RUN ${install}`, 'CMD ["python", "app.py"]', ''].join('\n');
  }
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const install = existsSync(path.join(dir, 'package-lock.json')) ? 'npm ci' : 'npm install';
  return [
    `FROM ${image}`, 'WORKDIR /app', 'COPY . .', `RUN ${install}`,
    ...(pkg.scripts?.build ? ['RUN npm run build'] : []),
    'ENV NODE_ENV=production', 'CMD ["npm", "start"]', '',
  ].join('\n');
}

/**
 * A shell script, run in the naive image (where everything is installed and built), that prints the bytes the
 * app needs at run time: Go, the static stripped binary; Rust, the release binary, stripped; Next.js standalone,
 * its server tree, static assets and public/; other Node apps, the app folder after pruning dev dependencies.
 * Python needs two runs, see {@link pythonDistributions}.
 * @param {string} dir
 */
export function artefactProbe(dir) {
  const stack = stackOf(dir);
  if (stack === 'go') {
    return "CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o /tmp/floor-bin . >&2 && stat -c %s /tmp/floor-bin";
  }
  if (stack === 'rust') {
    // The binary the naive build left (one executable at the top of target/release), with its symbols stripped.
    return 'set -- $(find target/release -maxdepth 1 -type f -perm -u+x) && [ "$#" -eq 1 ] '
      + '|| { echo "expected one binary in target/release, found: $*" >&2; exit 3; } '
      + '&& strip -o /tmp/floor-bin "$1" >&2 && stat -c %s /tmp/floor-bin';
  }
  if (stack === 'python') throw new Error(`${dir}: Python's artefacts take two probes (pythonDistributions)`);
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const config = ['next.config.js', 'next.config.mjs', 'next.config.ts'].map((f) => path.join(dir, f)).find(existsSync);
  if (pkg.dependencies?.next && config && /standalone/.test(readFileSync(config, 'utf8'))) {
    return 'du -scb .next/standalone .next/static public | tail -n 1 | cut -f1';
  }
  return 'npm prune --omit=dev --no-audit --no-fund >&2 && rm -f Dockerfile && du -sb . | cut -f1';
}

/**
 * A shell command for the Python floor, run twice. `pythonDistributions(null)` (in the image the naive Dockerfile
 * starts from) prints the installed distributions as JSON (`name==version`). `pythonDistributions(those)` (in the
 * naive image) prints the bytes the app needs: every distribution pip added for it, with everything they require
 * that was there before (e.g. `packaging`, which pip finds in the base and a virtualenv installs again), each file
 * counted once; plus the app folder (`.`, the naive Dockerfile left out). A distribution without a file list (Debian's
 * own) counts its dist-info folder and the package folder of its name.
 * @param {string[]|null} base
 */
export function pythonDistributions(base) {
  const script = [
    'import importlib.metadata as m, json, os, sys',
    'from pip._vendor.packaging.requirements import Requirement',
    'from pip._vendor.packaging.utils import canonicalize_name as canon',
    'dists = {}',
    'for d in m.distributions():',
    "    dists.setdefault(canon(d.metadata['Name'] or ''), d)",
    'if len(sys.argv) < 2:',
    "    print(json.dumps(sorted(f'{n}=={d.version}' for n, d in dists.items())))",
    '    sys.exit(0)',
    'base = set(json.loads(sys.argv[1]))',
    "todo = [n for n, d in dists.items() if f'{n}=={d.version}' not in base]",
    'needed = set()',
    'while todo:',
    '    n = todo.pop()',
    '    if n in needed or n not in dists: continue',
    '    needed.add(n)',
    '    for r in dists[n].requires or []:',
    '        req = Requirement(r)',
    "        if req.marker is None or req.marker.evaluate({'extra': ''}): todo.append(canon(req.name))",
    'def files(d, n):',
    '    if d.files is not None: return [d.locate_file(f) for f in d.files]',
    '    root = d.locate_file("")',
    "    dirs = [str(d._path), os.path.join(str(root), n.replace('-', '_'))]",
    '    return [os.path.join(r, f) for x in dirs if os.path.isdir(x) for r, _, fs in os.walk(x) for f in fs]',
    'seen, total = set(), 0',
    'for n in sorted(needed):',
    '    for f in files(dists[n], n):',
    '        p = os.path.realpath(f)',
    '        if p not in seen and os.path.isfile(p):',
    '            seen.add(p)',
    '            total += os.path.getsize(p)',
    "app = sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk('.') for f in fs if os.path.join(r, f) != './Dockerfile')",
    "print(json.dumps({'distributions': sorted(needed), 'bytes': total + app}))",
    '',
  ].join('\n');
  const code = `echo ${Buffer.from(script).toString('base64')} | base64 -d > /tmp/floor.py`;
  return base === null ? `${code} && python3 /tmp/floor.py` : `${code} && python3 /tmp/floor.py '${JSON.stringify(base)}'`;
}
