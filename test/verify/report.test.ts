import { expect, test } from 'vitest';
import type { LayerReport } from '../../src/verify/layer-analysis.js';
import type { Measurement } from '../../src/verify/measure.js';
import { formatCompare, formatJson, formatSingle } from '../../src/verify/report.js';

const layers = (wasted: number, share: LayerReport['share']): LayerReport => {
  const finalBytes = share.base + share.dependencies + share.app;
  return {
    layers: [
      { index: 1, sizeBytes: share.base, files: 10, instruction: 'ADD rootfs.tar /', base: true },
      { index: 2, sizeBytes: share.dependencies + wasted, files: 5, instruction: 'RUN npm install', base: false },
      { index: 3, sizeBytes: share.app, files: 2, instruction: 'COPY . .', base: false },
    ],
    totalBytes: finalBytes + wasted,
    finalBytes,
    wastedBytes: wasted,
    wastedFiles: wasted ? 3 : 0,
    efficiency: finalBytes / (finalBytes + wasted),
    largest: [{ path: '/usr/local/bin/node', sizeBytes: 90_000_000, layer: 1 }],
    share,
  };
};
const before: Measurement = {
  label: 'HEAD:Dockerfile', built: true, sizeBytes: 1_100_000_000, layers: 3, health: 'running (no HEALTHCHECK)', findings: [],
  layerReport: layers(40_000_000, { base: 900_000_000, dependencies: 150_000_000, app: 10_000_000 }),
  scan: { tool: 'trivy', critical: 3, high: 40 },
};
const after: Measurement = {
  label: 'Dockerfile', built: true, sizeBytes: 150_000_000, layers: 3, health: 'healthy', healthySeconds: 2, findings: [],
  layerReport: layers(0, { base: 120_000_000, dependencies: 28_000_000, app: 2_000_000 }),
  scan: { tool: 'trivy', critical: 0, high: 2 },
};

test('the single report lists the layers, waste, efficiency, shares, largest files and vulnerabilities', () => {
  const out = formatSingle(before);
  expect(out).toMatch(/^ {4}1 +900\.0 MB {2}base image \(1 layer\)$/m);
  expect(out).toMatch(/^ {4}2 +190\.0 MB {2}RUN npm install$/m);
  expect(out).toMatch(/wasted +40\.0 MB in 3 files/);
  expect(out).toMatch(/efficiency +96\.4 %/);
  expect(out).toMatch(/base +900\.0 MB \(85%\)\n {2}dependencies +150\.0 MB \(14%\)\n {2}app +10\.0 MB \(1%\)/);
  expect(out).toMatch(/90\.0 MB {2}\/usr\/local\/bin\/node \(layer 1\)/);
  expect(out).toMatch(/vulnerabilities +3 critical, 40 high \(trivy\)/);
  expect(formatSingle({ ...after, layerReport: undefined, layerError: 'docker save x: no space' })).toMatch(/layers: not analysed \(docker save x: no space\)/);
});

test('--compare puts the layer numbers and scan counts side by side', () => {
  const out = formatCompare(before, after);
  expect(out).toMatch(/\| wasted +\| 40\.0 MB in 3 files +\| none +\| \(-100%\) +\|/);
  expect(out).toMatch(/\| efficiency +\| 96\.4 % +\| 100\.0 % +\| +\|/);
  expect(out).toMatch(/\| dependencies +\| 150\.0 MB \(14%\) +\| 28\.0 MB \(19%\) +\| \(-81%\) +\|/);
  expect(out).toMatch(/\| vulnerabilities +\| 3 critical, 40 high \(trivy\) +\| 0 critical, 2 high \(trivy\) +\| +\|/);
  expect(out).toMatch(/\nHEAD:Dockerfile:\n {2}layers \(size, instruction\):[\s\S]*\nDockerfile:\n {2}layers/);
});

test('--json carries every measurement, before first', () => {
  const doc = JSON.parse(formatJson(before, after)) as { schemaVersion: number; passed: boolean; images: Measurement[] };
  expect(doc.schemaVersion).toBe(1);
  expect(doc.passed).toBe(true);
  expect(doc.images.map((m) => m.label)).toEqual(['HEAD:Dockerfile', 'Dockerfile']);
  expect(doc.images[0]!.layerReport!.wastedBytes).toBe(40_000_000);
  expect(doc.images[1]!.scan).toEqual({ tool: 'trivy', critical: 0, high: 2 });
  expect(JSON.parse(formatJson(undefined, { ...after, health: 'unhealthy' })).passed).toBe(false);
});
