import { accessSync } from 'node:fs';
import path from 'node:path';
import type { GeneratedFile } from '../render/render.js';

/** The names Compose looks for, in its own order. */
const COMPOSE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'] as const;

// Synchronous: an asynchronous access is a round trip through libuv's thread pool (see src/fs/safe-read.ts).
const exists = (file: string): boolean => {
  try {
    accessSync(file);
    return true;
  } catch {
    return false;
  }
};

/**
 * The project's compose file is the one we generate into: with a `compose.yaml` (or `compose.yml`,
 * `docker-compose.yaml`) and no `docker-compose.yml`, the generated compose file takes that name, so the project
 * never ends up with two compose files that each Compose version would pick differently. A file we did not write is
 * then merged into structurally (src/write/compose-merge.ts; --force replaces it, --keep keeps it).
 */
export async function composeFileName(root: string, files: GeneratedFile[]): Promise<GeneratedFile[]> {
  if (!files.some((f) => f.path === 'docker-compose.yml') || exists(path.join(root, 'docker-compose.yml'))) return files;
  for (const name of COMPOSE_NAMES) {
    if (name === 'docker-compose.yml') break;
    if (exists(path.join(root, name))) return files.map((f) => (f.path === 'docker-compose.yml' ? { ...f, path: name } : f));
  }
  return files;
}
