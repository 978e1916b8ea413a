import { describe, expect, test } from 'vitest';
import { TABLES, staleTableNote } from '../../src/versions/tables.js';
import { TABLE_DATE } from '../../src/versions/date.js';
import { imageSubjects, serviceRelease } from '../../src/versions/images.js';
import { findRelease, isEol, nearestVersions } from '../../src/versions/lookup.js';
import { rustDebian } from '../../src/versions/rust.js';
import { planSummary } from '../../src/cli/report.js';
import { buildPlan } from '../../src/plan/detect.js';
import { memProject } from '../helpers/memfs.js';

describe.each(Object.values(TABLES))('$title table', (table) => {
  test('newest first, unique versions, dates in order, the default present and supported', () => {
    const versions = table.releases.map((r) => r.version);
    expect(new Set(versions).size).toBe(versions.length);
    const key = (v: string): number[] => v.split('.').map(Number);
    const sorted = [...versions].sort((a, b) => { const [x, y] = [key(a), key(b)]; return y[0]! - x[0]! || (y[1] ?? 0) - (x[1] ?? 0); });
    expect(versions).toEqual(sorted);
    for (const r of table.releases) {
      expect(r.released).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if (r.eol !== null) expect(r.eol > r.released, `${table.name} ${r.version}`).toBe(true);
    }
    const def = findRelease(table, table.defaultVersion);
    expect(def).toBeDefined();
    expect(isEol(def!)).toBe(false);
  });
});

describe('image subjects (what the audit checks)', () => {
  test.each([
    ['node:18-bookworm-slim', ['node 18']],
    ['docker.io/library/node:16', ['node 16']],
    ['gcr.io/distroless/nodejs22-debian12:nonroot', ['distroless nodejs22-debian12', 'node 22']],
    ['gcr.io/distroless/python3-debian13:nonroot', ['python 3.13']],
    ['gcr.io/distroless/static-debian12', ['distroless static-debian12']],
    ['gcr.io/distroless/static-debian13:nonroot', []],
    ['python:3.6-slim-bullseye', ['python 3.6']],
    ['golang:1.22-bookworm', ['go 1.22']],
    ['maven:3.9-eclipse-temurin-17', ['java 17']],
    ['gradle:9.1-jdk25', ['java 25']],
    ['postgres:17-alpine', ['postgres 17']],
    ['redis:7.4-alpine', ['redis 7']],
    ['mongo:8', ['mongo 8.0']],
    ['mariadb:11.8', ['mariadb 11.8']],
    ['node:lts', []],
    ['acme/node:16', []],
  ])('%s', (image, keys) => {
    expect(imageSubjects(image).map((s) => s.key)).toEqual(keys);
  });

  test('service releases for the summary', () => {
    expect(serviceRelease('postgres:17-alpine')).toEqual({ name: 'postgres', version: '17' });
    expect(serviceRelease('gcr.io/distroless/static-debian12')).toBeUndefined();
  });
});

test('nearest supported versions name what to use instead', () => {
  expect(nearestVersions(TABLES.node!, '27')).toEqual(['24', '26']);
  expect(nearestVersions(TABLES.python!, '3.5')).toEqual(['3.11', '3.12']);
});

test('rust tags fall back to the newest Debian they exist for', () => {
  expect(['1', '1.95', '1.88', '1.87', '1.70', '1.69', '1.54', '1.53'].map(rustDebian)).toEqual(['trixie', 'trixie', 'trixie', 'bookworm', 'bookworm', 'bullseye', 'bullseye', undefined]);
});

describe('the clock only reaches the summary', () => {
  test('a release that ends after the tables were made is a summary warning, never a file change', async () => {
    const { plan } = await buildPlan(memProject({ 'package.json': { name: 'a', version: '1.0.0', scripts: { start: 'node s.js' }, engines: { node: '22.x' } }, 's.js': '' }), {});
    expect(planSummary(plan, [], TABLE_DATE)).not.toMatch(/warning/);
    expect(planSummary(plan, [], '2027-05-01')).toMatch(/! warning: Node\.js 22 reached end of life on 2027-04-30, after this version of create-dockerfile was made/);
    expect(staleTableNote('node', '26', '2027-05-01')).toBeUndefined();
  });
});
