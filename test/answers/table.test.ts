import { describe, expect, test } from 'vitest';
import { ANSWERS } from '../../src/answers/table.js';
import { FLAGS, flagsMarkdown } from '../../src/cli/flags.js';
import { parseOptions } from '../../src/cli/options.js';
import { answersFromYaml, answersToYaml } from '../../src/state/answers-codec.js';

// One given value per answer, as a flag and as the saved file holds it.
const GIVEN: Record<string, { argv: string[]; saved: unknown }> = {
  stack: { argv: ['--stack', 'go'], saved: 'go' },
  port: { argv: ['--port', '8081'], saved: 8081 },
  runtimeVersion: { argv: ['--runtime-version', '3.12'], saved: '3.12' },
  base: { argv: ['--base', 'slim'], saved: 'slim' },
  start: { argv: ['--start', 'node s.js'], saved: 'node s.js' },
  build: { argv: ['--build', ''], saved: '' },
  main: { argv: ['--main', 'cmd/api'], saved: 'cmd/api' },
  features: { argv: ['--features', 'sqlite, tls'], saved: 'sqlite,tls' },
  workspace: { argv: ['--workspace', 'api'], saved: 'api' },
  compose: { argv: ['--no-compose'], saved: false },
  k8s: { argv: ['--k8s'], saved: true },
  k8sServices: { argv: ['--no-k8s-services'], saved: false },
  swarm: { argv: ['--swarm'], saved: true },
  services: { argv: ['--services', 'postgres,redis'], saved: ['postgres', 'redis'] },
  memory: { argv: ['--memory', '1G'], saved: '1G' },
  cpus: { argv: ['--cpus', '0.5'], saved: '0.5' },
  dataDir: { argv: ['--data-dir', '/var/lib/app'], saved: '/var/lib/app' },
  ci: { argv: ['--ci', 'github'], saved: 'github' },
};

describe.each(ANSWERS.map((row) => [row.key, row] as const))('answer %s', (key, row) => {
  test('its flags are in the flag table and the README table', () => {
    for (const f of row.flags) {
      expect(FLAGS).toContainEqual(f);
      expect(flagsMarkdown()).toContain(`\`--${f.name}`);
    }
  });

  test('a flag and the saved file give the same answer, and the saved file keeps it', () => {
    const given = GIVEN[key];
    expect(given, `add a row for ${key} to GIVEN`).toBeDefined();
    const fromFlag = parseOptions(given!.argv, {}, false).answers;
    expect(Object.keys(fromFlag)).toEqual([key]);
    const saved = answersToYaml(fromFlag);
    expect(answersFromYaml(saved)).toEqual(fromFlag);
    expect(answersFromYaml({ [key]: given!.saved })).toEqual(fromFlag);
  });
});

test.each<[string, string[], Record<string, unknown>, RegExp]>([
  ['port', ['--port', '0'], { port: 0 }, /"0" is not a port/],
  ['base', ['--base', 'windows'], { base: 'windows' }, /unknown flavour "windows"/],
  ['start', ['--start', ' '], { start: ' ' }, /the command is empty/],
  ['memory', ['--memory', 'lots'], { memory: 'lots' }, /is not a memory size/],
])('%s: a bad flag and a bad saved value get the same error', (_, argv, saved, error) => {
  expect(() => parseOptions(argv, {}, false)).toThrow(error);
  expect(() => answersFromYaml(saved)).toThrow(error);
});
