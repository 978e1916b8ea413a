// Part 4: the images each Dockerfile produces. For every fixture: ours, the peer's (Node only) and a naive one,
// each built cold, then rebuilt after a one-line source edit; sizes against the floor (runtime base + artefacts).
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildImage, dockerAnswers, imageBytes, runInImage } from '../lib/docker.mjs';
import { artefactProbe, fromImages, naiveDockerfile, pythonDistributions, stackOf } from '../lib/naive.mjs';
import { mustRun, ratio, round } from '../lib/proc.mjs';
import { copyProject, runId } from '../lib/temp.mjs';

/** The source file of each fixture that the one-line edit touches (a comment line, so behaviour stays the same). */
export const EDITED_FILE = {
  'npm-express': 'server.js', 'nextjs-standalone': 'app/page.tsx', 'go-root-main': 'main.go',
  'python-flask': 'app.py', 'rust-single-crate': 'src/main.rs',
};

/** The one-line edit: a comment in the edited file's language. */
export function editLine(/** @type {string} */ file) {
  const text = `bench: one-line edit ${Date.now()}`;
  return file.endsWith('.py') ? `\n# ${text}\n` : `\n// ${text}\n`;
}

/**
 * @param {{ repo: string, tools: import('./footprint.mjs').Tool[], fixtures: string[], log: (s: string) => void }} o
 */
export function images(o) {
  if (!dockerAnswers()) {
    return { skipped: 'no Docker engine answers `docker info`; start one and re-run', rows: [], notes: [] };
  }
  const ours = /** @type {import('./footprint.mjs').Tool} */ (o.tools.find((t) => t.id === 'ours'));
  const peer = /** @type {import('./footprint.mjs').Tool} */ (o.tools.find((t) => t.id === 'peer'));
  const rows = [];
  for (const name of o.fixtures) {
    try {
      rows.push(fixtureImages(o, name, ours, peer));
    } catch (err) {
      // One fixture that does not build must not cost the other rows; the error goes into the report.
      o.log(`images: ${name} failed: ${String(err).split('\n')[0]}`);
      rows.push({ fixture: name, error: String(err).slice(0, 2000) });
    }
  }
  const notes = [
    'The peer\'s Dockerfile starts with `# syntax = docker/dockerfile:1`, which makes BuildKit fetch that frontend from a registry; the bench strips that line (the engine\'s built-in frontend parses the same file) so the peer builds on an engine without registry access.',
    'Cold = `docker build --no-cache`. On Docker 20.10 (this engine) `--no-cache` also starts every cache mount empty, so a cold build downloads and compiles everything; engines that keep cache mounts across `--no-cache` show shorter cold builds for ours.',
    'Rebuild = `docker build` (layer cache on) right after appending one comment line to the edited file.',
    'Build times run from the build\'s first line of output to its exit: a wait for the engine before the build starts (e.g. a docker wrapper that runs one build at a time on a shared machine) is not counted.',
    'Floor = size of ours\' runtime base image + the run-time artefacts measured inside the naive image (Go: `go build -trimpath -ldflags="-s -w"` binary; Rust: the `cargo build --release` binary after `strip`; Python: the files of the distributions pip installed for the app and of those they require, each counted once, plus the app folder; Next.js standalone: `.next/standalone` + `.next/static` + `public/`; other Node apps: the app folder after `npm prune --omit=dev`). Targets: Node and Python within 5% of the floor, Go and Rust within 10%.',
  ];
  return { skipped: null, rows, notes };
}

/**
 * Builds one fixture with every Dockerfile variant and returns its row.
 * @param {{ repo: string, log: (s: string) => void }} o
 * @param {string} name
 * @param {import('./footprint.mjs').Tool} ours
 * @param {import('./footprint.mjs').Tool} peer
 */
function fixtureImages(o, name, ours, peer) {
  const src = path.join(o.repo, 'test', 'fixtures', name, 'project');
  const edited = EDITED_FILE[/** @type {keyof typeof EDITED_FILE} */ (name)];
  if (!edited) throw new Error(`part 4: no edited file known for fixture ${name}; add it to EDITED_FILE`);

  const oursDir = copyProject(src, `img-${name}-ours`);
  mustRun(process.execPath, [ours.bin, '--yes', '--force'], { cwd: oursDir, env: { ...process.env, CI: 'true' } });
  const froms = fromImages(readFileSync(path.join(oursDir, 'Dockerfile'), 'utf8'));
  const variants = [{ id: 'ours', dir: oursDir }];

  if (stackOf(src) === 'node') {
    const peerDir = copyProject(src, `img-${name}-peer`);
    mustRun(process.execPath, [peer.bin, '--force'], { cwd: peerDir, env: { ...process.env, CI: 'true' } });
    stripSyntaxLine(path.join(peerDir, 'Dockerfile'));
    variants.push({ id: 'peer', dir: peerDir });
  }
  const naiveDir = copyProject(src, `img-${name}-naive`);
  writeFileSync(path.join(naiveDir, 'Dockerfile'), naiveDockerfile(naiveDir, /** @type {string} */ (froms[0])));
  variants.push({ id: 'naive', dir: naiveDir });

  /** @type {Record<string, { bytes: number, coldS: number, rebuildS: number, rebuildOverCold: number|null }>} */
  const built = {};
  for (const v of variants) {
    const tag = `cdbench-${runId()}-${name}-${v.id}`;
    o.log(`images: ${name} / ${v.id}: cold build`);
    const coldS = buildImage(v.dir, tag, true);
    const bytes = /** @type {number} */ (imageBytes(tag));
    appendFileSync(path.join(v.dir, edited), editLine(edited));
    o.log(`images: ${name} / ${v.id}: rebuild after a one-line edit of ${edited}`);
    const rebuildS = buildImage(v.dir, tag, false);
    built[v.id] = { bytes, coldS: round(coldS, 1), rebuildS: round(rebuildS, 1), rebuildOverCold: ratio(rebuildS, coldS) };
  }

  // The floor: ours' runtime base image plus what the app needs at run time, measured in the naive image.
  const runtimeBase = /** @type {string} */ (froms[froms.length - 1]);
  const baseBytes = imageBytes(runtimeBase);
  const naiveTag = `cdbench-${runId()}-${name}-naive`;
  const artefactBytes = floorArtefactBytes(src, naiveTag, fromImages(readFileSync(path.join(naiveDir, 'Dockerfile'), 'utf8'))[0]);
  const floorBytes = baseBytes === null || !Number.isFinite(artefactBytes) ? null : baseBytes + artefactBytes;
  return {
    fixture: name,
    stack: stackOf(src),
    edited,
    ours: built.ours, peer: built.peer ?? null, naive: built.naive,
    size: { oursOverPeer: ratio(built.ours?.bytes, built.peer?.bytes), oursOverNaive: ratio(built.ours?.bytes, built.naive?.bytes) },
    cold: { oursOverPeer: ratio(built.ours?.coldS, built.peer?.coldS), oursOverNaive: ratio(built.ours?.coldS, built.naive?.coldS) },
    rebuild: { oursOverPeer: ratio(built.ours?.rebuildS, built.peer?.rebuildS), oursOverNaive: ratio(built.ours?.rebuildS, built.naive?.rebuildS) },
    floor: { runtimeBase, baseBytes, artefactBytes, floorBytes, oursOverFloor: ratio(built.ours?.bytes, floorBytes) },
  };
}

/**
 * The bytes the app needs at run time, measured in the naive image. Python diffs the installed distributions
 * against the image the naive Dockerfile starts from (what pip added, with what that requires).
 * @param {string} src        the fixture's project
 * @param {string} naiveTag   the built naive image
 * @param {string|undefined} naiveBase  the image it starts from
 */
function floorArtefactBytes(src, naiveTag, naiveBase) {
  if (stackOf(src) !== 'python') return Number(runInImage(naiveTag, artefactProbe(src)));
  if (!naiveBase) throw new Error(`${src}: the naive Dockerfile has no FROM`);
  const before = /** @type {string[]} */ (JSON.parse(runInImage(naiveBase, pythonDistributions(null))));
  return Number(JSON.parse(runInImage(naiveTag, pythonDistributions(before))).bytes);
}

/** Drops a leading `# syntax=` parser directive (the only line of the peer's output that needs a registry). */
function stripSyntaxLine(/** @type {string} */ file) {
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace(/^#\s*syntax\s*=.*\n/i, ''));
}
