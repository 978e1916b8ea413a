import type { Draft } from './types.js';
import { chainSteps, hasCacheMount, imageParts, type DockerfileModel, type Step } from './dockerfile-model.js';
import { isApkAdd, isAptInstall, tool } from './commands.js';
import { hasFlag, hasShortFlag, operands, programOf, type ShellCommand } from './shell.js';

const SHELLS = /^(sh|bash|dash|ash|zsh|ksh|python[\d.]*|perl|ruby|node)$/;

function runs(steps: Step[]): Step[] {
  return steps.filter((s) => s.keyword === 'RUN');
}

/** Whether any command of the RUN removes a path starting with `prefix`. */
function removes(step: Step, prefix: string): boolean {
  return step.commands.some((c) => programOf(c) === 'rm' && c.words.some((w) => w.startsWith(prefix)));
}

/** apt-lists-not-removed, apk-cache, pip-cache, npm-cache: caches left in a layer of the final image. */
export function checkCaches(model: DockerfileModel): Draft[] {
  const out: Draft[] = [];
  let pipNoCache = false;
  for (const s of model.finalChain.flatMap((st) => st.steps)) {
    if (s.keyword === 'ENV' && /(^|\s)PIP_NO_CACHE_DIR(=|\s+)["']?(1|true|on|yes)/i.test(s.args)) pipNoCache = true;
    if (s.keyword !== 'RUN') continue;
    if (s.commands.some(isAptInstall) && !removes(s, '/var/lib/apt/lists') && !hasCacheMount(s, /^\/var\/lib\/apt/)) {
      out.push({ rule: 'apt-lists-not-removed', line: s.line, message: 'apt-get install leaves /var/lib/apt/lists in the layer' });
    }
    if (s.commands.some((c) => isApkAdd(c) && !hasFlag(c, '--no-cache')) && !removes(s, '/var/cache/apk') && !hasCacheMount(s, /^\/var\/cache\/apk/)) {
      out.push({ rule: 'apk-cache', line: s.line, message: 'apk add without --no-cache leaves the package index in the layer' });
    }
    const pip = s.commands.find((c) => tool(c) === 'pip' && c.words.includes('install') && !hasFlag(c, '--no-cache-dir'));
    if (pip && !pipNoCache && !hasCacheMount(s, /\.cache\/pip/)) {
      out.push({ rule: 'pip-cache', line: s.line, message: `\`${pip.words.slice(0, 2).join(' ')}\` without --no-cache-dir leaves its download cache in the layer` });
    }
    const npm = s.commands.find((c) => tool(c) === 'npm' && ['ci', 'install', 'i', 'clean-install'].includes(c.words[1] ?? '') && !hasFlag(c, '--cache'));
    const cleaned = s.commands.some((c) => tool(c) === 'npm' && c.words[1] === 'cache' && c.words[2] === 'clean');
    if (npm && !cleaned && !hasCacheMount(s, /\.npm\/?$/)) {
      out.push({ rule: 'npm-cache', line: s.line, message: `\`npm ${npm.words[1]}\` leaves ~/.npm in the layer` });
    }
  }
  return out;
}

/** The first command of a RUN that matches, with its line. */
function each(model: DockerfileModel, rule: string, match: (c: ShellCommand, i: number, all: ShellCommand[]) => string | undefined): Draft[] {
  const out: Draft[] = [];
  for (const s of runs(model.stages.flatMap((st) => st.steps))) {
    for (const [i, c] of s.commands.entries()) {
      const message = match(c, i, s.commands);
      if (message) {
        out.push({ rule, line: s.line, message });
        break;
      }
    }
  }
  return out;
}

/** apt-missing-yes, apt-install-recommends, package-upgrade, sudo, curl-pipe-shell, cd-in-run. */
export function checkRunHygiene(model: DockerfileModel): Draft[] {
  return [
    ...each(model, 'apt-missing-yes', (c) =>
      isAptInstall(c) && !hasFlag(c, '--yes', '--assume-yes', '-qq') && !hasShortFlag(c, 'y') ? `${programOf(c)} install without -y waits for a confirmation` : undefined),
    ...each(model, 'apt-install-recommends', (c) =>
      isAptInstall(c) && !hasFlag(c, '--no-install-recommends') && !c.words.some((w) => /Install-Recommends=(false|0)/i.test(w)) ? `${programOf(c)} install without --no-install-recommends` : undefined),
    ...each(model, 'package-upgrade', (c) => {
      const p = programOf(c);
      const upgrade = (['apt-get', 'apt'].includes(p) && c.words.some((w) => ['upgrade', 'dist-upgrade', 'full-upgrade'].includes(w)))
        || (p === 'apk' && c.words.includes('upgrade'))
        || (['yum', 'dnf', 'microdnf'].includes(p) && c.words.some((w) => w === 'update' || w === 'upgrade') && operands(c, 2).length === 0);
      return upgrade ? `${c.words.slice(0, 2).join(' ')} makes the image depend on the build date` : undefined;
    }),
    ...each(model, 'sudo', (c) => (c.wrappers.includes('sudo') || programOf(c) === 'sudo' ? `runs \`${c.words.slice(0, 2).join(' ')}\` under sudo` : undefined)),
    ...each(model, 'curl-pipe-shell', (c, i, all) => {
      const next = all[i + 1];
      if (!['curl', 'wget'].includes(programOf(c)) || c.next !== '|' || !next || !SHELLS.test(programOf(next))) return undefined;
      return `${programOf(c)} output is piped into ${programOf(next)}`;
    }),
    ...each(model, 'cd-in-run', (c) => (programOf(c) === 'cd' ? `cd ${c.words[1] ?? ''} inside RUN` : undefined)),
  ];
}

/** A package spec with a concrete version: `pnpm@10.4.1`, `@scope/x@1.2.3` (not `@latest`, `@next`). */
function npmPinned(spec: string): boolean {
  const at = spec.lastIndexOf('@');
  if (at <= 0) return /^(\.|\/|file:|git|https?:)/.test(spec) || /\.tgz$/.test(spec);
  const version = spec.slice(at + 1);
  return version !== '' && !['latest', 'next', '*'].includes(version);
}

/** unpinned-global-install: global tools installed without a version. */
export function checkGlobalInstalls(model: DockerfileModel): Draft[] {
  return each(model, 'unpinned-global-install', (c) => {
    const t = tool(c);
    let unpinned: string[] = [];
    if (['npm', 'pnpm', 'bun'].includes(t) && hasFlag(c, '-g', '--global')) {
      const verb = c.words.findIndex((w, i) => i > 0 && ['install', 'i', 'add'].includes(w));
      if (verb > 0) unpinned = operands(c, verb + 1).filter((spec) => !npmPinned(spec));
    } else if (t === 'yarn' && c.words[1] === 'global' && c.words[2] === 'add') {
      unpinned = operands(c, 3).filter((spec) => !npmPinned(spec));
    } else if (t === 'go' && c.words[1] === 'install') {
      unpinned = operands(c, 2).filter((spec) => !spec.startsWith('.') && (!spec.includes('@') || spec.endsWith('@latest')));
    } else if (t === 'cargo' && c.words[1] === 'install' && !hasFlag(c, '--version', '--vers', '--path', '--rev', '--tag')) {
      unpinned = operands(c, 2).filter((spec) => !spec.includes('@'));
    } else if (t === 'gem' && c.words[1] === 'install' && !hasFlag(c, '-v', '--version')) {
      unpinned = operands(c, 2).filter((spec) => !spec.includes(':'));
    }
    return unpinned.length ? `${c.words.slice(0, 2).join(' ')} ${unpinned.join(' ')} installs whatever version is newest` : undefined;
  });
}

/** Whether an image has no /bin/sh: scratch, and distroless except its `:debug` tags (those carry a busybox shell). */
function lacksShell(image: string): boolean {
  const lower = image.toLowerCase();
  return lower === 'scratch' || (/^gcr\.io\/distroless\//.test(lower) && !/^debug/.test(imageParts(lower).tag ?? ''));
}

/** run-shell-form-without-shell: shell-form RUN in a stage built (directly or through other stages) on an image without /bin/sh. */
export function checkRunWithoutShell(model: DockerfileModel): Draft[] {
  const out: Draft[] = [];
  for (const stage of model.stages) {
    let root = stage;
    while (root.parent) root = root.parent;
    if (!lacksShell(root.image)) continue;
    const own = new Set(stage.steps);
    let shellSet = false;
    for (const s of chainSteps(stage)) {
      // A SHELL instruction names an interpreter the author put into the image (a COPY of busybox, say).
      if (s.keyword === 'SHELL') shellSet = true;
      if (own.has(s) && s.keyword === 'RUN' && s.json === undefined && !shellSet) {
        out.push({ rule: 'run-shell-form-without-shell', line: s.line, message: `RUN ${s.args.split('\n')[0]!.trim().slice(0, 40)} is in shell form and needs /bin/sh, which ${root.image} does not have: the build fails` });
      }
    }
  }
  return out;
}
