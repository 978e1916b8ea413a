import { DockerfileParser, type Dockerfile } from 'dockerfile-ast';
import { memoiseDockerfileArguments } from '../../src/audit/dockerfile-arguments-memo.js';

memoiseDockerfileArguments();

/**
 * Parses a project's own Dockerfile (never ours). Callers load this module with `import()` so a run without such a
 * file never loads the parser.
 */
export function parseDockerfile(text: string): Dockerfile {
  return DockerfileParser.parse(text);
}
