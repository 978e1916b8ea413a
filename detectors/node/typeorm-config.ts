import type { Node } from '@babel/types';

/** What a TypeORM data source file declares about migrations, read from its syntax. */
export interface TypeormDataSource {
  /** The `migrations` option is a non-empty array (globs, paths or migration classes). */
  migrations: boolean;
  /** `migrationsRun: true`: the app applies pending migrations itself when it initializes the data source. */
  migrationsRun: boolean;
}

/**
 * The options of the first `new DataSource({...})` in a TypeORM data source file (also through a const holding the
 * options object), read with Babel's parser. Undefined when the file holds no such call or cannot be parsed.
 */
export async function readTypeormDataSource(text: string, file: string): Promise<TypeormDataSource | undefined> {
  const babel = await import('@babel/parser');
  // Bundled, the CommonJS module's functions sit on its default export only.
  const parse = babel.default?.parse ?? babel.parse;
  let body: Node[];
  try {
    body = parse(text, { sourceType: 'unambiguous', errorRecovery: true, plugins: /\.[mc]?tsx?$/.test(file) ? ['typescript', 'decorators-legacy'] : [] }).program.body;
  } catch {
    return undefined;
  }
  const consts = new Map<string, Node>();
  for (const s of body) {
    const decl = s.type === 'ExportNamedDeclaration' ? s.declaration : s;
    if (decl?.type === 'VariableDeclaration') for (const d of decl.declarations) if (d.id.type === 'Identifier' && d.init) consts.set(d.id.name, d.init);
  }
  const call = findNewDataSource(body);
  const arg = call?.arguments[0];
  const options = arg ? objectOf(arg, consts) : undefined;
  if (!options) return undefined;
  let migrations = false;
  let migrationsRun = false;
  for (const p of options.properties) {
    if (p.type !== 'ObjectProperty' || p.computed) continue;
    const key = p.key.type === 'Identifier' ? p.key.name : p.key.type === 'StringLiteral' ? p.key.value : undefined;
    if (key === 'migrations') migrations = p.value.type === 'ArrayExpression' ? p.value.elements.length > 0 : p.value.type !== 'NullLiteral';
    if (key === 'migrationsRun') migrationsRun = p.value.type === 'BooleanLiteral' && p.value.value;
  }
  return { migrations, migrationsRun };
}

type NewExpression = Extract<Node, { type: 'NewExpression' }>;

/** The first `new DataSource(...)` (or `new typeorm.DataSource(...)`) anywhere in the tree, depth first. */
function findNewDataSource(nodes: unknown, depth = 0): NewExpression | undefined {
  if (depth > 40 || nodes === null || typeof nodes !== 'object') return undefined;
  if (Array.isArray(nodes)) {
    for (const n of nodes) {
      const found = findNewDataSource(n, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  const n = nodes as Node;
  if (n.type === 'NewExpression') {
    const c = n.callee;
    const name = c.type === 'Identifier' ? c.name : c.type === 'MemberExpression' && c.property.type === 'Identifier' ? c.property.name : undefined;
    if (name === 'DataSource') return n;
  }
  for (const [key, value] of Object.entries(n)) {
    if (key === 'loc' || key === 'start' || key === 'end' || key.endsWith('Comments')) continue;
    const found = findNewDataSource(value, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** The object literal an argument stands for: itself, through `as`/`satisfies` and a const. */
function objectOf(n: Node, consts: Map<string, Node>, depth = 0): Extract<Node, { type: 'ObjectExpression' }> | undefined {
  if (depth > 4) return undefined;
  if (n.type === 'ObjectExpression') return n;
  if (n.type === 'TSAsExpression' || n.type === 'TSSatisfiesExpression' || n.type === 'ParenthesizedExpression') return objectOf(n.expression, consts, depth + 1);
  if (n.type === 'Identifier') {
    const init = consts.get(n.name);
    return init ? objectOf(init, consts, depth + 1) : undefined;
  }
  return undefined;
}
