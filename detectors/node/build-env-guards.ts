import type { Node } from '@babel/types';
import type { SourceText } from '../shared/health-route.js';
import { byCodeUnits } from '../shared/text-order.js';

/** A variable a module throws without when it loads, and the harmless value the build step gets for it. */
export interface BuildPlaceholder {
  name: string;
  value: string;
  /** The module whose top level throws without it. */
  file: string;
}

type AnyNode = Node & Record<string, unknown>;

// Only files that test an env read this way are parsed (Babel's parser is a large module).
const CANDIDATE = /\bif\s*\(\s*(?:!\s*process\.env\b|process\.env\b[^)]*?[!=]==?\s*(?:undefined|null|['"]{2}))|\bprocess\.env\.[A-Z][A-Z0-9_]*!/;
// Other tools' configs (drizzle.config.ts, vitest.config.ts) are no route modules; next.config is loaded by the build.
const TOOL_CONFIG = /(^|\/)[\w-]+\.config\.[mc]?[jt]s$/;
const NEXT_CONFIG = /(^|\/)next\.config\.[mc]?[jt]s$/;

/** Whether `file` is Next's own config (next.config.js/.mjs/.ts...), which `next build` loads. */
export const isNextConfig = (file: string): boolean => NEXT_CONFIG.test(file);
const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'ClassMethod', 'ClassPrivateMethod', 'ObjectMethod']);

/**
 * The variables a module's top level refuses to load without: `if (!process.env.X) throw ...` (also `||` of such
 * tests, and `=== undefined`, `== null`, `=== ''`), as a statement of the module itself, not inside a function.
 * `next build` loads every route module to collect page data, so such a guard in a module a route imports (a
 * database client, a payment SDK) fails the image build, where the runtime's variables are not set.
 * Names the client bundle inlines (`NEXT_PUBLIC_*`) are left out: a placeholder would ship in it.
 */
export async function loadTimeGuards(texts: readonly SourceText[]): Promise<{ name: string; file: string }[]> {
  const found = new Map<string, string>();
  for (const { file, text } of texts) {
    if (!CANDIDATE.test(text) || (TOOL_CONFIG.test(file) && !isNextConfig(file))) continue;
    for (const name of await guardsInModule(text, file)) if (!name.startsWith('NEXT_PUBLIC_') && !found.has(name)) found.set(name, file);
  }
  return [...found].map(([name, file]) => ({ name, file })).sort((a, b) => byCodeUnits(a.name, b.name));
}

/**
 * A value of the form the variable's readers expect, pointing nowhere: the build only loads the modules (clients
 * connect lazily), so no service is reached; a URL to a database service of the plan takes that service's scheme.
 */
export function placeholderValue(name: string, services: readonly string[]): string {
  if (!/UR[LI]$/.test(name)) return 'build-only-placeholder';
  if (/REDIS|CACHE|QUEUE/.test(name)) return 'redis://localhost:6379';
  if (/MONGO/.test(name)) return 'mongodb://localhost:27017/build';
  if (/DATABASE|POSTGRES|PG|DB|SQL/.test(name)) return services.includes('mysql') && !/POSTGRES|PG/.test(name) ? 'mysql://build@localhost:3306/build' : 'postgres://build@localhost:5432/build';
  return 'http://localhost';
}

async function guardsInModule(text: string, file: string): Promise<string[]> {
  const babel = await import('@babel/parser');
  // Bundled, the CommonJS module's functions sit on its default export only.
  const parse = babel.default?.parse ?? babel.parse;
  const ts = /\.[mc]?tsx?$/.test(file);
  let body: Node[];
  try {
    body = parse(text, { sourceType: 'unambiguous', errorRecovery: true, plugins: ts ? (file.endsWith('x') ? ['typescript', 'jsx'] : ['typescript']) : ['jsx'] }).program.body;
  } catch {
    return [];
  }
  const names: string[] = [];
  for (const stmt of body as AnyNode[]) {
    assertedAtLoad(stmt, names);
    if (stmt.type !== 'IfStatement' || !throws(stmt.consequent as AnyNode)) continue;
    const tested = unsetTests(stmt.test as AnyNode);
    if (tested) names.push(...tested);
  }
  return names;
}

/** `process.env.X!` evaluated at load: anywhere in a top-level statement except inside a function or method body. */
function assertedAtLoad(node: AnyNode, names: string[]): void {
  if (FUNCTIONS.has(node.type)) return;
  if (node.type === 'TSNonNullExpression') {
    const name = envRead(node.expression as AnyNode);
    if (name) names.push(name);
  }
  for (const key of Object.keys(node)) {
    if (key === 'loc' || key === 'extra' || key.endsWith('Comments')) continue;
    const value = node[key];
    for (const child of Array.isArray(value) ? value : [value]) {
      if (child && typeof child === 'object' && typeof (child as AnyNode).type === 'string') assertedAtLoad(child as AnyNode, names);
    }
  }
}

function throws(node: AnyNode): boolean {
  if (node.type === 'ThrowStatement') return true;
  return node.type === 'BlockStatement' && (node.body as AnyNode[]).some((s) => s.type === 'ThrowStatement');
}

/** The names an `if` test checks for being unset, or null when any part of it tests something else. */
function unsetTests(test: AnyNode): string[] | null {
  if (test.type === 'LogicalExpression' && test.operator === '||') {
    const left = unsetTests(test.left as AnyNode);
    const right = unsetTests(test.right as AnyNode);
    return left && right ? [...left, ...right] : null;
  }
  if (test.type === 'UnaryExpression' && test.operator === '!') {
    const name = envRead(test.argument as AnyNode);
    return name ? [name] : null;
  }
  if (test.type === 'BinaryExpression' && (test.operator === '===' || test.operator === '==')) {
    const [a, b] = [test.left as AnyNode, test.right as AnyNode];
    const name = envRead(a) ?? envRead(b);
    const other = envRead(a) ? b : a;
    const empty = (other.type === 'Identifier' && other.name === 'undefined') || other.type === 'NullLiteral' || (other.type === 'StringLiteral' && other.value === '');
    return name && empty ? [name] : null;
  }
  return null;
}

/** `process.env.X` or `process.env['X']` -> X (upper-case names only, as the env collection takes). */
function envRead(node: AnyNode): string | undefined {
  if (node.type !== 'MemberExpression') return undefined;
  const obj = node.object as AnyNode;
  if (obj.type !== 'MemberExpression' || (obj.object as AnyNode).type !== 'Identifier' || (obj.object as AnyNode).name !== 'process' || (obj.property as AnyNode).name !== 'env') return undefined;
  const prop = node.property as AnyNode;
  const name = node.computed ? (prop.type === 'StringLiteral' ? (prop.value as string) : undefined) : (prop.name as string | undefined);
  return name && /^[A-Z][A-Z0-9_]*$/.test(name) ? name : undefined;
}
