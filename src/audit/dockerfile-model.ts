import { DockerfileParser, type Dockerfile, type From, type Instruction } from 'dockerfile-ast';
import { runCommands, simpleCommand, type ShellCommand } from './shell.js';
import { memoiseDockerfileArguments } from './dockerfile-arguments-memo.js';

memoiseDockerfileArguments();

/**
 * One instruction with what the checks need, each part read from dockerfile-ast once, on first use: only the checks
 * that look at a part pay for it (a LABEL's or ARG's argument text and flags are never read, a RUN's commands are).
 */
export interface Step {
  readonly keyword: string;
  /** 1-based line of the instruction. */
  readonly line: number;
  /** Arguments after the flags, continuation lines joined. */
  readonly args: string;
  /** `--name=value` flags (`--from`, `--mount`, `--chown` ...); a flag may repeat. */
  readonly flags: { name: string; value: string }[];
  /** Exec-form arguments when the instruction is a JSON array, else undefined. */
  readonly json: string[] | undefined;
  /** For RUN: the simple commands it runs. */
  readonly commands: ShellCommand[];
  readonly node: Instruction;
}

/** One build stage. */
export interface Stage {
  index: number;
  name: string | undefined;
  /** The FROM image with build arguments expanded (`node:22-bookworm-slim`). */
  image: string;
  fromLine: number;
  /** The earlier stage this one is built FROM, if any. */
  parent: Stage | undefined;
  steps: Step[];
}

/** A parsed Dockerfile: its stages and the chain of stages that makes the final image. */
export interface DockerfileModel {
  ast: Dockerfile;
  /** Instructions before the first FROM (global ARGs). */
  preamble: Step[];
  stages: Stage[];
  /** The final stage and its FROM ancestors, root first. */
  finalChain: Stage[];
}

type WithFlags = Instruction & { getFlags?: () => { getName(): string; getValue(): string | null }[] };

function toStep(node: Instruction): Step {
  const keyword = node.getKeyword().toUpperCase();
  // Each part is computed on first read and kept (`undefined` is a valid `json`, hence the separate flag).
  let args: string | undefined;
  let flags: Step['flags'] | undefined;
  let json: string[] | undefined;
  let jsonRead = false;
  let commands: ShellCommand[] | undefined;
  return {
    keyword,
    line: node.getRange().start.line + 1,
    node,
    get args(): string {
      return (args ??= node.getArgumentsContent() ?? '');
    },
    get flags(): Step['flags'] {
      return (flags ??= ((node as WithFlags).getFlags?.() ?? []).map((f) => ({ name: f.getName().toLowerCase(), value: f.getValue() ?? '' })));
    },
    get json(): string[] | undefined {
      if (!jsonRead) {
        json = parseJsonArray(this.args);
        jsonRead = true;
      }
      return json;
    },
    get commands(): ShellCommand[] {
      if (commands) return commands;
      const argv = keyword === 'RUN' ? this.json : undefined;
      return (commands = keyword !== 'RUN' ? [] : argv ? [simpleCommand(argv, '')] : runCommands(this.args));
    },
  };
}

/** `["a", "b"]` -> ['a', 'b']; anything else -> undefined. */
export function parseJsonArray(text: string): string[] | undefined {
  const t = text.trim();
  if (!t.startsWith('[')) return undefined;
  try {
    const v = JSON.parse(t) as unknown;
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
  } catch {
    return undefined;
  }
}

/** Parses a Dockerfile into stages (dockerfile-ast does the tokenising, continuation lines and variables). */
export function parseDockerfile(text: string): DockerfileModel {
  const ast = DockerfileParser.parse(text);
  const preamble: Step[] = [];
  const stages: Stage[] = [];
  for (const node of ast.getInstructions()) {
    const keyword = node.getKeyword().toUpperCase();
    if (keyword === 'FROM') {
      const from = node as From;
      const expanded = from.getExpandedArguments().map((a) => a.getValue());
      const image = expanded[0] ?? from.getImage() ?? '';
      const name = from.getBuildStage()?.toLowerCase() ?? undefined;
      const parent = stages.find((s) => s.name !== undefined && s.name === image.toLowerCase());
      stages.push({ index: stages.length, name, image, fromLine: node.getRange().start.line + 1, parent, steps: [] });
      continue;
    }
    const stage = stages[stages.length - 1];
    if (stage) stage.steps.push(toStep(node));
    else preamble.push(toStep(node));
  }
  const finalChain: Stage[] = [];
  for (let s = stages[stages.length - 1]; s; s = s.parent) finalChain.unshift(s);
  return { ast, preamble, stages, finalChain };
}

/** The steps of a stage including those inherited from its FROM ancestors, root first. */
export function chainSteps(stage: Stage): Step[] {
  return stage.parent ? [...chainSteps(stage.parent), ...stage.steps] : stage.steps;
}

/** The image the final image starts from (the root of the final chain). */
export function finalBase(model: DockerfileModel): Stage | undefined {
  return model.finalChain[0];
}

/** Expands `$NAME` and `${NAME}` with the ARG/ENV values visible at `line` (1-based); undefined when one is unknown. */
export function expandVariables(model: DockerfileModel, text: string, line: number): string | undefined {
  let unknown = false;
  const out = text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-+][^}]*)?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, a: string | undefined, b: string | undefined) => {
    const value = model.ast.resolveVariable(a ?? b ?? '', line - 1);
    if (typeof value !== 'string') unknown = true;
    return value ?? '';
  });
  return unknown ? undefined : out;
}

/** Image reference parts: `gcr.io/x/y:tag@sha256:...` -> repository, tag, digest. */
export function imageParts(image: string): { repository: string; tag: string | undefined; digest: string | undefined } {
  const [ref = '', digest] = image.split('@');
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon > slash) return { repository: ref.slice(0, colon), tag: ref.slice(colon + 1), digest };
  return { repository: ref, tag: undefined, digest };
}

/** Whether a COPY/ADD step takes its sources from the build context (not another stage or image). */
export function fromContext(step: Step): boolean {
  return !step.flags.some((f) => f.name === 'from');
}

/** The sources of a COPY/ADD (every argument but the last), in either form. */
export function copySources(step: Step): string[] {
  const args = step.json ?? step.args.split(/\s+/).filter(Boolean);
  return args.slice(0, -1);
}

/** Whether a COPY/ADD source means "the whole build context". */
export function isWholeContext(source: string): boolean {
  return ['.', './', '*', './*'].includes(source);
}

/** Whether a RUN has a cache mount whose target matches `pattern`. */
export function hasCacheMount(step: Step, pattern: RegExp): boolean {
  return step.flags.some((f) => f.name === 'mount' && /(^|,)type=cache(,|$)/.test(f.value) && pattern.test(f.value.match(/(?:^|,)(?:target|dst|destination)=([^,]+)/)?.[1] ?? ''));
}
