// Scratch folders for one bench run: everything lives under one /tmp/cd-bench-<id> folder removed at the end.
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The bench's scratch root: created on first use, removed by {@link removeScratch}. */
let root = '';

/** Absolute path of a fresh folder `name` inside this run's scratch root. */
export function scratchDir(/** @type {string} */ name) {
  root ||= mkdtempSync(path.join(os.tmpdir(), 'cd-bench-'));
  const dir = path.join(root, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Copies a project folder into a fresh scratch folder `name` and returns its path. */
export function copyProject(/** @type {string} */ from, /** @type {string} */ name) {
  const dir = scratchDir(name);
  cpSync(from, dir, { recursive: true });
  return dir;
}

/** The run id (the random part of the scratch folder), used to tag Docker images of this run. */
export function runId() {
  root ||= mkdtempSync(path.join(os.tmpdir(), 'cd-bench-'));
  return path.basename(root).slice('cd-bench-'.length).toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Removes the scratch root and everything in it. */
export function removeScratch() {
  if (root) rmSync(root, { recursive: true, force: true });
  root = '';
}
