import type { Schema } from '@mrleebo/prisma-ast';
import path from 'node:path';
import semver from '../shared/semver.js';
import type { ProjectFs } from '../../src/fs/project-fs.js';
import { UserError } from '../../src/errors.js';

/** What a Prisma project needs from the image: its client generated in the build and shipped to the runtime. */
export interface PrismaPlan {
  /** Schema file or multi-file schema folder, relative to the project root. */
  schema: string;
  /** Where the schema location came from, for the summary. */
  schemaFrom: string;
  /** The datasource provider ("postgresql", "mysql", "sqlite", ...), null when the schema names none. */
  provider: string | null;
  /**
   * Variables the config reads with prisma/config's `env()`, which throws when one is unset: generate gets a
   * placeholder for each (build stage only; generate never connects).
   */
  buildEnv: { name: string; value: string }[];
  /** Runs in the build stage after the source copy (prisma finds the schema as the app does); null without the prisma CLI. */
  generate: string[] | null;
  /** Generated JavaScript client folders relative to /app, copied from the build stage into the runtime. */
  outputs: string[];
  /** TypeScript client folders (`prisma-client` generator): the project's build compiles them into its output. */
  sourceOutputs: string[];
  /** A native query engine ships with the client (Prisma 6 and older `prisma-client-js`): the runtime needs OpenSSL. */
  nativeEngine: boolean;
  /** generate points PRISMA_SCHEMA_ENGINE_BINARY at a stand-in: it needs no engine, so the CLI fetches none. */
  skipsEngineFetch: boolean;
  /** The Prisma major the project pins (`prisma` or `@prisma/client`), null when its range says nothing. */
  major: number | null;
  /** The config file (prisma.config.ts, ...), null without one. */
  configFile: string | null;
  /** The migrations folder (config `migrations.path`, else beside the schema), null when none exists. */
  migrations: string | null;
  /**
   * Which schema engine the CLI's migrate commands use: `wasm` when the config selects `engine: 'js'` (Prisma 6, a
   * driver adapter in the config), else Prisma's native binary, which the CLI fetches from Prisma's own download host.
   */
  schemaEngine: 'wasm' | 'native';
  /**
   * The native schema engine fetched into node_modules in an install stage, so migrate deploy finds it under a
   * read-only root; set by the migration step, null when nothing runs migrate in the image.
   */
  engineFetch: { stage: 'deps' | 'build' | 'migrate'; command: string[] } | null;
  /** Files migrate deploy reads in the runtime (schema, migrations, config); set by the migration step. */
  runtimeFiles: string[];
}

/** Prisma's default client folder for `prisma-client-js` without an `output`. */
const DEFAULT_OUTPUT = 'node_modules/.prisma';
/** Default schema locations, in Prisma's own order. */
const DEFAULTS = ['prisma/schema.prisma', 'schema.prisma', 'prisma/schema'];
const CONFIG_FILES = ['prisma.config.ts', 'prisma.config.mts', 'prisma.config.js', 'prisma.config.mjs', 'prisma.config.cjs', '.config/prisma.ts'];

const unquote = (v: unknown): string | undefined => {
  if (typeof v !== 'string' || !/^".*"$/.test(v)) return undefined;
  try {
    return JSON.parse(v) as string;
  } catch {
    return undefined;
  }
};

/** The schema path: package.json `prisma.schema`, a config file's literal `schema:` value, else the first default that exists. */
/** The first Prisma config file, if any. */
async function readConfig(fs: ProjectFs): Promise<{ file: string; text: string } | undefined> {
  for (const file of CONFIG_FILES) {
    const text = await fs.readText(file);
    if (text !== undefined) return { file, text };
  }
  return undefined;
}

/** The migrations folder: the config's literal `migrations: { path }`, else `migrations` beside the datasource's file or the schema. */
async function locateMigrations(fs: ProjectFs, config: { file: string; text: string } | undefined, schema: string, datasourceFile: string | undefined): Promise<string | null> {
  const literal = config && /\bmigrations\s*:\s*\{[^}]*?\bpath\s*:\s*(['"`])([^'"`$]+)\1/.exec(config.text)?.[2];
  const candidates = literal
    ? [path.posix.join(path.posix.dirname(config.file), literal)]
    : [datasourceFile && path.posix.join(path.posix.dirname(datasourceFile), 'migrations'), path.posix.join(path.posix.dirname(schema), 'migrations'), 'prisma/migrations'];
  for (const c of candidates) if (c && (await fs.isDir(path.posix.normalize(c)))) return path.posix.normalize(c);
  return null;
}

async function locateSchema(fs: ProjectFs, pkgPrisma: unknown, config: { file: string; text: string } | undefined): Promise<{ schema: string; from: string } | undefined> {
  const fromPkg = (pkgPrisma as { schema?: unknown } | undefined)?.schema;
  if (typeof fromPkg === 'string' && fromPkg !== '') return { schema: path.posix.normalize(fromPkg), from: 'package.json prisma.schema' };
  // The config is a program; only a literal `schema: '...'` is read, anything computed falls back to the defaults.
  const literal = config && /\bschema\s*:\s*(['"`])([^'"`$]+)\1/.exec(config.text)?.[2];
  if (config && literal) return { schema: path.posix.normalize(path.posix.join(path.posix.dirname(config.file), literal)), from: config.file };
  for (const d of DEFAULTS) if (await fs.exists(d)) return { schema: d, from: 'default location' };
  return undefined;
}

async function schemaFiles(fs: ProjectFs, schema: string): Promise<string[]> {
  if (!(await fs.isDir(schema))) return [schema];
  return (await fs.glob(`${schema}/**/*.prisma`, { deep: 4 })).sort();
}

async function parse(file: string, text: string): Promise<Schema> {
  const { parsePrismaSchema } = await import('./prisma-schema-parse.js');
  try {
    return parsePrismaSchema(text);
  } catch (err) {
    const line = (err as { token?: { startLine?: number } }).token?.startLine;
    throw new UserError(`${file}${line ? `:${line}` : ''}: not a valid Prisma schema; run "prisma validate" and fix it`);
  }
}

/** The Prisma major the project pins (`prisma` or `@prisma/client`), undefined when the range says nothing. */
function prismaMajor(deps: Record<string, string>): number | undefined {
  const range = deps.prisma ?? deps['@prisma/client'];
  const min = range ? semver.minVersion(semver.validRange(range) ?? '0.0.0') : null;
  return min && min.major > 0 ? min.major : undefined;
}

/**
 * Reads a Prisma project: schema location, datasource provider, generator outputs and whether a native engine ships.
 * Undefined when the project does not use Prisma (`@prisma/client` or `prisma` in its dependencies).
 */
export async function detectPrisma(fs: ProjectFs, pkgPrisma: unknown, deps: Record<string, string>): Promise<PrismaPlan | undefined> {
  if (!('@prisma/client' in deps) && !('prisma' in deps)) return undefined;
  const config = await readConfig(fs);
  const located = await locateSchema(fs, pkgPrisma, config);
  if (!located) return undefined;
  let provider: string | null = null;
  let datasourceFile: string | undefined;
  const outputs: string[] = [];
  const sourceOutputs: string[] = [];
  let nativeEngine = false;
  const major = prismaMajor(deps);
  for (const file of await schemaFiles(fs, located.schema)) {
    const text = await fs.readText(file);
    if (text === undefined) continue;
    for (const block of (await parse(file, text)).list) {
      if (block.type !== 'datasource' && block.type !== 'generator') continue;
      const get = (key: string) => block.assignments.find((a): a is Extract<typeof a, { type: 'assignment' }> => a.type === 'assignment' && a.key === key)?.value;
      if (block.type === 'datasource') {
        provider ??= unquote(get('provider')) ?? null;
        datasourceFile ??= file;
        continue;
      }
      const gen = unquote(get('provider'));
      if (gen !== 'prisma-client-js' && gen !== 'prisma-client') continue;
      const output = unquote(get('output'));
      // `output` is relative to the schema file's folder.
      (gen === 'prisma-client' ? sourceOutputs : outputs).push(output ? path.posix.normalize(path.posix.join(path.posix.dirname(file), output)) : DEFAULT_OUTPUT);
      // Prisma 7 and `engineType = "client"` compile queries in WebAssembly: no native engine, no OpenSSL.
      if (gen === 'prisma-client-js' && unquote(get('engineType')) !== 'client' && (major === undefined || major < 7)) nativeEngine = true;
    }
  }
  // `engine: 'js'` (Prisma 6): migrate runs the wasm schema engine through the config's adapter, and the CLI fetches nothing.
  const schemaEngine = config && /\bengine\s*:\s*['"]js['"]/.test(config.text) ? 'wasm' : 'native';
  const buildEnv = [...new Set([...(config?.text ?? '').matchAll(/\benv\(\s*['"]([A-Za-z_]\w*)['"]\s*\)/g)].map((m) => m[1]!))]
    .map((name) => ({ name, value: PLACEHOLDER_URLS[provider ?? ''] ?? PLACEHOLDER_URLS.postgresql! }));
  return {
    schema: located.schema,
    schemaFrom: located.from,
    provider,
    buildEnv,
    generate: 'prisma' in deps ? [...generateEnv(buildEnv, !nativeEngine && schemaEngine === 'native'), 'node_modules/.bin/prisma', 'generate'] : null,
    outputs: inProject(outputs),
    sourceOutputs: inProject(sourceOutputs),
    nativeEngine,
    skipsEngineFetch: 'prisma' in deps && !nativeEngine && schemaEngine === 'native',
    major: major ?? null,
    configFile: config?.file ?? null,
    migrations: await locateMigrations(fs, config, located.schema, datasourceFile),
    schemaEngine,
    engineFetch: null,
    runtimeFiles: [],
  };
}

/**
 * `/usr/bin/env NAME=value ...` before generate. Without a native query engine, generate needs no binary, yet the CLI
 * fetches the native schema engine before every command from Prisma's own host; naming an existing file in
 * PRISMA_SCHEMA_ENGINE_BINARY (Prisma's override for custom engines) skips that fetch, and generate never runs it.
 */
function generateEnv(buildEnv: { name: string; value: string }[], skipSchemaEngine: boolean): string[] {
  const vars = [...buildEnv, ...(skipSchemaEngine ? [{ name: 'PRISMA_SCHEMA_ENGINE_BINARY', value: '/bin/false' }] : [])];
  return vars.length ? ['/usr/bin/env', ...vars.map((e) => `${e.name}=${e.value}`)] : [];
}

/** Well-formed connection strings that reach nothing, for build steps that only parse them. */
const PLACEHOLDER_URLS: Record<string, string> = {
  postgresql: 'postgresql://build@localhost:5432/build',
  postgres: 'postgresql://build@localhost:5432/build',
  cockroachdb: 'postgresql://build@localhost:26257/build',
  mysql: 'mysql://build@localhost:3306/build',
  sqlserver: 'sqlserver://localhost:1433;database=build',
  mongodb: 'mongodb://localhost:27017/build',
  sqlite: 'file:./build.db',
};

const inProject = (dirs: string[]): string[] => [...new Set(dirs)].filter((d) => !d.startsWith('..'));

/** The database client package a Prisma datasource provider stands for in service detection. */
export const PRISMA_PROVIDER_DEPS: Record<string, string> = { postgresql: 'pg', postgres: 'pg', cockroachdb: 'pg', mysql: 'mysql2', mongodb: 'mongodb' };

/** Summary lines: where the schema is, what the build does with it, and what the runtime needs. */
export function prismaNotes(p: PrismaPlan, base: string): string[] {
  const notes = [`prisma schema ${p.schema} (${p.schemaFrom})${p.provider ? `, datasource ${p.provider}` : ''}`];
  const shipped = [...p.outputs, ...p.sourceOutputs.map((o) => `${o}, compiled by the build`)];
  if (p.generate && p.buildEnv.length) notes.push(`prisma config reads ${p.buildEnv.map((e) => e.name).join(', ')} with env(): prisma generate gets a placeholder in the build stage only`);
  if (p.generate) notes.push(`prisma generate runs in the build stage before the build; the runtime gets the generated client (${shipped.join('; ')})`);
  if (p.generate && p.skipsEngineFetch) notes.push('prisma generate needs no native engine (the client compiles queries in WebAssembly): the build skips the CLI\'s schema-engine fetch, so it reaches no download host');
  else if (p.generate && p.nativeEngine) notes.push('prisma generate downloads the native query engine from Prisma\'s own download host during the build');
  else notes.push('prisma: @prisma/client without the prisma CLI: the client cannot be generated in the build; add prisma to devDependencies');
  if (p.nativeEngine) {
    notes.push(base === 'distroless'
      ? 'prisma native query engine: the distroless runtime carries libssl3; set binaryTargets = ["native", "debian-openssl-3.0.x"] if you generate elsewhere'
      : `prisma native query engine: the runtime installs openssl (${base})`);
  }
  return notes;
}
