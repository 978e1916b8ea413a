import { parse as parseShell } from 'shell-quote';
import { parseJsonArray } from '../audit/dockerfile-model.js';
import type { HistoryEntry, ImageArchive, LayerEntry } from './image-archive.js';
import { byCodeUnits } from '../../detectors/shared/text-order.js';

/** One filesystem layer of the image. */
export interface LayerRow {
  /** 1-based position in the image. */
  index: number;
  /** Bytes of the regular files the layer adds or replaces. */
  sizeBytes: number;
  files: number;
  /** The instruction that made it, as the image history records it (`RUN npm ci`). */
  instruction: string;
  /** Whether the layer comes from the final stage's base image. */
  base: boolean;
}

/** A file of the final image. */
export interface FileRow {
  path: string;
  sizeBytes: number;
  /** 1-based layer that holds the visible copy. */
  layer: number;
}

/** dive-style analysis of an image's layers. */
export interface LayerReport {
  layers: LayerRow[];
  /** Bytes of every file copy in every layer. */
  totalBytes: number;
  /** Bytes of the files the final image shows. */
  finalBytes: number;
  /** Bytes of copies a later layer overwrote or deleted: shipped, never visible. */
  wastedBytes: number;
  /** Paths with at least one wasted copy. */
  wastedFiles: number;
  /** 1 - wasted / total (1 when nothing is wasted). */
  efficiency: number;
  largest: FileRow[];
  /** Bytes of the final image's files by origin (they sum to finalBytes). */
  share: { base: number; dependencies: number; app: number };
}

/** `RUN /bin/sh -c npm ci # buildkit` -> `RUN npm ci`; `/bin/sh -c #(nop) COPY file:ab in /` -> `COPY file:ab in /`. */
export function instructionText(h: HistoryEntry | undefined): string {
  const raw = (h?.created_by ?? '').trim();
  const text = raw
    .replace(/\s*# buildkit$/, '')
    .replace(/^\/bin\/sh -c #\(nop\)\s*/, '')
    .replace(/^RUN \|\d+ (?:\S+=\S* )*/, 'RUN ')
    .replace(/^(RUN )?\/bin\/sh -c /, 'RUN ')
    .replace(/\s+/g, ' ');
  return text || '(no history)';
}

// Where package managers put what they install: a file under one of these is a dependency.
const DEPENDENCY_PATH = /(^|\/)(node_modules|site-packages|dist-packages|\.?venv|vendor|BOOT-INF\/lib|\.m2|\.cargo\/registry)(\/|$)|(^|\/)lib\/[^/]+\.jar$|(^|\/)dependencies\//;

// Where system package managers install: a file a RUN put here is a dependency (a RUN's output elsewhere, such as a
// build's dist/ under the WORKDIR, is the app).
const SYSTEM_PATH = /^(usr|lib|lib32|lib64|libx32|bin|sbin|etc|var|opt)\//;

/** The sources of a COPY/ADD as the history records it (`COPY --chown=1:1 /usr/bin/tini-static /usr/local/bin/tini`). */
export function copiedSources(instruction: string): string[] {
  const m = /^(?:COPY|ADD)\s+(.*)$/.exec(instruction);
  if (!m) return [];
  const words = parseJsonArray(m[1]!) ?? parseShell(m[1]!).filter((w): w is string => typeof w === 'string');
  return words.filter((w) => !w.startsWith('--')).slice(0, -1);
}

/**
 * Whether a non-base file counts as a dependency: under a package manager's folder, installed by a RUN into a
 * system folder, or copied from another stage's system folder (tini, CA certificates).
 */
export function isDependency(path: string, instruction: string): boolean {
  if (DEPENDENCY_PATH.test(path)) return true;
  if (/^RUN\b/.test(instruction)) return SYSTEM_PATH.test(path);
  const sources = copiedSources(instruction);
  return sources.length > 0 && sources.every((src) => src.startsWith('/') && SYSTEM_PATH.test(src.slice(1)));
}

function deleteUnder(visible: Map<string, FileRow>, prefix: string, exact: string | undefined, onDelete: (f: FileRow) => void): void {
  for (const [p, f] of visible) {
    if (p === exact || p.startsWith(prefix)) {
      onDelete(f);
      visible.delete(p);
    }
  }
}

/**
 * Replays the layers in order: a whiteout (`.wh.NAME`) deletes NAME from lower layers, an opaque whiteout
 * (`.wh..wh..opq`) everything under its folder; a file replaces the copy below it. What a later layer
 * replaces or deletes is wasted (dive counts the same bytes). `baseLayers` leading layers come from the base image.
 */
export function analyzeLayers(archive: ImageArchive, baseLayers: number, largest = 10): LayerReport {
  const history = archive.history.filter((h) => !h.empty_layer);
  const visible = new Map<string, FileRow>();
  const wastedPaths = new Set<string>();
  let wastedBytes = 0;
  let totalBytes = 0;
  const waste = (f: FileRow): void => {
    wastedBytes += f.sizeBytes;
    if (f.sizeBytes > 0) wastedPaths.add(f.path);
  };
  const layers: LayerRow[] = archive.layers.map((entries: LayerEntry[], i) => {
    const index = i + 1;
    for (const e of entries) {
      const slash = e.path.lastIndexOf('/');
      const dir = slash < 0 ? '' : e.path.slice(0, slash + 1);
      const name = e.path.slice(slash + 1);
      if (name === '.wh..wh..opq') deleteUnder(visible, dir, undefined, waste);
      else if (name.startsWith('.wh.')) deleteUnder(visible, `${dir}${name.slice(4)}/`, `${dir}${name.slice(4)}`, waste);
    }
    let sizeBytes = 0;
    let files = 0;
    for (const e of entries) {
      if (e.path.split('/').pop()!.startsWith('.wh.') || e.type === 'directory') continue;
      const below = visible.get(e.path);
      if (below && below.layer !== index) waste(below);
      visible.set(e.path, { path: e.path, sizeBytes: e.size, layer: index });
      sizeBytes += e.size;
      files += 1;
    }
    totalBytes += sizeBytes;
    return { index, sizeBytes, files, instruction: instructionText(history[i]), base: i < baseLayers };
  });
  const share = { base: 0, dependencies: 0, app: 0 };
  let finalBytes = 0;
  for (const f of visible.values()) {
    finalBytes += f.sizeBytes;
    const layer = layers[f.layer - 1]!;
    if (layer.base) share.base += f.sizeBytes;
    else if (isDependency(f.path, layer.instruction)) share.dependencies += f.sizeBytes;
    else share.app += f.sizeBytes;
  }
  const biggest = [...visible.values()].sort((a, b) => b.sizeBytes - a.sizeBytes || byCodeUnits(a.path, b.path)).slice(0, largest);
  return {
    layers,
    totalBytes,
    finalBytes,
    wastedBytes,
    wastedFiles: wastedPaths.size,
    efficiency: totalBytes === 0 ? 1 : 1 - wastedBytes / totalBytes,
    largest: biggest.map((f) => ({ ...f, path: `/${f.path}` })),
    share,
  };
}

/** How many leading diff IDs of the image are the base image's (0 when the base is unknown or `scratch`). */
export function baseLayerCount(imageDiffIds: string[], baseDiffIds: string[] | undefined): number {
  if (!baseDiffIds) return 0;
  let n = 0;
  while (n < baseDiffIds.length && n < imageDiffIds.length && baseDiffIds[n] === imageDiffIds[n]) n += 1;
  return n === baseDiffIds.length ? n : 0;
}
