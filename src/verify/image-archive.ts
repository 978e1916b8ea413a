import { posix } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { execa } from 'execa';
import tar from 'tar-stream';

/** One entry of a layer's filesystem diff, as its tar lists it. */
export interface LayerEntry {
  /** Path without a leading `./` or `/` (`usr/bin/node`). */
  path: string;
  /** Bytes of a regular file; 0 for links, directories and whiteouts. */
  size: number;
  /** `file`, `directory`, `symlink`, `link`, ... (tar header types). */
  type: string;
}

/** A history entry of the image config (one per Dockerfile instruction, layer-making or not). */
export interface HistoryEntry {
  created_by?: string;
  empty_layer?: boolean;
  comment?: string;
}

/** An image as `docker save` writes it: its layers' listings in order, its diff IDs and history. */
export interface ImageArchive {
  layers: LayerEntry[][];
  diffIds: string[];
  history: HistoryEntry[];
}

const JSON_LIMIT = 4 * 1024 * 1024;

/** Splits off a stream's first chunk so the caller can look at its magic bytes, and gives back the whole stream. */
async function peek(stream: AsyncIterable<Buffer>): Promise<{ head: Buffer; whole: Readable }> {
  const it = stream[Symbol.asyncIterator]();
  const first = await it.next();
  const head = first.done ? Buffer.alloc(0) : first.value;
  async function* all(): AsyncGenerator<Buffer> {
    yield head;
    for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
  }
  return { head, whole: Readable.from(all()) };
}

const isGzip = (b: Buffer): boolean => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
// POSIX/GNU tar headers carry "ustar" at offset 257.
const isTar = (b: Buffer): boolean => b.length >= 262 && b.subarray(257, 262).toString('latin1') === 'ustar';
// An empty layer (WORKDIR, a COPY of nothing new) is a tar of only its two zero end blocks.
const isEmptyTar = (b: Buffer): boolean => b.length >= 512 && b.subarray(0, 512).every((x) => x === 0);

/** Lists a layer tar (plain or gzip), draining every file's content. */
export async function listLayer(stream: Readable): Promise<LayerEntry[]> {
  const entries: LayerEntry[] = [];
  const extract = tar.extract();
  stream.pipe(extract);
  for await (const entry of extract) {
    const h = entry.header;
    const path = h.name.replace(/^\.?\/+/, '').replace(/\/+$/, '');
    if (path) entries.push({ path, size: h.type === 'file' || h.type === 'contiguous-file' ? (h.size ?? 0) : 0, type: h.type ?? 'file' });
    entry.resume();
  }
  return entries;
}

/**
 * Reads a `docker save` tar stream: both the classic layout (`<id>/layer.tar`, `manifest.json`) and the OCI
 * layout of newer engines (`blobs/sha256/...`, gzip or plain). Layer tars are listed as they stream past;
 * the manifest, read at the end, says which listings are the image's layers and in what order.
 */
export async function readSavedImage(stream: Readable): Promise<ImageArchive> {
  const listings = new Map<string, LayerEntry[]>();
  const jsons = new Map<string, unknown>();
  // Docker 20.10 saves a layer that repeats (same diff ID) once, and links the repeats to it.
  const links = new Map<string, string>();
  const outer = tar.extract();
  stream.pipe(outer);
  for await (const entry of outer) {
    const name = entry.header.name.replace(/^\.\//, '');
    if (entry.header.type === 'symlink' && entry.header.linkname) links.set(name, posix.normalize(posix.join(posix.dirname(name), entry.header.linkname)));
    if (entry.header.type !== 'file' || !entry.header.size) {
      entry.resume();
      continue;
    }
    const { head, whole } = await peek(entry as AsyncIterable<Buffer>);
    if (isGzip(head)) listings.set(name, await listLayer(whole.pipe(createGunzip())));
    else if (isTar(head)) listings.set(name, await listLayer(whole));
    else if (isEmptyTar(head)) {
      whole.resume();
      listings.set(name, []);
    }
    else if (entry.header.size <= JSON_LIMIT && (head[0] === 0x7b || head[0] === 0x5b)) {
      const chunks: Buffer[] = [];
      for await (const c of whole) chunks.push(c as Buffer);
      try {
        jsons.set(name, JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        // Not JSON after all: a blob this reader has no use for.
      }
    } else whole.resume();
  }
  const manifest = (jsons.get('manifest.json') as { Config?: string; Layers?: string[] }[] | undefined)?.[0];
  if (!manifest?.Config || !manifest.Layers) throw new Error('docker save: no manifest.json with Config and Layers in the archive');
  const config = jsons.get(manifest.Config) as { history?: HistoryEntry[]; rootfs?: { diff_ids?: string[] } } | undefined;
  if (!config) throw new Error(`docker save: the image config ${manifest.Config} is missing from the archive`);
  const layers = manifest.Layers.map((l) => {
    const listing = listings.get(l) ?? listings.get(links.get(l) ?? '');
    if (!listing) throw new Error(`docker save: layer ${l} named in manifest.json is missing from the archive`);
    return listing;
  });
  return { layers, diffIds: config.rootfs?.diff_ids ?? [], history: config.history ?? [] };
}

/** Streams `docker save <ref>` into {@link readSavedImage}. */
export async function saveImage(ref: string): Promise<ImageArchive> {
  const child = execa('docker', ['save', ref], { buffer: { stdout: false, stderr: true }, stdin: 'ignore', reject: false });
  const [archive, done] = await Promise.allSettled([readSavedImage(child.stdout as Readable), child]);
  if (done.status === 'fulfilled' && done.value.exitCode !== 0) throw new Error(`docker save ${ref}: ${String(done.value.stderr).trim().split('\n')[0]}`);
  if (archive.status === 'rejected') throw archive.reason as Error;
  return archive.value;
}

/** The diff IDs of a local image (`docker image inspect`), or undefined when it is not there. */
export async function diffIdsOf(ref: string): Promise<string[] | undefined> {
  const r = await execa('docker', ['image', 'inspect', '--format', '{{json .RootFS.Layers}}', ref], { reject: false, stdin: 'ignore' });
  if (r.exitCode !== 0) return undefined;
  const ids = JSON.parse(String(r.stdout)) as string[] | null;
  return ids ?? [];
}
