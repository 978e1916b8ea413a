import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { parse } from 'yaml';
import { mustDocker } from './exec.js';

/** Named volumes (`name:/target`) the compose file mounts on one service. */
export async function namedVolumeMounts(composeFile: string, service: string): Promise<{ name: string; target: string }[]> {
  const doc = parse(await readFile(composeFile, 'utf8')) as { services?: Record<string, { volumes?: unknown[] }> };
  const out: { name: string; target: string }[] = [];
  for (const v of doc.services?.[service]?.volumes ?? []) {
    const m = typeof v === 'string' ? /^([A-Za-z0-9][\w.-]*):(\/[^:]*)/.exec(v) : null;
    if (m) out.push({ name: m[1]!, target: m[2]! });
  }
  return out;
}

async function regularFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await regularFiles(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/**
 * The app's data landed on its named volumes: each is mounted as a volume (not a bind or the container layer) and,
 * after the app served its health route, holds at least one file the app wrote.
 */
export async function expectDataOnVolumes(ctr: string, composeFile: string, service: string): Promise<number> {
  const wanted = await namedVolumeMounts(composeFile, service);
  const mounts = JSON.parse((await mustDocker(['inspect', '--format', '{{json .Mounts}}', ctr])).stdout) as { Type: string; Destination: string }[];
  for (const v of wanted) {
    expect(mounts.find((m) => m.Destination === v.target)?.Type, `${v.target} is a volume mount`).toBe('volume');
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'cdf-e2e-data-'));
    try {
      await mustDocker(['cp', `${ctr}:${v.target}`, path.join(tmp, 'data')]);
      const files = await regularFiles(path.join(tmp, 'data'));
      expect(files.length, `the ${v.name} volume on ${v.target} holds the file(s) the app wrote`).toBeGreaterThan(0);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }
  return wanted.length;
}
