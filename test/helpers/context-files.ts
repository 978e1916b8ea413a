/**
 * Project files a build never needs, so a .dockerignore may leave them out, for every stack: tests (Node, Python,
 * Go, Java layouts), VCS files, env files, rust-toolchain files (the image tag already carries the toolchain; inside the
 * build rustup would act on them again), and what an earlier run generated (Dockerfile, compose file, saved state).
 * Everything else a COPY names must reach the build context.
 */
const MAY_LEAVE_OUT: readonly RegExp[] = [
  /(^|\/)(test|tests|__tests__|testdata)\//, /\.(test|spec)\.[^/]+$/, /_test\.go$/, /(^|\/)test_[^/]*\.py$/, /_test\.py$/,
  /(^|\/)conftest\.py$/, /(^|\/)src\/test\//,
  /^\.git\//, /(^|\/)\.git(ignore|attributes)$/, /^\.github\//,
  /^rust-toolchain(\.toml)?$/,
  // Env files (.env.example too) are configuration for compose, never image content: the ignore list drops them all.
  /(^|\/)\.env(\.[^/]*)?$/,
  /^Dockerfile/, /^\.dockerignore$/, /^(docker-)?compose[^/]*\.ya?ml$/, /^\.create-dockerfile/,
];

/**
 * The project files a `COPY <src>` from the context takes and the build needs: all of them for `.`, those under a
 * folder, or the file itself; a source that names no project file (a glob, an optional file) is checked as given.
 */
export function filesNeededBy(src: string, projectFiles: readonly string[]): string[] {
  const prefix = src.replace(/^\.\/?/, '').replace(/\/$/, '');
  const taken = prefix === '' ? [...projectFiles] : projectFiles.filter((f) => f === prefix || f.startsWith(`${prefix}/`));
  if (taken.length === 0) return [src];
  return taken.filter((f) => !MAY_LEAVE_OUT.some((re) => re.test(f)));
}
