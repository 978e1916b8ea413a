/**
 * Directories no detector ever walks: dependency trees, VCS data, build output and caches.
 * Walking them is what makes naive tools slow on real repositories (100k+ files).
 */
export const IGNORED_DIRS: readonly string[] = [
  'node_modules', '.git', '.hg', '.svn', 'target', '.venv', 'venv', 'vendor', 'dist', 'build', 'out',
  '.next', '.nuxt', '.output', '.svelte-kit', '.astro', '.turbo', '.cache', '.yarn', '.pnpm-store',
  '__pycache__', '.mypy_cache', '.pytest_cache', '.tox', 'coverage', '.gradle', '.idea', '.vscode',
];
