import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { mustDocker } from './exec.js';
import { stages, SHELLS_AND_PMS } from '../../invariants/rules.js';

/** One file system entry of an image layer. */
export interface LayerEntry {
  path: string;
  mode: number;
  uid: number;
  gid: number;
  type: string;
}

const BIN_DIRS = /^(bin|sbin|usr\/bin|usr\/sbin|usr\/local\/bin|usr\/local\/sbin|busybox)\//;

/** Entries of a tar archive (ustar, with pax and GNU long names), in order. */
export function tarEntries(buf: Buffer): (LayerEntry & { data: Buffer })[] {
  const out: (LayerEntry & { data: Buffer })[] = [];
  let off = 0;
  let longName: string | undefined;
  const num = (a: number, n: number): number => parseInt(buf.subarray(a, a + n).toString('latin1').replace(/\0.*$/s, '').trim() || '0', 8);
  while (off + 512 <= buf.length) {
    if (buf[off] === 0) break;
    const str = (a: number, n: number): string => buf.subarray(off + a, off + a + n).toString('utf8').replace(/\0.*$/s, '');
    const size = num(off + 124, 12);
    const type = String.fromCharCode(buf[off + 156] || 48);
    const data = buf.subarray(off + 512, off + 512 + size);
    const name = longName ?? `${str(345, 155) ? `${str(345, 155)}/` : ''}${str(0, 100)}`;
    longName = undefined;
    if (type === 'x') longName = /\d+ path=([^\n]*)\n/.exec(data.toString('utf8'))?.[1];
    else if (type === 'L') longName = data.toString('utf8').replace(/\0.*$/s, '');
    else out.push({ path: name.replace(/^\.?\//, ''), mode: num(off + 100, 8) & 0o7777, uid: num(off + 108, 8), gid: num(off + 116, 8), type, data });
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

/** The layers of an image (docker save), oldest first, and how many of them its runtime base image already had. */
export async function imageLayers(tag: string, baseRef: string): Promise<{ layers: LayerEntry[][]; baseCount: number }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cdf-e2e-save-'));
  try {
    const file = path.join(dir, 'image.tar');
    await mustDocker(['save', '-o', file, tag], { timeoutMs: 5 * 60_000 });
    const outer = tarEntries(await readFile(file));
    const manifest = JSON.parse(outer.find((e) => e.path === 'manifest.json')!.data.toString('utf8')) as { Layers: string[] }[];
    const byName = new Map(outer.map((e) => [e.path, e.data]));
    const layers = manifest[0]!.Layers.map((l) => tarEntries(byName.get(l)!).map(({ data: _d, ...e }) => e));
    const layerIds = async (ref: string): Promise<string[]> => JSON.parse((await mustDocker(['image', 'inspect', '--format', '{{json .RootFS.Layers}}', ref])).stdout) as string[];
    const [mine, base] = [await layerIds(tag), await layerIds(baseRef)];
    let baseCount = 0;
    while (baseCount < base.length && base[baseCount] === mine[baseCount]) baseCount++;
    return { layers, baseCount };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** What an image breaks: each string is one violation. Empty when the image keeps every invariant. */
export async function imageViolations(tag: string, dockerfile: string, writableDirs: string[], dataDirs: string[] = []): Promise<string[]> {
  const problems: string[] = [];
  const user = (await mustDocker(['image', 'inspect', '--format', '{{.Config.User}}', tag])).stdout.trim();
  const m = /^(\d+):(\d+)$/.exec(user);
  if (!m || m[1] === '0') problems.push(`image user "${user}" is not a numeric non-root uid:gid`);
  const uid = Number(m?.[1] ?? -1);
  const gid = Number(m?.[2] ?? -1);
  const runtime = stages(dockerfile).at(-1)!;
  const { layers, baseCount } = await imageLayers(tag, runtime.from);
  if (baseCount === 0) problems.push(`no layer of ${runtime.from} found in the image: cannot tell added files apart`);
  const allowed = ['tmp', ...writableDirs.map((d) => `app/${d.replace(/^\.?\/|\/$/g, '')}`), ...dataDirs.map((d) => d.replace(/^\/|\/$/g, ''))];
  for (const e of layers.slice(baseCount).flat()) {
    if (e.path.split('/').some((p) => p.startsWith('.wh.'))) continue;
    const regular = e.type === '0' || e.type === '\0';
    if (regular && (e.mode & 0o6000) !== 0) problems.push(`setuid/setgid file added: /${e.path} (${e.mode.toString(8)})`);
    if (e.type === '2') continue;
    const writable = (e.uid === uid && (e.mode & 0o200) !== 0) || (e.gid === gid && (e.mode & 0o020) !== 0) || (e.mode & 0o002) !== 0;
    const p = e.path.replace(/\/$/, '');
    if (writable && !allowed.some((a) => p === a || p.startsWith(`${a}/`))) problems.push(`writable by the app user but not declared: /${p} (${e.uid}:${e.gid} ${e.mode.toString(8)})`);
  }
  if (/distroless/.test(runtime.from)) {
    const present = new Set<string>();
    for (const layer of layers) {
      for (const e of layer) {
        const base = path.posix.basename(e.path);
        if (base.startsWith('.wh.')) present.delete(path.posix.join(path.posix.dirname(e.path), base.slice(4)));
        else present.add(e.path.replace(/\/$/, ''));
      }
    }
    for (const p of present) if (BIN_DIRS.test(p) && SHELLS_AND_PMS.test(p)) problems.push(`distroless runtime holds /${p}`);
  }
  return [...new Set(problems)];
}

/** Checks a fixture's built image against the plan of its project (writable dirs) and its generated Dockerfile. */
export async function expectImageInvariants(tag: string, dir: string): Promise<void> {
  const { createProjectFs } = await import('../../../src/fs/project-fs.js');
  const { buildPlan } = await import('../../../src/plan/detect.js');
  const { plan } = await buildPlan(createProjectFs(dir), {});
  const problems = await imageViolations(tag, await readFile(path.join(dir, 'Dockerfile'), 'utf8'), plan.writableDirs, plan.data?.dirs);
  if (problems.length > 0) throw new Error(`image ${tag} breaks security invariants:\n${problems.join('\n')}`);
}
