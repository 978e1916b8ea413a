import path from 'node:path';

/** When a project file last changed in its git history (commit time, seconds), or undefined when git cannot say. */
export type LastChanged = (rel: string) => Promise<number | undefined>;

/**
 * Reads the last commit time of a file with `git log` in the project folder. Without git, outside a repository or
 * for an uncommitted file the answer is undefined. The project's own git configuration cannot run anything here:
 * no pager, no fsmonitor, no system/global config, no prompts.
 */
export function gitLastChanged(root: string): LastChanged {
  return (rel) => new Promise((resolve) => {
    if (path.isAbsolute(rel) || rel.split('/').includes('..')) return resolve(undefined);
    // Loaded on first use: only a project with lockfiles of several managers asks git.
    void import('node:child_process').then(({ execFile }) => execFile(
      'git',
      ['-c', 'core.fsmonitor=false', '-c', 'core.pager=cat', '--no-pager', 'log', '-1', '--format=%ct', '--', rel],
      { cwd: root, timeout: 5000, windowsHide: true, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' } },
      (err, stdout) => {
        const n = Number(String(stdout).trim());
        resolve(err || !Number.isInteger(n) || n <= 0 ? undefined : n);
      },
    )).catch(() => resolve(undefined));
  });
}
