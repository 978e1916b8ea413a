import { expect, test } from 'vitest';
import { imageTag, workloadName } from '../../src/plan/workload.js';

test('the workload name is a DNS-1035 label from the manifest name', () => {
  expect(['shop', '@acme/Billing_API', 'My App 2', '2fast', '---', '', 'a'.repeat(80), 'x.y.z'].map(workloadName))
    .toEqual(['shop', 'billing-api', 'my-app-2', 'fast', 'app', 'app', 'a'.repeat(40), 'x-y-z']);
});

test('the image tag is the manifest version when Docker accepts it, else 0.1.0', () => {
  expect(['1.2.3', '0.0.0', '1.0.0+build.5', '2024.01-rc1', '.hidden', ''].map(imageTag)).toEqual(['1.2.3', '0.1.0', '0.1.0', '2024.01-rc1', '0.1.0', '0.1.0']);
});
