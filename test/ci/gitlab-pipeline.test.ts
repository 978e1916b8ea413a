import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { auditFiles } from '../../src/audit/audit.js';
import { parseOptions } from '../../src/cli/options.js';
import { createProjectFs } from '../../src/fs/project-fs.js';
import { buildPlan } from '../../src/plan/detect.js';
import { render } from '../../src/render/render.js';
import { listFixtures } from '../helpers/fixtures.js';

// No GitLab CI validator runs offline on Node 20: gitlab-ci-local (which bundles GitLab's CI schema) needs Node 22,
// and the lint packages ask a GitLab server. The pipeline is parsed strictly (unique keys) and its structure checked.
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const PATH = '.gitlab-ci.yml';

async function generate(project: string, args: string[]): Promise<Map<string, string>> {
  const { answers } = parseOptions(['--yes', ...args], {}, false);
  const { plan } = await buildPlan(createProjectFs(project), answers);
  return new Map(render(plan).map((f) => [f.path, f.text]));
}

type Job = { stage?: string; extends?: string; image?: string; script?: string[]; rules?: { if: string }[]; needs?: string[]; variables?: Record<string, string>; services?: string[] };

describe.each(listFixtures())('--ci gitlab on fixture $name', (fx) => {
  test('the pipeline parses strictly, checks with this version, builds on merge requests, publishes on the default branch and tags, and audits clean', async () => {
    const files = await generate(fx.project, [...fx.args.filter((a, i, all) => a !== '--ci' && all[i - 1] !== '--ci'), '--ci', 'gitlab']);
    const text = files.get(PATH);
    expect(text, 'the pipeline is written').toBeDefined();
    expect(files.has('.github/workflows/container.yml')).toBe(false);
    const ci = parse(text!, { uniqueKeys: true, strict: true }) as Record<string, Job | string[]> & { stages: string[] };
    expect(ci.stages).toEqual(['check', 'build']);
    // A workspace member's Dockerfile (apps/web/Dockerfile) is audited and built by its path from the root.
    const dockerfile = [...files.keys()].find((p) => p.endsWith('Dockerfile'))!;
    const member = dockerfile === 'Dockerfile' ? '' : ` ${dockerfile}`;
    expect((ci.check as Job).script).toEqual([`npx --yes create-dockerfile@${VERSION} --check`, `npx --yes create-dockerfile@${VERSION} audit${member} --sarif > audit.sarif`]);
    for (const job of ['build', 'publish']) expect((ci[job] as Job).script!.join(' '), job).toContain(`--platform "$PLATFORMS"${member ? ` --file${member}` : ''}`);
    const buildx = ci['.buildx'] as Job;
    expect(buildx.services).toEqual(['docker:29-dind']);
    expect(buildx.variables!.PLATFORMS).toBe(/^(go|rust)-/.test(fx.name) ? 'linux/amd64,linux/arm64' : 'linux/amd64');
    expect(buildx.needs).toEqual(['check']);
    for (const job of ['build', 'publish']) expect((ci[job] as Job).extends).toBe('.buildx');
    expect((ci.build as Job).rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }]);
    expect((ci.build as Job).script!.join(' ')).not.toMatch(/--push/);
    expect((ci.publish as Job).rules).toEqual([{ if: '$CI_COMMIT_TAG' }, { if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH' }]);
    const publish = (ci.publish as Job).script!.join(' ');
    for (const part of ['--push', '--tag "$CI_REGISTRY_IMAGE:$CI_COMMIT_REF_SLUG"', '--sbom=true', '--provenance=mode=max', '"SOURCE=$CI_PROJECT_URL"', '"REVISION=$CI_COMMIT_SHA"']) expect(publish).toContain(part);
    // Every job's stage (its own or the one it extends) is declared.
    const jobs = Object.entries(ci).filter(([name]) => name !== 'stages' && name !== 'workflow') as [string, Job][];
    for (const [name, job] of jobs) expect(ci.stages, `${name}: stage`).toContain(job.stage ?? (job.extends ? (ci[job.extends] as Job).stage : undefined));
    expect(auditFiles([...files].filter(([p]) => p !== PATH && p !== '.env.example').map(([path, text]) => ({ path, text })))).toEqual([]);
  });
});

test('a repeated key is refused by the strict parse (the check can fail)', () => {
  expect(() => parse('check:\n  stage: a\ncheck:\n  stage: b\n', { uniqueKeys: true })).toThrow();
});
