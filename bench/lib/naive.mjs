// The naive single-stage Dockerfile part 4 compares against, the images a generated Dockerfile starts from,
// and the shell probe that measures what the app needs at run time (the floor's artefacts).
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

/** The stack of a project folder, as far as part 4 needs it. */
export function stackOf(/** @type {string} */ dir) {
  if (existsSync(path.join(dir, 'go.mod'))) return 'go';
  if (existsSync(path.join(dir, 'package.json'))) return 'node';
  throw new Error(`${dir}: part 4 knows only Node and Go projects`);
}

/**
 * What a developer writes without a generator: the full toolchain image the generated builder uses
 * (`node:22-bookworm-slim` -> `node:22`), everything copied, dependencies installed, built, started.
 * @param {string} dir        the project
 * @param {string} builder    first FROM image of the generated Dockerfile
 */
export function naiveDockerfile(dir, builder) {
  const image = builder.replace(/:([^-]+)-.*$/, ':$1');
  if (stackOf(dir) === 'go') {
    return [`FROM ${image}`, 'WORKDIR /app', 'COPY . .', 'RUN go build -o /usr/local/bin/app .', 'CMD ["/usr/local/bin/app"]', ''].join('\n');
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
 * app needs at run time: Go, the static stripped binary; Next.js standalone, its server tree, static assets and
 * public/; other Node apps, the app folder after pruning dev dependencies.
 * @param {string} dir
 */
export function artefactProbe(dir) {
  if (stackOf(dir) === 'go') {
    return "CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o /tmp/floor-bin . >&2 && stat -c %s /tmp/floor-bin";
  }
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const config = ['next.config.js', 'next.config.mjs', 'next.config.ts'].map((f) => path.join(dir, f)).find(existsSync);
  if (pkg.dependencies?.next && config && /standalone/.test(readFileSync(config, 'utf8'))) {
    return 'du -scb .next/standalone .next/static public | tail -n 1 | cut -f1';
  }
  return 'npm prune --omit=dev --no-audit --no-fund >&2 && rm -f Dockerfile && du -sb . | cut -f1';
}
