import type { Node } from '@babel/types';
import type { ProjectFs } from '../../../src/fs/project-fs.js';
import { readSequelizeRc } from '../../node/sequelizerc.js';
import type { ConnectionRole, RoleRead } from './connection-roles.js';

/** What sequelize-cli's config says about the connection of the environment the image runs (`production`). */
export interface SequelizeConfigFacts {
  /** The config file (`.sequelizerc`'s `config`, else `config/config.json`). */
  file: string;
  exists: boolean;
  /** The config has a `production` entry (the image sets NODE_ENV=production; sequelize-cli picks the entry by it). */
  hasProduction: boolean;
  /** Variables the entry reads: `use_env_variable` (the URL) and `process.env.X` in its fields, by connection part. */
  roles: RoleRead[];
}

const FIELD_ROLES: Record<string, ConnectionRole> = { username: 'user', password: 'password', database: 'db', host: 'host', port: 'port' };

/**
 * Reads sequelize-cli's config for the production entry: JSON, or a JS module exporting the environments (also
 * through a const), read with Babel's parser. Undefined when the project has neither `.sequelizerc` nor the default
 * config, or a `.sequelizerc` whose config path is not literal.
 */
export async function readSequelizeConfig(fs: ProjectFs): Promise<SequelizeConfigFacts | undefined> {
  const rcText = await fs.readText('.sequelizerc');
  const rc = rcText === undefined ? {} : await readSequelizeRc(rcText);
  if (rc === undefined) return undefined;
  const file = rc.config ?? 'config/config.json';
  if (file.startsWith('../') || file.startsWith('/')) return { file, exists: false, hasProduction: false, roles: [] };
  const text = await fs.readText(file).catch(() => undefined);
  if (text === undefined) return rcText === undefined ? undefined : { file, exists: false, hasProduction: false, roles: [] };
  const entry = file.endsWith('.json') ? jsonEntry(text) : await jsEntry(text);
  if (!entry) return { file, exists: true, hasProduction: false, roles: [] };
  const roles: RoleRead[] = [];
  if (typeof entry.use_env_variable === 'string') roles.push({ name: entry.use_env_variable, role: 'url', source: `${file} (production use_env_variable)` });
  for (const [key, role] of Object.entries(FIELD_ROLES)) {
    const v = entry[key];
    if (v && typeof v === 'object' && 'env' in v) roles.push({ name: (v as { env: string }).env, role, source: `${file} (production ${key})` });
  }
  return { file, exists: true, hasProduction: true, roles };
}

type Entry = Record<string, unknown>;

function jsonEntry(text: string): Entry | undefined {
  try {
    const doc: unknown = JSON.parse(text);
    const p = typeof doc === 'object' && doc !== null ? (doc as Entry).production : undefined;
    return typeof p === 'object' && p !== null ? (p as Entry) : undefined;
  } catch {
    return undefined;
  }
}

/** The `production` object of `module.exports = {...}` / `export default {...}`: literals, and `process.env.X` as `{ env: X }`. */
async function jsEntry(text: string): Promise<Entry | undefined> {
  const babel = await import('@babel/parser');
  // Bundled, the CommonJS module's functions sit on its default export only.
  const parse = babel.default?.parse ?? babel.parse;
  let body: Node[];
  try {
    body = parse(text, { sourceType: 'unambiguous', errorRecovery: true }).program.body;
  } catch {
    return undefined;
  }
  const consts = new Map<string, Node>();
  let exported: Node | undefined;
  for (const s of body) {
    if (s.type === 'VariableDeclaration') for (const d of s.declarations) if (d.id.type === 'Identifier' && d.init) consts.set(d.id.name, d.init);
    if (s.type === 'ExpressionStatement' && s.expression.type === 'AssignmentExpression') {
      const l = s.expression.left;
      if (l.type === 'MemberExpression' && l.object.type === 'Identifier' && l.object.name === 'module' && l.property.type === 'Identifier' && l.property.name === 'exports') exported = s.expression.right;
    }
    if (s.type === 'ExportDefaultDeclaration') exported = s.declaration;
  }
  const object = (n: Node | undefined): Extract<Node, { type: 'ObjectExpression' }> | undefined =>
    n?.type === 'ObjectExpression' ? n : n?.type === 'Identifier' ? object(consts.get(n.name)) : undefined;
  const envs = object(exported);
  const production = envs?.properties.find((p) => p.type === 'ObjectProperty' && keyOf(p.key) === 'production');
  const entry = production?.type === 'ObjectProperty' ? object(production.value as Node) : undefined;
  if (!entry) return undefined;
  const out: Entry = {};
  for (const p of entry.properties) {
    if (p.type !== 'ObjectProperty' || p.computed) continue;
    const key = keyOf(p.key);
    if (key === undefined) continue;
    const v = p.value as Node;
    if (v.type === 'StringLiteral') out[key] = v.value;
    const env = envRead(v.type === 'LogicalExpression' ? v.left : v);
    if (env) out[key] = { env };
  }
  return out;
}

function keyOf(k: Node): string | undefined {
  return k.type === 'Identifier' ? k.name : k.type === 'StringLiteral' ? k.value : undefined;
}

/** The variable `process.env.X` / `process.env['X']` reads, else undefined. */
function envRead(n: Node): string | undefined {
  if (n.type !== 'MemberExpression') return undefined;
  const o = n.object;
  if (o.type !== 'MemberExpression' || o.object.type !== 'Identifier' || o.object.name !== 'process' || o.property.type !== 'Identifier' || o.property.name !== 'env') return undefined;
  if (!n.computed && n.property.type === 'Identifier') return n.property.name;
  return n.property.type === 'StringLiteral' ? n.property.value : undefined;
}
