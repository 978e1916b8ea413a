import { hasFlag, operands, programOf, type ShellCommand } from './shell.js';

/** The package-manager subcommand of a command: `npm ci` -> `ci`, `pip3 install` -> `install`. */
function sub(cmd: ShellCommand): string {
  const w = cmd.words;
  if (/^python[\d.]*$/.test(programOf(cmd)) && w[1] === '-m') return w[3] ?? '';
  return w[1] ?? '';
}

/** The program with `python -m pip` read as `pip`. */
export function tool(cmd: ShellCommand): string {
  const p = programOf(cmd);
  if (/^python[\d.]*$/.test(p) && cmd.words[1] === '-m') return cmd.words[2] ?? '';
  return p.replace(/^pip3(\.\d+)?$/, 'pip');
}

/** Whether the command installs global tools rather than the project's dependencies. */
export function isGlobalInstall(cmd: ShellCommand): boolean {
  const t = tool(cmd);
  if (['npm', 'pnpm', 'bun'].includes(t)) return hasFlag(cmd, '-g', '--global');
  if (t === 'yarn') return cmd.words[1] === 'global';
  return false;
}

/** A command that installs the project's dependencies from its manifests (the step COPY . . must not precede). */
export function isDependencyInstall(cmd: ShellCommand): boolean {
  const t = tool(cmd);
  const s = sub(cmd);
  if (isGlobalInstall(cmd)) return false;
  switch (t) {
    case 'npm':
      return ['ci', 'install', 'i', 'clean-install'].includes(s) && operands(cmd, 2).length === 0;
    case 'pnpm':
      return ['install', 'i', 'fetch'].includes(s);
    case 'yarn':
      return s === '' || s === 'install' || s.startsWith('--') || (s === 'workspaces' && cmd.words[2] === 'focus');
    case 'bun':
      return s === 'install' || s === 'i';
    case 'pip':
      // `--no-deps .` installs the project alone, after its dependencies: no dependency install.
      return s === 'install' && (hasFlag(cmd, '-r', '--requirement') || cmd.words.includes('.')) && !cmd.words.includes('--no-deps');
    case 'poetry':
    case 'pipenv':
      return s === 'install';
    case 'uv':
      return s === 'sync' || (s === 'pip' && cmd.words[2] === 'install');
    case 'pdm':
      return s === 'install' || s === 'sync';
    case 'go':
      return s === 'mod' && cmd.words[2] === 'download';
    case 'cargo':
      return s === 'fetch';
    case 'bundle':
    case 'composer':
      return s === 'install' || s === '';
    case 'mvn':
    case 'mvnw':
      return cmd.words.some((w) => /^dependency:(go-offline|resolve)/.test(w));
    case 'gradle':
    case 'gradlew':
      return cmd.words.includes('dependencies');
    default:
      return false;
  }
}

/** A build that fetches dependencies itself when none were installed before (`go build`, `cargo build`, `mvn package`). */
export function isFetchingBuild(cmd: ShellCommand): boolean {
  const t = tool(cmd);
  const s = sub(cmd);
  if (t === 'go') return s === 'build' || s === 'install';
  if (t === 'cargo') return s === 'build' || s === 'install';
  if (t === 'mvn' || t === 'mvnw') return cmd.words.some((w) => ['package', 'install', 'verify', 'compile'].includes(w));
  if (t === 'gradle' || t === 'gradlew') return cmd.words.some((w) => ['build', 'assemble', 'installDist', 'bootJar', 'jar'].includes(w));
  return false;
}

/** An apt-get/apt install command. */
export function isAptInstall(cmd: ShellCommand): boolean {
  return ['apt-get', 'apt'].includes(programOf(cmd)) && cmd.words.includes('install');
}

/** An `apk add` command. */
export function isApkAdd(cmd: ShellCommand): boolean {
  return programOf(cmd) === 'apk' && cmd.words.includes('add');
}

/** Packages named by an apt/apk/yum/dnf install command. */
export function installedPackages(cmd: ShellCommand): string[] {
  const p = programOf(cmd);
  const verb = p === 'apk' ? 'add' : 'install';
  if (!['apt-get', 'apt', 'apk', 'yum', 'dnf', 'microdnf'].includes(p)) return [];
  const at = cmd.words.indexOf(verb);
  return at < 0 ? [] : operands(cmd, at + 1).map((w) => w.replace(/[=<>].*$/, ''));
}
