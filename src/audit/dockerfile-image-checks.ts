import type { Draft } from './types.js';
import {
  chainSteps, copySources, expandVariables, fromContext, imageParts, isWholeContext, parseJsonArray,
  type DockerfileModel, type Step,
} from './dockerfile-model.js';
import { installedPackages, isDependencyInstall, isFetchingBuild, tool } from './commands.js';
import { shellCommands, hasFlag, type ShellCommand } from './shell.js';
import { isSecretName } from './secrets.js';

/** Every step of every stage, global ARGs first. */
function allSteps(model: DockerfileModel): Step[] {
  return [...model.preamble, ...model.stages.flatMap((s) => s.steps)];
}

function finalSteps(model: DockerfileModel): Step[] {
  return model.finalChain.flatMap((s) => s.steps);
}

/** base-image-untagged: FROM without tag/digest or with `latest`. */
export function checkBaseImages(model: DockerfileModel): Draft[] {
  const out: Draft[] = [];
  for (const stage of model.stages) {
    if (stage.parent || stage.image.toLowerCase() === 'scratch' || stage.image.includes('$')) continue;
    const { tag, digest } = imageParts(stage.image);
    if (digest) continue;
    if (!tag) out.push({ rule: 'base-image-untagged', line: stage.fromLine, message: `FROM ${stage.image} has no tag: it means latest, whatever that is on the day of the build` });
    else if (tag === 'latest') out.push({ rule: 'base-image-untagged', line: stage.fromLine, message: `FROM ${stage.image} uses the moving latest tag` });
  }
  return out;
}

/** no-user, root-user, user-not-numeric: the USER the final image runs as. */
export function checkUser(model: DockerfileModel): Draft[] {
  const root = model.finalChain[0];
  const last = model.finalChain[model.finalChain.length - 1];
  if (!root || !last) return [];
  const users = finalSteps(model).filter((s) => s.keyword === 'USER');
  const user = users[users.length - 1];
  if (!user) {
    if (/nonroot/.test(root.image)) return [];
    return [{ rule: 'no-user', line: last.fromLine, message: `the final stage (FROM ${last.image}) sets no USER, so the app runs as root` }];
  }
  const value = expandVariables(model, user.args.trim(), user.line);
  if (value === undefined) return [];
  const name = value.split(':')[0] ?? '';
  if (name === 'root' || /^0+$/.test(name)) return [{ rule: 'root-user', line: user.line, message: `USER ${user.args.trim()} runs the app as root` }];
  if (!/^\d+$/.test(name)) return [{ rule: 'user-not-numeric', line: user.line, message: `USER ${user.args.trim()} is a name; runtimes cannot verify it is not root` }];
  return [];
}

/** shell-form-cmd: CMD/ENTRYPOINT of the final image not in exec form. */
export function checkShellForm(model: DockerfileModel): Draft[] {
  return finalSteps(model)
    .filter((s) => (s.keyword === 'CMD' || s.keyword === 'ENTRYPOINT') && s.json === undefined)
    .map((s) => ({ rule: 'shell-form-cmd', line: s.line, message: `${s.keyword} ${s.args.trim()} is in shell form: /bin/sh -c becomes PID 1 and does not forward SIGTERM` }));
}

type Family = 'distroless' | 'alpine' | 'slim' | 'unknown';

function familyOf(image: string): Family {
  if (/distroless|chainguard|cgr\.dev/.test(image) || image.toLowerCase() === 'scratch') return 'distroless';
  if (/alpine/.test(image)) return 'alpine';
  if (/slim|^(docker\.io\/)?(library\/)?(debian|ubuntu)(:|$)/.test(image)) return 'slim';
  return 'unknown';
}

/** Programs a family's image lacks unless installed. */
const LACKS: Record<Family, string[]> = {
  distroless: ['sh', 'bash', 'curl', 'wget'],
  alpine: ['bash', 'curl'],
  slim: ['curl', 'wget'],
  unknown: [],
};

/** no-healthcheck and healthcheck-binary-missing. */
export function checkHealthcheck(model: DockerfileModel): Draft[] {
  const root = model.finalChain[0];
  const last = model.finalChain[model.finalChain.length - 1];
  if (!root || !last) return [];
  const steps = finalSteps(model);
  const checks = steps.filter((s) => s.keyword === 'HEALTHCHECK');
  const hc = checks[checks.length - 1];
  if (!hc) return [{ rule: 'no-healthcheck', line: last.fromLine, message: `the final stage (FROM ${last.image}) has no HEALTHCHECK` }];
  const body = hc.args.trim();
  if (/^NONE$/i.test(body)) return [];
  const command = body.replace(/^CMD\s+/i, '');
  const argv = parseJsonArray(command);
  const needed: string[] = [];
  if (argv) {
    needed.push(argv[0] ?? '');
    const prog = (argv[0] ?? '').split('/').pop();
    if ((prog === 'sh' || prog === 'bash') && argv[1] === '-c') needed.push(...shellCommands(argv[2] ?? '').map((c) => c.words[0] ?? ''));
  } else {
    needed.push('/bin/sh', ...shellCommands(command).map((c) => c.words[0] ?? ''));
  }
  const installed = new Set(steps.flatMap((s) => s.commands.flatMap(installedPackages)));
  const copiedTo = steps.filter((s) => s.keyword === 'COPY' || s.keyword === 'ADD').map((s) => (s.json ?? s.args.split(/\s+/)).slice(-1)[0] ?? '');
  const lacks = LACKS[familyOf(root.image)];
  for (const program of needed) {
    const base = program.split('/').pop() ?? '';
    if (!lacks.includes(base) || installed.has(base) || copiedTo.some((d) => d === program || d.endsWith(`/${base}`))) continue;
    const what = program === '/bin/sh' ? 'its shell form needs /bin/sh' : `it runs ${base}`;
    return [{ rule: 'healthcheck-binary-missing', line: hc.line, message: `HEALTHCHECK always fails: ${what}, which ${root.image} does not have` }];
  }
  return [];
}

/** secret-in-arg-env: ARG/ENV names that look like secrets. */
export function checkSecrets(model: DockerfileModel): Draft[] {
  const out: Draft[] = [];
  for (const s of allSteps(model)) {
    if (s.keyword !== 'ARG' && s.keyword !== 'ENV') continue;
    const props = (s.node as unknown as { getProperties(): { getName(): string; getValue(): string | null }[] }).getProperties();
    for (const p of props) {
      if (!isSecretName(p.getName())) continue;
      const how = p.getValue() ? 'sets' : 'declares';
      out.push({ rule: 'secret-in-arg-env', line: s.line, message: `${s.keyword} ${how} ${p.getName()}, which looks like a secret; its value is kept in the image metadata and history` });
    }
  }
  return out;
}

/** expose-invalid-port: EXPOSE outside 1-65535. */
export function checkExpose(model: DockerfileModel): Draft[] {
  const out: Draft[] = [];
  for (const s of allSteps(model).filter((x) => x.keyword === 'EXPOSE')) {
    for (const token of s.args.split(/\s+/).filter(Boolean)) {
      const value = expandVariables(model, token, s.line);
      if (value === undefined) continue;
      const ports = (value.split('/')[0] ?? '').split('-');
      const bad = ports.some((p) => !/^\d+$/.test(p) || Number(p) < 1 || Number(p) > 65535);
      if (bad) out.push({ rule: 'expose-invalid-port', line: s.line, message: `EXPOSE ${token}: not a port in 1-65535` });
    }
  }
  return out;
}

/** multiple-cmd, maintainer, relative-workdir, add-instead-of-copy: per-instruction checks. */
export function checkInstructions(model: DockerfileModel): Draft[] {
  const out: Draft[] = [];
  for (const s of model.preamble) if (s.keyword === 'MAINTAINER') out.push({ rule: 'maintainer', line: s.line, message: 'MAINTAINER is deprecated' });
  for (const stage of model.stages) {
    const seen = new Map<string, number>();
    let absolute = chainSteps(stage).slice(0, -stage.steps.length || undefined).some((s) => s.keyword === 'WORKDIR' && s.args.trim().startsWith('/'));
    for (const s of stage.steps) {
      if (s.keyword === 'CMD' || s.keyword === 'ENTRYPOINT') {
        const first = seen.get(s.keyword);
        if (first !== undefined) out.push({ rule: 'multiple-cmd', line: s.line, message: `a second ${s.keyword} in this stage (first on line ${first}); only the last one takes effect` });
        else seen.set(s.keyword, s.line);
      } else if (s.keyword === 'MAINTAINER') {
        out.push({ rule: 'maintainer', line: s.line, message: 'MAINTAINER is deprecated' });
      } else if (s.keyword === 'WORKDIR') {
        const dir = s.args.trim().replace(/^["']|["']$/g, '');
        const isAbsolute = dir.startsWith('/') || dir.startsWith('$') || /^[A-Za-z]:[\\/]/.test(dir);
        if (!isAbsolute && !absolute) out.push({ rule: 'relative-workdir', line: s.line, message: `WORKDIR ${dir} is relative and no absolute WORKDIR was set before it` });
        absolute ||= isAbsolute;
      } else if (s.keyword === 'ADD' && fromContext(s)) {
        const local = copySources(s).filter((src) => !/^(https?|git|ssh):\/\/|^git@/.test(src) && !/\.(tar|tgz|tbz2?|txz|tar\.(gz|bz2|xz|zst))$/.test(src));
        if (local.length) out.push({ rule: 'add-instead-of-copy', line: s.line, message: `ADD ${local.join(' ')} copies plain files; COPY says exactly that` });
      }
    }
  }
  return out;
}

/** copy-all-before-install: the whole context copied before the dependency install of the same build chain. */
export function checkCopyOrder(model: DockerfileModel): Draft[] {
  const flagged = new Map<number, Draft>();
  for (const stage of model.stages) {
    const steps = chainSteps(stage);
    steps.forEach((copy, i) => {
      if (flagged.has(copy.line) || (copy.keyword !== 'COPY' && copy.keyword !== 'ADD') || !fromContext(copy)) return;
      if (!copySources(copy).some(isWholeContext)) return;
      // Dependencies installed before the copy: a later install is the project's own (`uv sync` after `--no-install-project`).
      if (steps.slice(0, i).some((s) => s.commands.some(isDependencyInstall))) return;
      for (const later of steps.slice(i + 1)) {
        const install = later.commands.find(isDependencyInstall) ?? later.commands.find(isFetchingBuild);
        if (!install) continue;
        flagged.set(copy.line, { rule: 'copy-all-before-install', line: copy.line, message: `${copy.keyword} ${copy.args.trim()} comes before \`${install.words.slice(0, 3).join(' ')}\` on line ${later.line}: every source edit re-runs the dependency install` });
        break;
      }
    });
  }
  return [...flagged.values()];
}

const SDK_IMAGES = /(^|\/)(golang|rust|maven|gradle|gcc|buildpack-deps|dotnet\/sdk)$/;
const JDK_IMAGES = /(^|\/)(openjdk|eclipse-temurin|amazoncorretto)$/;
const COMPILER_PACKAGES = /^(build-essential|build-base|gcc|g\+\+|clang|make|cmake|alpine-sdk|.+-dev|.+-devel)$/;

/** build-tools-in-final-image: SDK base, compilers or dev dependencies in the final image. */
export function checkBuildTools(model: DockerfileModel): Draft[] {
  const root = model.finalChain[0];
  if (!root) return [];
  const out: Draft[] = [];
  const single = model.stages.length === 1 ? 'single-stage build: ' : '';
  const { repository, tag = '' } = imageParts(root.image);
  if (!root.image.includes('$') && (SDK_IMAGES.test(repository) || (JDK_IMAGES.test(repository) && !/jre/.test(tag)))) {
    out.push({ rule: 'build-tools-in-final-image', line: root.fromLine, message: `${single}the final image is the toolchain image ${root.image}` });
  }
  let nodeEnvProduction = false;
  for (const s of finalSteps(model)) {
    if (s.keyword === 'ENV' && /(^|\s)NODE_ENV(=|\s+)["']?production/.test(s.args)) nodeEnvProduction = true;
    const compilers = s.commands.flatMap(installedPackages).filter((p) => COMPILER_PACKAGES.test(p));
    if (compilers.length) out.push({ rule: 'build-tools-in-final-image', line: s.line, message: `${single}the final image installs build tools: ${compilers.join(', ')}` });
    const dev = s.commands.find((c) => isDependencyInstall(c) && includesDevDependencies(c, nodeEnvProduction));
    if (dev) out.push({ rule: 'build-tools-in-final-image', line: s.line, message: `${single}\`${dev.words.slice(0, 3).join(' ')}\` installs dev dependencies into the final image` });
  }
  return out;
}

function includesDevDependencies(cmd: ShellCommand, nodeEnvProduction: boolean): boolean {
  const t = tool(cmd);
  if (t === 'npm') return !nodeEnvProduction && !hasFlag(cmd, '--omit', '--production', '--only');
  if (t === 'pnpm') return !nodeEnvProduction && !hasFlag(cmd, '--prod', '-P', '--production');
  if (t === 'yarn') return !nodeEnvProduction && !hasFlag(cmd, '--production');
  if (t === 'bun') return !hasFlag(cmd, '--production', '-p');
  return false;
}
