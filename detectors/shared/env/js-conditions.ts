import type { Node } from '@babel/types';

/** What a JS/TS file's syntax says about its environment reads, beyond the reads themselves. */
export interface JsEnvFacts {
  /**
   * Source ranges `[start, end)` that run only under a condition on the environment (an `if`, `?:`, `&&` or `switch`
   * testing an env read, or a variable set from one): a read inside is optional (S3 keys read only when
   * `STORAGE === 's3'`). Branches that run in production anyway (`NODE_ENV === 'production'`) are not listed, nor
   * any in a file whose reads (`process.env.X`, `Bun.env['X']`, as source-reads finds them) all come before its first
   * guard: no read can be inside one.
   */
  guarded: [number, number][];
  /** Variables a zod refinement requires when NODE_ENV is production (the image's mode): required in compose. */
  productionRequired: string[];
}

const NONE: JsEnvFacts = { guarded: [], productionRequired: [] };
const NAME = /^[A-Z][A-Z0-9_]*$/;
const PRODUCTION = new Set(['production', 'prod']);
type AnyNode = Node & Record<string, unknown>;
/**
 * Text every guard needs somewhere in the file: `if`, `switch`, `&&`, or a `?` that is neither `??` nor `?.` (a
 * ternary; `?.5` is one too). A file without any (Nest's `process.env.PORT ?? 3000` beside `process.env.HOST ?? ...`)
 * has no guarded read, so the parser is not loaded for it. False hits (in strings, comments, `x?: T`) only cost a parse.
 */
const MAY_BRANCH = /\bif\b|\bswitch\b|&&|(?<!\?)\?(?!\?|\.(?!\d))/;
/**
 * The earliest a guard can start: its branches come after its `if`, `switch`, `?` or `&&` (or a keyword written with
 * an escape, `\u0069f`). Searched as plain text: a word such as `modified`, a `?.` or a comment only moves it earlier.
 */
const FIRST_GUARD = /if|switch|&&|\?|\\u/;
/** Where each read source-reads takes starts (`process.env.X`, `Bun.env['X']`; no word boundary, as there). */
const ENV_OBJECT = /(?:process|Bun)\.env/g;

/**
 * Parses one JS/TS file (Babel's parser, loaded only for files that read the environment twice or refine) and returns its
 * {@link JsEnvFacts}; a file the parser cannot read gives none (the plain reads still count).
 */
export async function jsEnvFacts(text: string, file: string): Promise<JsEnvFacts> {
  // A read can only be guarded by a test on another env read (two reads at least) unless a refinement says so:
  // the common one-read file (`process.env.PORT`) skips loading the parser, a large module.
  // Nor is a file parsed whose reads all come before its first guard (an Express main: reads, then `if`s).
  const reads = text.match(/\b(?:process|Bun)\.env\b/g)?.length ?? 0;
  if (!/[rR]efine\(/.test(text) && (reads < 2 || !MAY_BRANCH.test(text) || lastRead(text) < text.search(FIRST_GUARD))) return NONE;
  const babel = await import('@babel/parser');
  // Bundled, the CommonJS module's functions sit on its default export only.
  const parse = babel.default?.parse ?? babel.parse;
  const ts = /\.[mc]?tsx?$/.test(file);
  let ast: Node;
  try {
    // Comments are never read here: not attaching them to nodes saves the parser that work.
    ast = parse(text, { sourceType: 'unambiguous', errorRecovery: true, attachComment: false, plugins: ts ? (file.endsWith('x') ? ['typescript', 'jsx'] : ['typescript']) : ['jsx'] }).program;
  } catch {
    return NONE;
  }
  // One walk over the whole tree collects the nodes the facts come from (in source order); a second full walk
  // made the walker hot enough for V8 to spend more on optimising it than the walks cost.
  const declarators: AnyNode[] = [];
  const sites: AnyNode[] = [];
  walk(ast, [], (node) => {
    if (node.type === 'VariableDeclarator') declarators.push(node);
    else if (FACT_SITES.has(node.type)) sites.push(node);
  });
  const derived = envDerivedNames(declarators);
  const facts: JsEnvFacts = { guarded: [], productionRequired: [] };
  for (const node of sites) {
    guardedBranches(node, derived, facts.guarded);
    facts.productionRequired.push(...refinementRequires(node));
  }
  return facts;
}

/** Node types a fact can start at: a guard ({@link guardedBranches}) or a refinement call ({@link refinementRequires}). */
const FACT_SITES = new Set(['IfStatement', 'ConditionalExpression', 'LogicalExpression', 'SwitchStatement', 'CallExpression']);

/**
 * Where the file's last env read starts (-1 without one). A read's name follows its `process.env.` / `Bun.env['` at
 * once, and neither holds a guard's token: a read starting before the first guard's token ends before it too, so no
 * branch (which starts after that token) holds it.
 */
function lastRead(text: string): number {
  let last = -1;
  for (const m of text.matchAll(ENV_OBJECT)) last = m.index;
  return last;
}

/**
 * Calls `visit` on every node, depth first, with its ancestors (nearest last). `parents` is one array pushed and
 * popped along the walk (a file's syntax tree has thousands of nodes; a copy per node cost more than the visits):
 * a visitor reads it during its call and never keeps it.
 */
function walk(node: Node, parents: Node[], visit: (n: AnyNode, parents: readonly Node[]) => void): void {
  visit(node as AnyNode, parents);
  parents.push(node);
  for (const key of Object.keys(node)) {
    if (!isChildKey(key)) continue;
    const value = (node as AnyNode)[key];
    if (Array.isArray(value)) {
      for (const child of value) if (isNode(child)) walk(child, parents, visit);
    } else if (isNode(value)) walk(value, parents, visit);
  }
  parents.pop();
}

const isNode = (v: unknown): v is Node => v !== null && typeof v === 'object' && typeof (v as Node).type === 'string';

/** Whether a node's property may hold child nodes: not its location, Babel's extra data or attached comments. */
const isChildKey = (key: string): boolean => key !== 'loc' && key !== 'extra' && !key.endsWith('Comments');

/** `process.env` / `Bun.env` itself. */
function isEnvObject(n: Node | null | undefined): boolean {
  return !!n && (n.type === 'MemberExpression' || n.type === 'OptionalMemberExpression') && n.object.type === 'Identifier' && (n.object.name === 'process' || n.object.name === 'Bun') && propName(n) === 'env';
}

/** The property name of `a.B` / `a['B']`. */
function propName(n: Node): string | undefined {
  if (n.type !== 'MemberExpression' && n.type !== 'OptionalMemberExpression') return undefined;
  if (!n.computed && n.property.type === 'Identifier') return n.property.name;
  return n.property.type === 'StringLiteral' ? n.property.value : undefined;
}

/**
 * Whether an expression reads the environment other than NODE_ENV (directly, or through a name set from such a
 * read): `derived` maps names set from env reads to whether they came from NODE_ENV only.
 */
function readsOtherEnv(n: Node, derived: ReadonlyMap<string, boolean>): boolean {
  return some(n, (x) => (isEnvObject(x.type === 'MemberExpression' || x.type === 'OptionalMemberExpression' ? x.object : undefined) && propName(x) !== 'NODE_ENV') || (x.type === 'Identifier' && derived.get(x.name) === false));
}

/** Whether an expression mentions the environment at all (NODE_ENV included). */
function readsAnyEnv(n: Node, derived: ReadonlyMap<string, boolean>): boolean {
  return some(n, (x) => isEnvObject(x) || (x.type === 'Identifier' && derived.has(x.name)));
}

/** Whether `test` holds for `node` or a node below it (depth first; stops at the first). */
function some(node: Node, test: (n: AnyNode) => boolean): boolean {
  if (test(node as AnyNode)) return true;
  for (const key of Object.keys(node)) {
    if (!isChildKey(key)) continue;
    const value = (node as AnyNode)[key];
    if (Array.isArray(value)) {
      for (const child of value) if (isNode(child) && some(child, test)) return true;
    } else if (isNode(value) && some(value, test)) return true;
  }
  return false;
}

const NO_NAMES: ReadonlyMap<string, boolean> = new Map();

/**
 * Names declared from an env read (`const storage = process.env.STORAGE`, `const isProd = NODE_ENV === ...`), from
 * the file's declarators in source order (a name declared twice keeps its last).
 */
function envDerivedNames(declarators: readonly AnyNode[]): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const n of declarators) {
    if (n.type !== 'VariableDeclarator' || n.id.type !== 'Identifier' || !n.init || !readsAnyEnv(n.init, NO_NAMES)) continue;
    out.set(n.id.name, !readsOtherEnv(n.init, NO_NAMES));
  }
  return out;
}

const isNodeEnv = (s: Node): boolean => (s.type === 'Identifier' && s.name === 'NODE_ENV') || propName(s) === 'NODE_ENV';

/**
 * The value of a test in production (NODE_ENV=production): `NODE_ENV === 'production'` true, `!==` false,
 * `=== 'development'` false; `&&` of known parts; undefined when it depends on anything else.
 */
function inProduction(test: Node): boolean | undefined {
  if (test.type === 'LogicalExpression' && test.operator === '&&') {
    const sides = [inProduction(test.left), inProduction(test.right)];
    return sides.includes(false) ? false : sides.every((v) => v === true) ? true : undefined;
  }
  if (test.type !== 'BinaryExpression' || !['===', '==', '!==', '!='].includes(test.operator)) return undefined;
  const sides = [test.left, test.right] as Node[];
  const mode = sides.find((s) => s.type === 'StringLiteral');
  if (!sides.some(isNodeEnv) || mode?.type !== 'StringLiteral') return undefined;
  const equal = test.operator.startsWith('=');
  return PRODUCTION.has(mode.value) ? equal : !equal;
}

/** A test that holds only in production: it is, or has as an `&&` part, `NODE_ENV === 'production'`. */
function needsProduction(test: Node): boolean {
  if (test.type === 'LogicalExpression' && test.operator === '&&') return needsProduction(test.left) || needsProduction(test.right);
  return inProduction(test) === true && test.type === 'BinaryExpression';
}

/** Adds the branches of `node` that run only under an env condition (see {@link JsEnvFacts.guarded}). */
function guardedBranches(node: AnyNode, derived: ReadonlyMap<string, boolean>, out: [number, number][]): void {
  let test: Node | undefined;
  let branches: (Node | null | undefined)[] = [];
  if (node.type === 'IfStatement' || node.type === 'ConditionalExpression') [test, branches] = [node.test, [node.consequent, node.alternate]];
  else if (node.type === 'LogicalExpression' && node.operator === '&&') [test, branches] = [node.left, [node.right]];
  else if (node.type === 'SwitchStatement') [test, branches] = [node.discriminant, node.cases];
  if (!test || !readsAnyEnv(test, derived)) return;
  const prod = node.type === 'SwitchStatement' ? undefined : inProduction(test);
  let other: boolean | undefined;
  branches.forEach((b, i) => {
    const runs = prod === undefined ? undefined : i === 0 ? prod : !prod;
    // The branch that runs in the image anyway is not conditional; a NODE_ENV test we cannot evaluate is left alone.
    if (runs === true || (runs === undefined && !(other ??= readsOtherEnv(test!, derived)))) return;
    if (b && b.start != null && b.end != null) out.push([b.start, b.end]);
  });
}

/**
 * Names a zod refinement requires in production: `.superRefine((e, ctx) => { if (e.NODE_ENV === 'production' &&
 * !e.X) ctx.addIssue({ path: ['X'], ... }) })`, or `.refine((e) => e.NODE_ENV !== 'production' || !!e.X,
 * { path: ['X'] })`.
 */
function refinementRequires(node: AnyNode): string[] {
  if (node.type !== 'CallExpression' || node.callee.type === 'V8IntrinsicIdentifier') return [];
  const method = propName(node.callee);
  const fn = node.arguments[0];
  if (!fn || (fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression')) return [];
  if (method === 'refine') {
    const opts = node.arguments[1];
    const name = opts?.type === 'ObjectExpression' ? pathName(opts) : undefined;
    return name && comparesNodeEnvToProduction(fn) ? [name] : [];
  }
  if (method !== 'superRefine') return [];
  const out: string[] = [];
  walk(fn, [], (call, parents) => {
    if (call.type !== 'CallExpression' || propName(call.callee) !== 'addIssue' || call.arguments[0]?.type !== 'ObjectExpression') return;
    const name = pathName(call.arguments[0]);
    if (!name) return;
    // The issue is added in production when an enclosing branch is the production one.
    const addedInProduction = parents.some((p, i) => {
      const child = parents[i + 1] ?? call;
      if (p.type === 'IfStatement' || p.type === 'ConditionalExpression') return child === p.consequent ? needsProduction(p.test) : child === p.alternate && inProduction(p.test) === false;
      return p.type === 'LogicalExpression' && p.operator === '&&' && child === p.right && needsProduction(p.left);
    });
    if (addedInProduction) out.push(name);
  });
  return out;
}

/** The first element of an object's `path: ['X']`, when it is an env-style name. */
function pathName(obj: Node): string | undefined {
  if (obj.type !== 'ObjectExpression') return undefined;
  for (const p of obj.properties) {
    if (p.type !== 'ObjectProperty' || p.computed || !((p.key.type === 'Identifier' && p.key.name === 'path') || (p.key.type === 'StringLiteral' && p.key.value === 'path'))) continue;
    const first = p.value.type === 'ArrayExpression' ? p.value.elements[0] : undefined;
    if (first?.type === 'StringLiteral' && NAME.test(first.value)) return first.value;
  }
  return undefined;
}

/** Whether a refine predicate compares NODE_ENV with production anywhere. */
function comparesNodeEnvToProduction(fn: Node): boolean {
  return some(fn, (x) => x.type === 'BinaryExpression' && inProduction(x) !== undefined);
}
