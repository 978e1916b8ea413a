import { mkdirSync, writeFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, test } from 'vitest';
import { CREDENTIAL_SAMPLES } from '../../src/fs/credential-files.js';
import { PREFIX, Resources } from './lib/cleanup.js';
import { buildImage, dockerfileOf } from './lib/docker.js';
import { mustDocker, tail } from './lib/exec.js';
import { copyFixture, discoverFixtures, fixtureArgs, fixtureSkipReason, isEveryAppFixture, runGenerator } from './lib/fixtures.js';
import { tarEntries } from './lib/image-invariants.js';

// A project full of decoy credentials (every sample of the shared list, plus a root .npmrc with a token in its
// registry URL): no stage of the generated build can see any of them, and the built image holds none. The context
// probe (COPY . of the whole context, as any stage would) is proven able to fail on a copy of the project whose
// .dockerignore lacks the credential lines.

const MARK = 'DECOY-CREDENTIAL';
/** Stacks whose images take the whole context (node) or a stage that did `COPY . .` (python). */
const DEFAULT = ['npm-express', 'python-flask'];
// A `--workspace all` fixture has several Dockerfiles; its contexts are checked by the static fixture test.
const fixtures = (process.env.E2E_ONLY ? discoverFixtures() : discoverFixtures().filter((f) => DEFAULT.includes(f))).filter((f) => !isEveryAppFixture(f));

function plantDecoys(dir: string): void {
  for (const sample of CREDENTIAL_SAMPLES) {
    mkdirSync(path.dirname(path.join(dir, sample)), { recursive: true });
    writeFileSync(path.join(dir, sample), `${MARK} ${sample}\n`);
  }
  // A root .npmrc whose registry URL carries credentials: a build secret, never context.
  writeFileSync(path.join(dir, '.npmrc'), `//registry.decoy.invalid/:_authToken=\${NPM_TOKEN}\n@decoy:registry=https://deploy:${MARK}@npm.decoy.invalid/\n`);
}

/** Every context file a stage could COPY (`COPY . /`, exported with BuildKit), with the decoys it holds. */
async function contextLeaks(dir: string, res: Resources): Promise<string[]> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'cdf-e2e-ctx-'));
  res.dirs.add(work);
  await writeFile(path.join(work, 'probe.Dockerfile'), 'FROM scratch\nCOPY . /\n');
  const out = path.join(work, 'out');
  await mustDocker(['build', '-f', path.join(work, 'probe.Dockerfile'), '-o', `type=local,dest=${out}`, '.'], { cwd: dir, timeoutMs: 5 * 60_000 });
  const leaks: string[] = [];
  for (const entry of await readdir(out, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if ((await readFile(file)).includes(MARK)) leaks.push(path.relative(out, file));
  }
  return leaks.sort();
}

/** Files in any layer of `tag` that carry a decoy (by content). */
async function imageLeaks(tag: string, res: Resources): Promise<string[]> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'cdf-e2e-save-'));
  res.dirs.add(work);
  const file = path.join(work, 'image.tar');
  await mustDocker(['save', '-o', file, tag], { timeoutMs: 5 * 60_000 });
  const outer = tarEntries(await readFile(file));
  const manifest = JSON.parse(outer.find((e) => e.path === 'manifest.json')!.data.toString('utf8')) as { Layers: string[] }[];
  const byName = new Map(outer.map((e) => [e.path, e.data]));
  const leaks: string[] = [];
  for (const layer of manifest[0]!.Layers) {
    for (const e of tarEntries(byName.get(layer)!)) if (e.data.includes(MARK)) leaks.push(e.path);
  }
  return leaks;
}

/** Whether the final stage copies the whole context (`COPY . .`) or the build stage's whole /app tree. */
function runtimeCopiesTree(dockerfile: string): boolean {
  const stages = dockerfile.split(/^FROM /m);
  const last = stages[stages.length - 1] ?? '';
  return last.split('\n').some((line) => {
    if (!line.startsWith('COPY ')) return false;
    const args = line.slice(5).trim();
    const sources = args.startsWith('[') || /\s\[/.test(args)
      ? (JSON.parse(args.slice(args.indexOf('['))) as string[]).slice(0, -1)
      : args.split(/\s+/).filter((a) => !a.startsWith('--')).slice(0, -1);
    return sources.some((src) => src === '.' || src.replace(/\/+$/, '') === '/app');
  });
}

describe.runIf(inject('dockerAvailable') && fixtures.length > 0)('decoy credentials never reach a build stage or the image', () => {
  const res = new Resources();
  afterAll(() => res.release());

  describe.each(fixtures)('%s', (name) => {
    let dir = '';
    let bare = '';
    test('the generated .dockerignore keeps every decoy out of the build context', async () => {
      dir = await copyFixture(name);
      res.dirs.add(dir);
      plantDecoys(dir);
      await runGenerator(dir, fixtureArgs(name));
      expect(await contextLeaks(dir, res)).toEqual([]);
    });

    test('the probe sees them all with the credential lines removed (it can fail)', async (ctx) => {
      if (!dir) return ctx.skip('no project');
      bare = await mkdtemp(path.join(os.tmpdir(), 'cdf-e2e-bare-'));
      res.dirs.add(bare);
      await cp(dir, bare, { recursive: true });
      const ignore = (await readFile(path.join(dir, '.dockerignore'), 'utf8')).split('\n').filter((l) => !l.startsWith('**/')).join('\n');
      await writeFile(path.join(bare, '.dockerignore'), ignore);
      const leaks = await contextLeaks(bare, res);
      expect(leaks).toEqual(expect.arrayContaining(['.aws/credentials', 'deploy/id_ecdsa', '.kube/config', 'config/service-account-prod.json', 'infra/terraform.tfstate.backup']));
    });

    test('the built image holds no decoy in any layer', async (ctx) => {
      if (!dir) return ctx.skip('no project');
      // A fixture the engine here cannot build (fixture.json e2e: false) still has its context checked above.
      if (fixtureSkipReason(name)) return ctx.skip(fixtureSkipReason(name)!);
      const tag = `${PREFIX}-credentials-${name}:${inject('runId')}`;
      res.images.add(tag);
      const b = await buildImage(dir, tag, false);
      if (!b.ok) throw new Error(`docker build failed:\n${tail(b.log, 60)}`);
      expect(b.log).not.toContain(MARK);
      expect(await imageLeaks(tag, res)).toEqual([]);
    });

    test('the image scan finds decoys when the credential lines are removed (it can fail)', async (ctx) => {
      if (!bare) return ctx.skip('no project');
      if (fixtureSkipReason(name)) return ctx.skip(fixtureSkipReason(name)!);
      if (!runtimeCopiesTree(await readFile(path.join(bare, dockerfileOf(bare)), 'utf8'))) {
        return ctx.skip('the runtime stage copies only built artifacts: no context file can reach the image');
      }
      // The root .npmrc's ${NPM_TOKEN} makes yarn 1 refuse every command once it is in the context (the user's
      // build would have NPM_TOKEN set); the other decoys still prove the scan, and the real build above keeps it.
      await rm(path.join(bare, '.npmrc'));
      const tag = `${PREFIX}-credentials-${name}-bare:${inject('runId')}`;
      res.images.add(tag);
      const b = await buildImage(bare, tag, false);
      if (!b.ok) throw new Error(`docker build failed:\n${tail(b.log, 60)}`);
      expect((await imageLeaks(tag, res)).length).toBeGreaterThan(0);
    });
  });
});
