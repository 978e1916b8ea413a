import { readdirSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

/** A fixture: a small real project plus the files we expect to generate for it. */
export interface Fixture {
  name: string;
  project: string;
  expectedDir: string;
  /** Extra CLI flags for this fixture (fixture.json "args"). */
  args: string[];
  /** Independent expectations of what detection should find (expect.json). */
  expect: Record<string, unknown> | undefined;
}

/** Whether a fixture runs with `--workspace all` (several plans: tests that plan one app leave it out). */
export const isEveryApp = (fx: Fixture): boolean => fx.args.some((a, i) => a === '--workspace' && fx.args[i + 1] === 'all');

/**
 * Every folder under test/fixtures holding a project/; those run with `--workspace all` only when `everyApp` is
 * set (a test that plans one app, or adds --k8s/--swarm/--ci, which `all` refuses, cannot take them).
 */
export function listFixtures({ everyApp = false }: { everyApp?: boolean } = {}): Fixture[] {
  return readdirSync(FIXTURES_DIR)
    .filter((n) => existsSync(path.join(FIXTURES_DIR, n, 'project')))
    .sort()
    .map((name) => {
      const dir = path.join(FIXTURES_DIR, name);
      const read = (f: string): Record<string, unknown> | undefined =>
        existsSync(path.join(dir, f)) ? (JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Record<string, unknown>) : undefined;
      return {
        name,
        project: path.join(dir, 'project'),
        expectedDir: path.join(dir, 'expected'),
        args: ((read('fixture.json')?.args as string[] | undefined) ?? []),
        expect: read('expect.json'),
      };
    })
    .filter((fx) => everyApp || !isEveryApp(fx));
}
