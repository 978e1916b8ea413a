import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { parse } from 'yaml';

// The app's health check is written twice: the Dockerfile's HEALTHCHECK and the compose / Swarm service's
// healthcheck (which overrides it). The timing is one decision (README, "Healthy sooner"): both must say the same.
const fixtures = path.join(import.meta.dirname, 'fixtures');

/** interval, timeout, start period and retries of the last HEALTHCHECK, as compose spells them. */
function dockerfileTiming(text: string): { timing: Record<string, string>; cmd: string[] } | null {
  const line = text.split('\n').filter((l) => l.startsWith('HEALTHCHECK ')).pop();
  const m = line?.match(/^HEALTHCHECK ((?:--[a-z-]+=\S+ )*)CMD (\[.*\])$/);
  if (!m) return null;
  const flags = Object.fromEntries((m[1] ?? '').trim().split(' ').map((f) => f.slice(2).split('=') as [string, string]));
  const timing = { interval: flags.interval, timeout: flags.timeout, start_period: flags['start-period'], retries: flags.retries };
  return { timing: timing as Record<string, string>, cmd: JSON.parse(m[2] ?? '[]') as string[] };
}

test('compose and Swarm services running the image HEALTHCHECK command use its timing', () => {
  let compared = 0;
  for (const name of readdirSync(fixtures)) {
    const expected = path.join(fixtures, name, 'expected');
    if (!existsSync(path.join(expected, 'Dockerfile'))) continue;
    const hc = dockerfileTiming(readFileSync(path.join(expected, 'Dockerfile'), 'utf8'));
    if (!hc) continue;
    for (const file of ['docker-compose.yml', 'docker-stack.yml'].filter((f) => existsSync(path.join(expected, f)))) {
      const doc = parse(readFileSync(path.join(expected, file), 'utf8')) as { services?: Record<string, { healthcheck?: Record<string, unknown> }> };
      for (const [service, s] of Object.entries(doc.services ?? {})) {
        const test = s.healthcheck?.test as string[] | undefined;
        if (JSON.stringify(test) !== JSON.stringify(['CMD', ...hc.cmd])) continue;
        const { interval, timeout, start_period, retries } = s.healthcheck ?? {};
        expect({ interval, timeout, start_period, retries: String(retries) }, `${name}/${file} ${service}`).toEqual(hc.timing);
        compared++;
      }
    }
  }
  expect(compared).toBeGreaterThan(20);
});
