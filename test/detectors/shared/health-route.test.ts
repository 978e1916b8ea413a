import { expect, test } from 'vitest';
import { preferredHealthRoute } from '../../../detectors/shared/health-route.js';

const pick = (...paths: string[]) => preferredHealthRoute(paths.map((value, i) => ({ value, file: `f${i}` })))?.value;

test.each<[string[], string | undefined]>([
  [['/ping', '/health'], '/health'],
  [['/healthz', '/api/health'], '/healthz'],
  [['/health/', '/health'], '/health'],
  [['/healthz', '/health/'], '/health/'],
  [['/readyz', '/livez'], '/livez'],
  [['/ping'], '/ping'],
  [[], undefined],
])('preferred among %j is %s', (paths, want) => {
  expect(pick(...paths)).toBe(want);
});

test('ties keep the order found (entry files first)', () => {
  const found = [{ value: '/health', file: 'main.go' }, { value: '/health', file: 'other.go' }];
  expect(preferredHealthRoute(found)?.file).toBe('main.go');
});
