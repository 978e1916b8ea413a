import type { Answers } from '../plan/answers.js';
import { BASE_FLAVOURS, type BaseFlavour, type Plan } from '../plan/types.js';
import { checkCpus, checkDataDir, checkMemory, parsePort } from '../plan/validate.js';
import { SERVICE_NAMES } from '../../detectors/shared/services.js';
import { UserError } from '../errors.js';
import { parseFeatureList, type RustFeatures } from '../../detectors/rust/features-answer.js';

/** One command-line flag as `--help` and the README show it. */
export interface FlagSpec {
  name: string;
  type: 'boolean' | 'string';
  short?: string;
  /** Placeholder shown in help for string flags. */
  value?: string;
  help: string;
}

/**
 * A question the interactive run asks when the answer is still open, as data: the UI turns it into a text, select,
 * confirm or multiselect prompt. `initial` is what was detected.
 */
export type Question =
  | { kind: 'text'; message: string; initial: string; validate: (text: string) => string | undefined }
  | { kind: 'select'; message: string; initial: string; options: { value: string; hint?: string }[] }
  | { kind: 'confirm'; message: string; initial: boolean }
  | { kind: 'multiselect'; message: string; initial: string[]; options: { value: string }[] };

/**
 * One answer the user can give: its flag(s), how a flag's text or a saved value becomes the answer (with the same
 * one-line error for both), its key in `.create-dockerfile.yml`, and the question that asks for it. The flag table,
 * `--help`, the README flags table, the saved-answers codec and its header, and the prompts all derive from
 * {@link ANSWERS}.
 */
export interface AnswerRow {
  /** Key in {@link Answers} and in the saved file's `answers:` mapping. */
  key: keyof Answers;
  flags: FlagSpec[];
  /** The answer from the parsed flags, or undefined when none was given. `values` is keyed by flag name. */
  fromFlags: (values: Record<string, string | boolean | undefined>) => unknown;
  /** The answer from the saved file's value; `where` names it in errors (`.create-dockerfile.yml: answers.port`). */
  fromSaved: (value: unknown, where: string) => unknown;
  /**
   * The question, when the interactive run asks it for this plan and the answers given so far; undefined when it
   * does not. Asked only while the answer is still open.
   */
  question?: (plan: Plan, answers: Answers) => Question | undefined;
  /** The answer to keep from a prompt's reply, or undefined when the reply is what was detected. */
  fromReply?: (reply: unknown, plan: Plan) => unknown;
  /**
   * Asked for "All of them" (`--workspace all`) too: an answer that holds for every app at once (the outputs written
   * beside the Dockerfiles). The others are one app's and stay each app's detection.
   */
  everyApp?: true;
}

/** A saved value that must be text (YAML may hold a number where the user wrote 8080). */
function savedText(value: unknown, where: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new UserError(`${where} must be text; quote it or delete the line`);
}

/** A row whose flag takes text: `check` turns the text into the answer (or throws), for flag and file alike. */
function textRow(key: keyof Answers, flag: Omit<FlagSpec, 'type'>, check: (text: string, where: string) => unknown, ask?: Pick<AnswerRow, 'question' | 'fromReply'>): AnswerRow {
  return {
    key,
    flags: [{ ...flag, type: 'string' }],
    fromFlags: (values) => (values[flag.name] === undefined ? undefined : check(values[flag.name] as string, `--${flag.name}`)),
    fromSaved: (value, where) => check(savedText(value, where), where),
    ...ask,
  };
}

const asIs = (text: string): string => text;

/** A `--features` list in cargo's form (`a,b`): names checked, spaces or commas between them, each once. */
function checkFeatures(text: string, where: string): string {
  const parsed = parseFeatureList(text);
  if ('problem' in parsed) throw new UserError(`${where}: ${parsed.problem}; pass names separated by commas`);
  return parsed.features.join(',');
}

function featuresProblem(text: string): string | undefined {
  const parsed = parseFeatureList(text);
  return 'problem' in parsed ? parsed.problem : undefined;
}

/** A Rust plan's features (details are the stack's own; only a Rust plan has them). */
const rustFeatures = (plan: Plan): RustFeatures => (plan.details as { features?: RustFeatures }).features ?? { chosen: [], declared: [] };

function checkBase(text: string, where: string): BaseFlavour {
  if (!(BASE_FLAVOURS as readonly string[]).includes(text)) throw new UserError(`${where}: unknown flavour "${text}"; choose ${BASE_FLAVOURS.join(', ')}`);
  return text as BaseFlavour;
}

function checkStart(text: string, where: string): string {
  if (text.trim() === '') throw new UserError(`${where}: the command is empty; pass the command that starts the app`);
  return text;
}

function portProblem(text: string): string | undefined {
  try {
    parsePort(text, 'port');
    return undefined;
  } catch {
    return 'Use a whole number from 1 to 65535';
  }
}

function checkCi(text: string, where: string): 'github' | 'gitlab' {
  if (text !== 'github' && text !== 'gitlab') throw new UserError(`${where}: unknown CI "${text}"; choose github or gitlab`);
  return text;
}

const BASE_HINTS: Record<BaseFlavour, string> = {
  distroless: 'no shell or package manager; smallest attack surface',
  slim: 'Debian slim; has a shell for debugging',
  alpine: 'musl libc; native modules may differ',
};

/**
 * An output switched on by `--NAME` and off by `--no-NAME` (off by default), saved as true or false, asked as a
 * yes/no question (when `ask` says so for this plan).
 */
function switchRow(key: keyof Answers, name: string, help: string, noHelp: string, message: string, ask: (plan: Plan, answers: Answers) => boolean = () => true): AnswerRow {
  return {
    key,
    flags: [
      { name, type: 'boolean', help },
      { name: `no-${name}`, type: 'boolean', help: noHelp },
    ],
    fromFlags: (values) => {
      if (values[name] === true && values[`no-${name}`] === true) throw new UserError(`--${name} and --no-${name} contradict each other; pass one`);
      return values[`no-${name}`] === true ? false : values[name] === true ? true : undefined;
    },
    fromSaved: (value, where) => {
      if (typeof value !== 'boolean') throw new UserError(`${where} must be true or false`);
      return value;
    },
    question: (plan, answers) => (ask(plan, answers) ? { kind: 'confirm', message, initial: false } : undefined),
    fromReply: (reply) => (reply ? true : undefined),
  };
}

/** Every answer, in the order of `--help` and of the saved file. */
export const ANSWERS: readonly AnswerRow[] = [
  textRow('stack', { name: 'stack', value: 'ID', help: 'Force the stack instead of detecting it' }, asIs),
  textRow('port', { name: 'port', value: 'N', help: 'Port the app listens on (1-65535)' }, parsePort, {
    question: (plan) => ({ kind: 'text', message: 'Port the app listens on', initial: String(plan.port), validate: portProblem }),
    fromReply: (reply, plan) => (Number(reply) !== plan.port ? Number(reply) : undefined),
  }),
  textRow('runtimeVersion', { name: 'runtime-version', value: 'V', help: 'Runtime version, e.g. 22 for Node.js 22' }, asIs, {
    question: (plan) => ({ kind: 'text', message: `${plan.runtime.name} version`, initial: plan.runtime.version, validate: (x) => (x.trim() ? undefined : 'Enter a version') }),
    fromReply: (reply, plan) => (String(reply).trim() !== plan.runtime.version ? String(reply).trim() : undefined),
  }),
  textRow('base', { name: 'base', value: 'FLAVOUR', help: 'Runtime image flavour: slim, distroless or alpine' }, checkBase, {
    question: (plan) => ({ kind: 'select', message: 'Runtime image', initial: plan.base, options: BASE_FLAVOURS.map((b) => ({ value: b, hint: BASE_HINTS[b] })) }),
    fromReply: (reply, plan) => (reply !== plan.base ? reply : undefined),
  }),
  textRow('start', { name: 'start', value: 'CMD', help: 'Start command of the app, e.g. "node dist/server.js"' }, checkStart, {
    question: (plan) => (plan.start.length > 0 ? { kind: 'text', message: 'Start command (in the image)', initial: plan.start.join(' '), validate: (x) => (x.trim() ? undefined : 'Enter a command') } : undefined),
    fromReply: (reply, plan) => (String(reply).trim() !== plan.start.join(' ') ? String(reply).trim() : undefined),
  }),
  textRow('build', { name: 'build', value: 'CMD', help: 'Build command; "" for none' }, asIs),
  textRow('main', { name: 'main', value: 'ENTRY', help: 'Entry point when there are several: Go package (cmd/api), Rust binary (name or crate:name), Python module:app, Java main class' }, asIs),
  textRow('features', { name: 'features', value: 'LIST', help: 'Cargo features of the Rust release build, comma-separated as cargo takes them ("" for the default set only); default: the features the binary needs (required-features, a compile_error! or build.rs guard)' }, checkFeatures, {
    question: (plan) => (plan.stack === 'rust' && rustFeatures(plan).declared.length > 0
      ? { kind: 'text', message: `Cargo features to build with (comma-separated; declared: ${rustFeatures(plan).declared.join(', ')}; empty for the default set)`, initial: rustFeatures(plan).chosen.join(','), validate: featuresProblem }
      : undefined),
    fromReply: (reply, plan) => {
      const text = checkFeatures(String(reply), '--features');
      return text === rustFeatures(plan).chosen.join(',') ? undefined : text;
    },
  }),
  textRow('workspace', { name: 'workspace', value: 'NAME', help: 'Project to containerise in a multi-project build: a Node or uv workspace member (package or project name, or folder), or all for every app of the workspace (a Dockerfile in each app\'s folder, one compose file at the root; with --k8s each app\'s manifests in k8s/<service>/, with --swarm and --ci one stack and one pipeline for every app), or a Gradle subproject' }, asIs),
  {
    key: 'compose',
    flags: [
      { name: 'compose', type: 'boolean', help: 'Write docker-compose.yml (default)' },
      { name: 'no-compose', type: 'boolean', help: 'Do not write docker-compose.yml' },
    ],
    fromFlags: (values) => {
      if (values.compose === true && values['no-compose'] === true) throw new UserError('--compose and --no-compose contradict each other; pass one');
      return values['no-compose'] === true ? false : values.compose === true ? true : undefined;
    },
    fromSaved: (value, where) => {
      if (typeof value !== 'boolean') throw new UserError(`${where} must be true or false`);
      return value;
    },
    question: () => ({ kind: 'confirm', message: 'Write docker-compose.yml?', initial: true }),
    fromReply: (reply) => (reply ? undefined : false),
    everyApp: true,
  },
  { ...switchRow('k8s', 'k8s', 'Write Kubernetes manifests: a Kustomize base in k8s/base/ and k8s/overlays/production', 'Do not write Kubernetes manifests (default)', 'Write Kubernetes manifests (k8s/)?'), everyApp: true },
  { ...switchRow('k8sServices', 'k8s-services', 'With --k8s, also run the backing services in the cluster (StatefulSets with volumes; for local clusters)', 'Keep the backing services outside the cluster (default)', 'Run the backing services in the cluster too (local clusters)?', (plan, answers) => answers.k8s === true && plan.services.length > 0), everyApp: true },
  { ...switchRow('swarm', 'swarm', 'Write a Docker Swarm stack file (docker-stack.yml) for docker stack deploy', 'Do not write a Swarm stack file (default)', 'Write a Docker Swarm stack file (docker-stack.yml)?'), everyApp: true },
  {
    key: 'services',
    flags: [{ name: 'services', type: 'string', value: 'LIST', help: 'Backing services for compose: postgres, mysql (MariaDB), redis, mongo; e.g. postgres,redis ("" for none)' }],
    fromFlags: (values) => (values.services === undefined ? undefined : String(values.services).split(',').map((s) => s.trim()).filter(Boolean)),
    fromSaved: (value, where) => {
      if (!Array.isArray(value) || value.some((s) => typeof s !== 'string')) throw new UserError(`${where} must be a list of names such as [postgres, redis] ([] for none)`);
      return value as string[];
    },
    question: (plan, answers) => (answers.compose !== false ? { kind: 'multiselect', message: 'Backing services (space to toggle)', initial: plan.services, options: SERVICE_NAMES.map((n) => ({ value: n })) } : undefined),
    fromReply: (reply, plan) => ([...(reply as string[])].sort().join() !== [...plan.services].sort().join() ? reply : undefined),
  },
  textRow('memory', { name: 'memory', value: 'SIZE', help: 'Memory limit of the app and each backing service (compose, Swarm, Kubernetes; default 512M)' }, checkMemory),
  textRow('cpus', { name: 'cpus', value: 'N', help: 'CPU limit of the app and each backing service (compose, Swarm, Kubernetes; default 1)' }, checkCpus),
  textRow('dataDir', { name: 'data-dir', value: 'PATH', help: 'Directory in the container for the app\'s data (SQLite files, uploads), a named volume in compose (default /data)' }, checkDataDir),
  {
    ...textRow('ci', { name: 'ci', value: 'PROVIDER', help: 'Also write a CI pipeline: github (.github/workflows/container.yml) or gitlab (.gitlab-ci.yml)' }, checkCi, {
      question: () => ({ kind: 'select', message: 'CI pipeline building the image', initial: 'none', options: [{ value: 'none', hint: 'no pipeline' }, { value: 'github', hint: '.github/workflows/container.yml' }, { value: 'gitlab', hint: '.gitlab-ci.yml' }] }),
      fromReply: (reply) => (reply === 'none' ? undefined : reply),
    }),
    everyApp: true,
  },
];
