import type { Node } from '@babel/types';
import { parse as parseYaml } from 'yaml';
import semver from '../shared/semver.js';
import type { ProjectFs } from '../../src/fs/project-fs.js';

/**
 * TypeORM before 0.3 reads its connection from the project root (`ormconfig.json`, `.js`, `.yml`, ...; TypeORM 0.3
 * dropped them for a `DataSource` file given with `-d`). What such a file says about migrations.
 */
export interface LegacyOrmConfig {
  /** The config file, relative to the project. */
  file: string;
  /** The `migrations` entries that are string paths or globs (empty when none are, or when they are not literal). */
  migrations: string[];
  /** Read, but its `migrations` could not be (a `.ts` config needs ts-node; a computed value). */
  opaque: boolean;
  /** The database a JSON or YAML config names literally (`host`, else `url`): no variable can point it elsewhere. */
  literalDatabase?: string;
}

/** Where TypeORM 0.2's ConnectionOptionsReader looks, in its order (`ormconfig.env` / TYPEORM_* variables aside). */
const LEGACY_FILES = ['ormconfig.js', 'ormconfig.cjs', 'ormconfig.ts', 'ormconfig.json', 'ormconfig.yml', 'ormconfig.yaml'];

/** True when the project's typeorm range allows only releases before 0.3 (`^0.2.45`, `0.2.x`, `~0.2.0`). */
export function isLegacyTypeorm(range: string | undefined): boolean {
  const valid = range ? semver.validRange(range) : null;
  return valid !== null && !semver.intersects(valid, '>=0.3.0');
}

/** The first legacy config file at the root, with its `migrations`; undefined when there is none. */
export async function readLegacyOrmConfig(fs: ProjectFs): Promise<LegacyOrmConfig | undefined> {
  for (const file of LEGACY_FILES) {
    const text = await fs.readText(file);
    if (text === undefined) continue;
    const options = file.endsWith('.json') ? jsonOptions(text) : /\.ya?ml$/.test(file) ? yamlOptions(text) : file.endsWith('.ts') ? undefined : await jsOptions(text);
    if (options === undefined) return { file, migrations: [], opaque: true };
    const list = options.migrations;
    const migrations = Array.isArray(list) ? list.filter((m): m is string => typeof m === 'string') : [];
    const opaque = list !== undefined && (!Array.isArray(list) || list.some((m) => typeof m !== 'string'));
    const literal = /\.(?:json|ya?ml)$/.test(file) ? [options.host, options.url].find((v): v is string => typeof v === 'string') : undefined;
    return { file, migrations, opaque, ...(literal ? { literalDatabase: literal } : {}) };
  }
  return undefined;
}

/** The connection TypeORM 0.2 uses: the object itself, or in an array the one named `default` (else the first). */
function defaultConnection(value: unknown): Record<string, unknown> | undefined {
  const pick = Array.isArray(value) ? (value.find((c) => isObject(c) && c.name === 'default') ?? value[0]) : value;
  return isObject(pick) ? pick : undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function jsonOptions(text: string): Record<string, unknown> | undefined {
  try {
    return defaultConnection(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** ormconfig.yml is a map of connection names to options; `default` is the one the CLI uses. */
function yamlOptions(text: string): Record<string, unknown> | undefined {
  try {
    const doc: unknown = parseYaml(text);
    return isObject(doc) && isObject(doc.default) ? doc.default : undefined;
  } catch {
    return undefined;
  }
}

/** `module.exports = {...}` (or `[...]`) with literal `migrations` strings, read with Babel's parser. */
async function jsOptions(text: string): Promise<Record<string, unknown> | undefined> {
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
  const conn = exported?.type === 'ArrayExpression' ? exported.elements[0] : exported;
  if (conn?.type !== 'ObjectExpression') return undefined;
  for (const p of conn.properties) {
    if (p.type !== 'ObjectProperty' || p.computed) continue;
    const key = p.key.type === 'Identifier' ? p.key.name : p.key.type === 'StringLiteral' ? p.key.value : undefined;
    if (key !== 'migrations') continue;
    if (p.value.type !== 'ArrayExpression') return { migrations: null };
    return { migrations: p.value.elements.map((e) => (e?.type === 'StringLiteral' ? e.value : null)) };
  }
  return {};
}

/** True when node can load what a migrations glob names in the image: JavaScript (`*.js`, `*{.ts,.js}`), not `.ts` only. */
export function runnableMigrationGlob(glob: string): boolean {
  return !/\.[mc]?ts$/.test(glob);
}
