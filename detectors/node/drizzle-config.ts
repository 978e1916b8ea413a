import type { Node } from '@babel/types';

/**
 * The `out` folder of a drizzle-kit config (`export default defineConfig({ out: './out' })`, `export default {...}`,
 * `module.exports = {...}`, a named const exported as default, `satisfies Config`), read from its syntax with Babel's
 * parser: a string literal only. Undefined when the config sets none, computes it, or cannot be parsed.
 */
export async function drizzleOut(text: string, file: string): Promise<string | undefined> {
  const babel = await import('@babel/parser');
  // Bundled, the CommonJS module's functions sit on its default export only.
  const parse = babel.default?.parse ?? babel.parse;
  let body: Node[];
  try {
    body = parse(text, { sourceType: 'unambiguous', errorRecovery: true, plugins: /\.[mc]?ts$/.test(file) ? ['typescript'] : [] }).program.body;
  } catch {
    return undefined;
  }
  const consts = new Map<string, Node>();
  let exported: Node | undefined;
  for (const s of body) {
    if (s.type === 'VariableDeclaration') for (const d of s.declarations) if (d.id.type === 'Identifier' && d.init) consts.set(d.id.name, d.init);
    if (s.type === 'ExportDefaultDeclaration') exported = s.declaration;
    if (s.type === 'ExpressionStatement' && s.expression.type === 'AssignmentExpression' && isModuleExports(s.expression.left)) exported = s.expression.right;
  }
  const config = configObject(exported, consts);
  if (!config) return undefined;
  for (const p of config.properties) {
    if (p.type !== 'ObjectProperty' || p.computed) continue;
    const key = p.key.type === 'Identifier' ? p.key.name : p.key.type === 'StringLiteral' ? p.key.value : undefined;
    if (key !== 'out') continue;
    if (p.value.type === 'StringLiteral') return p.value.value;
    if (p.value.type === 'TemplateLiteral' && p.value.expressions.length === 0) return p.value.quasis[0]?.value.cooked ?? undefined;
    return undefined;
  }
  return undefined;
}

/** The object literal a default export stands for: itself, defineConfig's argument, through `as`/`satisfies` and a const. */
function configObject(n: Node | undefined, consts: Map<string, Node>, depth = 0): Extract<Node, { type: 'ObjectExpression' }> | undefined {
  if (!n || depth > 4) return undefined;
  if (n.type === 'ObjectExpression') return n;
  if (n.type === 'TSAsExpression' || n.type === 'TSSatisfiesExpression' || n.type === 'ParenthesizedExpression') return configObject(n.expression, consts, depth + 1);
  if (n.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === 'defineConfig') {
    const arg = n.arguments[0];
    return arg && arg.type !== 'SpreadElement' && arg.type !== 'ArgumentPlaceholder' ? configObject(arg, consts, depth + 1) : undefined;
  }
  if (n.type === 'Identifier') return configObject(consts.get(n.name), consts, depth + 1);
  return undefined;
}

/** `module.exports`. */
function isModuleExports(n: Node): boolean {
  return n.type === 'MemberExpression' && n.object.type === 'Identifier' && n.object.name === 'module'
    && n.property.type === 'Identifier' && n.property.name === 'exports';
}
