import path from 'node:path';
import type { Node } from '@babel/types';

/** The paths a `.sequelizerc` sets (`'migrations-path'`, `config`), relative to the project; absent when not literal. */
export interface SequelizeRc {
  migrationsPath?: string;
  config?: string;
}

/**
 * The `module.exports = {...}` of a `.sequelizerc`, read with Babel's parser: each value a string literal or
 * `path.resolve(...)`/`path.join(...)` of string literals (also with `__dirname` or `process.cwd()` first, both the
 * project root here). Undefined when the file cannot be parsed or exports no object literal.
 */
export async function readSequelizeRc(text: string): Promise<SequelizeRc | undefined> {
  const babel = await import('@babel/parser');
  // Bundled, the CommonJS module's functions sit on its default export only.
  const parse = babel.default?.parse ?? babel.parse;
  let body: Node[];
  try {
    body = parse(text, { sourceType: 'unambiguous', errorRecovery: true }).program.body;
  } catch {
    return undefined;
  }
  let exported: Node | undefined;
  for (const s of body) {
    if (s.type === 'ExpressionStatement' && s.expression.type === 'AssignmentExpression') {
      const l = s.expression.left;
      if (l.type === 'MemberExpression' && l.object.type === 'Identifier' && l.object.name === 'module' && l.property.type === 'Identifier' && l.property.name === 'exports') exported = s.expression.right;
    }
    if (s.type === 'ExportDefaultDeclaration') exported = s.declaration;
  }
  if (exported?.type !== 'ObjectExpression') return undefined;
  const rc: SequelizeRc = {};
  for (const p of exported.properties) {
    if (p.type !== 'ObjectProperty' || p.computed) continue;
    const key = p.key.type === 'Identifier' ? p.key.name : p.key.type === 'StringLiteral' ? p.key.value : undefined;
    const value = literalPath(p.value);
    if (value === undefined) continue;
    if (key === 'migrations-path') rc.migrationsPath = value;
    if (key === 'config') rc.config = value;
  }
  return rc;
}

/** A literal path, or `path.resolve`/`path.join` of literals from the project root; undefined otherwise. */
function literalPath(n: Node): string | undefined {
  if (n.type === 'StringLiteral') return path.posix.normalize(n.value);
  if (n.type !== 'CallExpression' || n.callee.type !== 'MemberExpression' || n.callee.property.type !== 'Identifier') return undefined;
  if (!['resolve', 'join'].includes(n.callee.property.name)) return undefined;
  const parts: string[] = [];
  for (const [i, a] of n.arguments.entries()) {
    if (a.type === 'StringLiteral') parts.push(a.value);
    else if (i === 0 && a.type === 'Identifier' && a.name === '__dirname') continue;
    else if (i === 0 && a.type === 'CallExpression' && a.callee.type === 'MemberExpression' && a.callee.property.type === 'Identifier' && a.callee.property.name === 'cwd') continue;
    else return undefined;
  }
  return parts.length ? path.posix.normalize(path.posix.join(...parts)) : undefined;
}
