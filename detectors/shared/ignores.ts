import { CREDENTIAL_IGNORES } from '../../src/fs/credential-files.js';

/**
 * .dockerignore entries for credentials and secrets, at any depth (`**` also matches the context root): env files,
 * private keys and keystores, cloud, cluster and registry logins must never reach a build context, wherever they
 * sit in the tree. The list itself lives in src/fs/credential-files.ts, shared with `audit`.
 */
export const SECRET_IGNORES: readonly string[] = CREDENTIAL_IGNORES;

/**
 * What no stack's build context needs: VCS data, secrets, editor files, host-installed node_modules, and the files
 * this tool generates (a Dockerfile edit must not invalidate the build cache of every layer).
 */
export const COMMON_IGNORES: readonly string[] = [
  '.git', '.gitignore', '.gitattributes', '.github', '.gitlab-ci.yml', ...SECRET_IGNORES,
  '.DS_Store', '.vscode', '.idea', '*.swp', '**/node_modules', 'Dockerfile*', '.dockerignore', 'docker-compose*.yml',
  'docker-compose*.yaml', 'compose*.yml', 'compose*.yaml', '.create-dockerfile*',
];

/**
 * The .dockerignore lines of a plan: the common list, then the stack's additions (last, so a stack's `!` re-include
 * wins over a common exclusion).
 */
export function dockerignoreLines(stackLines: readonly string[]): string[] {
  return [...COMMON_IGNORES, ...stackLines];
}
