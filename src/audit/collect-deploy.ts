import fg from 'fast-glob';
import { STACK_FILES } from './audit.js';

/** More manifests than any app's k8s/ folder holds: a folder this large is not one to audit file by file. */
const MAX_MANIFESTS = 500;

/**
 * The deployment files audit reads beside a Dockerfile, relative to its folder: the Swarm stack file and every YAML
 * file under k8s/ (at any depth: base/, overlays/...), sorted. Symbolic links are not followed, so nothing outside
 * the folder is read; only regular files are listed.
 */
export function deployFiles(dir: string): string[] {
  const found = fg.sync([...STACK_FILES, 'k8s/**/*.yaml', 'k8s/**/*.yml'], {
    cwd: dir, onlyFiles: true, followSymbolicLinks: false, dot: false, deep: 8, unique: true, suppressErrors: true,
  }).sort();
  return found.slice(0, MAX_MANIFESTS);
}
