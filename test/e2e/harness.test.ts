import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { dependencyInstallSteps, parseBuildSteps } from './lib/buildkit-log.js';
import { composeFacts, writeDotEnv } from './lib/compose.js';
import { parseHostPort } from './lib/docker.js';
import { buildsImages, withBuildLock } from './lib/build-lock.js';
import { FIXTURE_SHARDS, fixturesOfShard } from './lib/fixture-shards.js';
import { dockerfileFacts, healthBelowOf, healthPathOf } from './lib/dockerfile-facts.js';

// The suite's own parsers, checked without an engine so a broken harness fails loudly, not silently green.

const WARM_LOG = `#10 [deps 3/4] COPY package.json package-lock.json ./
#10 sha256:0720a72a
#10 CACHED

#11 [deps 4/4] RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev
#11 CACHED

#14 [build 2/3] COPY . .
#14 DONE 0.1s

#15 [build 3/3] RUN npm run build && npm prune --omit=dev
#15 DONE 4.2s

#16 [3/4] RUN cargo build --release
#16 CACHED

#17 [3/4] RUN cargo build --release
#18 [4/4] RUN cargo build --release --locked
#18 DONE 9.0s
`;

describe('BuildKit plain log', () => {
  const steps = parseBuildSteps(WARM_LOG);

  test('reads steps with stage, position and CACHED state', () => {
    expect(steps.find((s) => s.id === 11)).toMatchObject({ stage: 'deps', index: 4, cached: true });
    expect(steps.find((s) => s.id === 15)).toMatchObject({ stage: 'build', index: 3, cached: false });
    expect(steps.find((s) => s.id === 16)).toMatchObject({ stage: '', index: 3, cached: true });
  });

  test('takes the first install step of each stage, not the build that follows', () => {
    const install = dependencyInstallSteps(steps).map((s) => s.id).sort((a, b) => a - b);
    expect(install).toEqual([11, 16]);
  });

  test.each([
    ['RUN corepack enable && pnpm install --frozen-lockfile', true],
    ['RUN yarn install --immutable', true],
    ['RUN bun install --frozen-lockfile --production', true],
    ['RUN pip install --no-cache-dir -r requirements.txt', true],
    ['RUN python -m pip install --prefix=/install .', true],
    ['RUN go mod download', true],
    ['RUN --mount=type=cache,target=/root/.npm,sharing=locked ["npm", "ci", "--no-audit"]', true],
    ['RUN ["/bin/sh", "-c", "yarn install --immutable"]', true],
    ['RUN --mount=type=cache,target=/app/.next/cache ["npm", "run", "build"]', false],
    ['RUN mvn -B -q dependency:go-offline', true],
    ['RUN yarn build', false],
    ['RUN npm run build', false],
    ['RUN go build -o /out/app ./cmd/app', false],
  ])('%s is an install step: %s', (instruction, want) => {
    const found = dependencyInstallSteps([{ id: 1, stage: 'x', index: 2, instruction, cached: true }]);
    expect(found.length > 0).toBe(want);
  });
});

describe('Dockerfile facts', () => {
  const text = `ARG PORT=8080
FROM node:22-bookworm-slim AS build
USER node
EXPOSE 9999
FROM gcr.io/distroless/nodejs22-debian12:nonroot
ARG PORT
ARG UID=65532
USER \${UID}:\${UID}
EXPOSE \${PORT}
HEALTHCHECK --interval=10s CMD ["/nodejs/bin/node", "-e", "fetch('http://127.0.0.1:8080/healthz?full=1').then(r => process.exit(r.ok ? 0 : 1))"]
CMD ["server.js"]
`;

  test('reads the final stage only, with ARG values resolved', () => {
    const f = dockerfileFacts(text);
    expect(f).toMatchObject({ user: '65532:65532', uid: 65532, port: 8080, healthPath: '/healthz?full=1' });
  });

  test('a name as USER and HEALTHCHECK NONE are told apart', () => {
    const f = dockerfileFacts('FROM x\nUSER app\nHEALTHCHECK NONE\n');
    expect(f.uid).toBeUndefined();
    expect(f.healthcheck).toBeUndefined();
    expect(f.healthPath).toBe('/');
  });

  test('health path from curl, wget and bare probes', () => {
    expect(healthPathOf('CMD curl -fsS http://localhost:3000/health || exit 1')).toBe('/health');
    expect(healthPathOf('CMD wget -qO- http://127.0.0.1/ready')).toBe('/ready');
    expect(healthPathOf('CMD ["/app/server", "-healthcheck"]')).toBe('/');
    expect(healthPathOf(`CMD ["/nodejs/bin/node", "-e", "require('http').get({host:'127.0.0.1',port:3000,path:'/api/health'})"]`)).toBe('/api/health');
    expect(healthPathOf(`CMD ["/opt/venv/bin/python", "-c", "c.request('GET','/ready');"]`)).toBe('/ready');
  });

  test('status limit of our probes: 500 when the server only has to answer, else 400', () => {
    expect(healthBelowOf('CMD ["/usr/local/bin/healthcheck", "http://127.0.0.1:8080/", "500", "PORT"]')).toBe(500);
    expect(healthBelowOf(`CMD ["node", "-e", "r=>process.exit(r.statusCode<400?0:1)"]`)).toBe(400);
    expect(healthBelowOf(`CMD ["python", "-c", "raise SystemExit(not 200<=c.getresponse().status<500)"]`)).toBe(500);
    expect(healthBelowOf('CMD curl -fsS http://localhost:3000/health')).toBe(400);
  });
});

describe('compose file and .env', () => {
  let dir = '';
  afterAll(() => rm(dir, { recursive: true, force: true }));

  test('finds the built service, backing services and port variables; fills .env', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cdf-e2e-harness-'));
    await writeFile(
      path.join(dir, 'docker-compose.yml'),
      `services:
  web:
    build: .
    ports: ["127.0.0.1:\${APP_PORT:-3000}:3000"]
  db: {image: postgres:16-alpine}
  cache: {image: redis:7-alpine}
`,
    );
    await writeFile(path.join(dir, '.env.example'), 'POSTGRES_PASSWORD=\nSESSION_SECRET=change-me\nNODE_ENV=production\nAPP_PORT=3000\n');
    const facts = await composeFacts(dir);
    expect(facts).toMatchObject({ file: 'docker-compose.yml', app: 'web', backing: ['db', 'cache'], portVars: ['APP_PORT'] });

    const names = await writeDotEnv(dir, facts);
    expect(names.sort()).toEqual(['APP_PORT', 'NODE_ENV', 'POSTGRES_PASSWORD', 'SESSION_SECRET']);
    const env = Object.fromEntries((await readFile(path.join(dir, '.env'), 'utf8')).trim().split('\n').map((l) => l.split('=')));
    expect(env.POSTGRES_PASSWORD).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(env.SESSION_SECRET).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(env.NODE_ENV).toBe('production');
    expect(Number(env.APP_PORT)).toBeGreaterThan(0);
  });

  test('host port from docker port / compose port output', () => {
    expect(parseHostPort('127.0.0.1:49153\n')).toBe(49153);
    expect(parseHostPort('0.0.0.0:3000\n:::3000')).toBe(3000);
    expect(() => parseHostPort('')).toThrow();
  });
});

describe('fixture shards', () => {
  const names = ['go-a', 'go-b', 'go-c', 'npm-a', 'python-a'];
  const only = process.env.E2E_ONLY;
  afterAll(() => {
    if (only === undefined) delete process.env.E2E_ONLY;
    else process.env.E2E_ONLY = only;
  });

  test('the shards split the fixtures with nothing lost or run twice, alike stacks spread over both', () => {
    delete process.env.E2E_ONLY;
    const shards = Array.from({ length: FIXTURE_SHARDS }, (_, i) => fixturesOfShard(i + 1, names));
    expect(shards.flat().sort()).toEqual(names);
    expect(shards[0]).toEqual(['go-a', 'go-c', 'python-a']);
    expect(shards[1]).toEqual(['go-b', 'npm-a']);
  });

  test('a narrowed run (E2E_ONLY) runs every chosen fixture in the first shard', () => {
    process.env.E2E_ONLY = 'go-b,npm-a';
    expect(fixturesOfShard(1, ['go-b', 'npm-a'])).toEqual(['go-b', 'npm-a']);
    expect(fixturesOfShard(2, ['go-b', 'npm-a'])).toEqual([]);
  });
});

describe('build lock', () => {
  test('builds are recognised, other engine commands are not', () => {
    expect(buildsImages('docker', ['build', '--progress=plain', '-t', 'x', '.'])).toBe(true);
    expect(buildsImages('docker', ['buildx', 'build', '.'])).toBe(true);
    expect(buildsImages('docker-compose', ['-p', 'x', 'up', '-d', '--build'])).toBe(true);
    expect(buildsImages('docker', ['compose', '-p', 'x', 'build'])).toBe(true);
    expect(buildsImages(process.execPath, ['bin/create-dockerfile.cjs', 'verify', '--compare', 'HEAD'])).toBe(true);
    expect(buildsImages('docker', ['run', '-d', 'image'])).toBe(false);
    expect(buildsImages('docker', ['inspect', 'build'])).toBe(false);
    expect(buildsImages('docker-compose', ['-p', 'x', 'up', '-d'])).toBe(false);
    expect(buildsImages('docker-compose', ['-p', 'x', 'down', '-v'])).toBe(false);
    expect(buildsImages(process.execPath, ['bin/create-dockerfile.cjs', '--yes'])).toBe(false);
  });

  test('two holders never overlap', async () => {
    const log: string[] = [];
    const hold = (name: string) => withBuildLock(async () => {
      log.push(`${name} in`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      log.push(`${name} out`);
    });
    await Promise.all([hold('a'), hold('b')]);
    expect(log).toEqual(log[0] === 'a in' ? ['a in', 'a out', 'b in', 'b out'] : ['b in', 'b out', 'a in', 'a out']);
  });
});
