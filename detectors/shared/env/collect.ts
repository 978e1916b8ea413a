import type { ProjectFs } from '../../../src/fs/project-fs.js';
import { readEnvExamples } from './env-files.js';
import { jsSchemaEntries, jsonSchemaEntries, pydanticSettings } from './schemas.js';
import { classValidatorFields } from './class-validator.js';
import { goStructTagVars } from './go-struct-tags.js';
import { ardanlabsConfVars } from './go-ardanlabs-conf.js';
import { readsInText, sourceFiles, springConfigFiles, springPlaceholders, type FoundVar } from './source-reads.js';
import { jsEnvFacts } from './js-conditions.js';
import { isPlatformVariable, isSecretName, looksLikePlaceholder } from './classify.js';
import { djangoDatabaseRoles, type ConnectionRole } from './connection-roles.js';
import { readSequelizeConfig } from './sequelize-roles.js';

/** One variable the app reads, merged over every place it was found. */
export interface AppVariable {
  name: string;
  /** The example or default value (never from a real `.env`); absent when no source gives one. */
  value?: string;
  /** The user must set it ({@link isRequired}): compose refuses to start without it. */
  required: boolean;
  /** A credential by its name. */
  secret: boolean;
  /** Set by the platform or image (PORT, NODE_ENV, ...), not app configuration; kept for readers such as the port. */
  platform: boolean;
  /** The code refuses to start without it (a required schema field or struct tag, `os.environ["X"]`). */
  requiredByCode?: true;
  /** The part of the SQL connection the code fills with it (Django's `DATABASES` keys), whatever its name. */
  role?: ConnectionRole;
  /** Every place it was found, in source order. */
  sources: string[];
}

const MAX_BYTES = 256 * 1024;

/**
 * Collects the variables the app reads, from these sources in this order (the first value found wins):
 * 1. its example env files (.env.example, .env.sample, example.env, .env.template, ...; never `.env`); what an
 *    earlier run of ours wrote there (our .env.example, the block appended to theirs) comes last of all and only
 *    adds the variables no other source names,
 * 2. env schemas: zod / @t3-oss/env / envalid / @fastify/env (JSON schema) / class-validator in JS/TS, pydantic
 *    `BaseSettings` in Python, settings-struct tags in Go (caarlos0/env, cleanenv, envconfig), ardanlabs/conf's
 *    prefixed struct (`conf.Parse("SALES", &cfg)`: SALES_DB_HOST),
 * 3. reads in the source: process.env.X / Bun.env.X, os.getenv / os.environ, os.Getenv, std::env::var,
 *    System.getenv, `${VAR}` / `${VAR:default}` in Spring's default application.properties / .yml, and the
 *    variables sequelize-cli's config reads for production (`use_env_variable`, `process.env.X` fields).
 * In JS/TS, the syntax tree adds: a read only under a condition on another variable (`if (process.env.STORAGE ===
 * 's3')`) is optional; a zod refinement that adds an issue for X when NODE_ENV is production makes X required.
 * `otherEntries`: directories of entry points that are not built (Go's other main packages): their reads are not the
 * app's (an admin tool's listen address must not reach the API's compose service).
 */
export async function collectAppVariables(fs: ProjectFs, stack: string, otherEntries: readonly string[] = []): Promise<AppVariable[]> {
  const found: FoundVar[] = [];
  const generated: FoundVar[] = [];
  const entry = (file: string, v: { name: string; value: string }): FoundVar => ({ name: v.name, source: file, ...(looksLikePlaceholder(v.value) ? { placeholder: true } : { value: v.value }) });
  for (const f of await readEnvExamples(fs)) {
    found.push(...f.vars.map((v) => entry(f.file, v)));
    generated.push(...f.generated.map((v) => entry(f.file, v)));
  }
  const reads: FoundVar[] = [];
  const roles = new Map<string, ConnectionRole>();
  for (const { file, lang } of await sourceFiles(fs, stack)) {
    if (otherEntries.some((dir) => file.startsWith(`${dir}/`))) continue;
    const text = await fs.readText(file).catch(() => undefined);
    if (text === undefined || text.length > MAX_BYTES) continue;
    const facts = lang === 'js' ? await jsEnvFacts(text, file) : undefined;
    if (lang === 'js') found.push(...jsSchemaEntries(text, file), ...jsonSchemaEntries(text, file), ...classValidatorFields(text, file));
    for (const name of facts?.productionRequired ?? []) found.push({ name, source: `${file} (required in production by a refinement)`, required: true });
    if (lang === 'py') found.push(...pydanticSettings(text, file));
    if (lang === 'py') for (const r of djangoDatabaseRoles(text, file)) if (!roles.has(r.name)) roles.set(r.name, r.role);
    if (lang === 'go') found.push(...goStructTagVars(text, file));
    if (lang === 'go') {
      const conf = ardanlabsConfVars(text, file);
      found.push(...conf.vars);
      for (const r of conf.roles) if (!roles.has(r.name)) roles.set(r.name, r.role);
    }
    reads.push(...readsInText(text, lang, file, facts?.guarded));
  }
  if (stack === 'java') for (const file of await springConfigFiles(fs)) reads.push(...springPlaceholders((await fs.readText(file)) ?? '', file));
  // sequelize-cli reads the variable its config names (`use_env_variable`) with no process.env read in the source.
  if (stack === 'node') {
    for (const r of (await readSequelizeConfig(fs))?.roles ?? []) {
      reads.push({ name: r.name, source: r.source, required: true });
      if (!roles.has(r.name)) roles.set(r.name, r.role);
    }
  }
  // What an earlier run wrote into an example env file only repeats what these sources said then: read first, it
  // reordered the variables and kept stale defaults, so a re-run of an unchanged project changed compose. It names a
  // variable only when nothing else does (one the user added to our .env.example).
  const known = new Set([...found, ...reads].map((v) => v.name));
  const added = generated.filter((v) => !known.has(v.name));
  return merge([...found, ...reads, ...added]).map((v) => (roles.has(v.name) ? { ...v, role: roles.get(v.name)! } : v));
}

/**
 * Whether the user must set the variable, from what the app's own code says first and from its name last:
 * 1. the code fails without it (a schema field neither optional nor defaulted, `os.environ["X"]`, `${X}` in Spring,
 *    a zod refinement demanding it in production):
 *    required, unless a value exists to give it (never for a secret: an example value is no credential);
 * 2. else the code reads it with a default or marks it optional (`os.getenv("X", "")`, `env("X", default=...)`,
 *    `process.env.X ?? ...`, zod `.optional()`, `@IsOptional()`, a JS read only under a condition on the
 *    environment): optional, even when the name looks secret, except
 *    a secret-like name with a non-empty default (a development key published in the source, which compose must not
 *    carry as a fallback: the `compose-literal-secret` audit rule), which stays required;
 * 3. else (plain reads, example files) a secret-like name, or one the example file leaves empty with no value from
 *    elsewhere, is required.
 */
export function isRequired(v: { secret: boolean; value?: string; codeRequires: boolean; codeDefaults: boolean; listedEmpty: boolean }): boolean {
  if (v.codeRequires) return v.secret || v.value === undefined;
  if (v.codeDefaults) return v.secret && v.value !== undefined && v.value !== '';
  return v.secret || (v.listedEmpty && v.value === undefined);
}

function merge(found: FoundVar[]): AppVariable[] {
  const byName = new Map<string, { value?: string; codeRequires: boolean; codeDefaults: boolean; listedEmpty: boolean; sources: string[] }>();
  for (const f of found) {
    const cur = byName.get(f.name) ?? { codeRequires: false, codeDefaults: false, listedEmpty: false, sources: [] };
    if (cur.value === undefined && f.value !== undefined) cur.value = f.value;
    cur.codeRequires ||= Boolean(f.required);
    cur.codeDefaults ||= Boolean(f.optional);
    cur.listedEmpty ||= Boolean(f.placeholder);
    if (!cur.sources.includes(f.source)) cur.sources.push(f.source);
    byName.set(f.name, cur);
  }
  return [...byName].map(([name, v]) => {
    const secret = isSecretName(name) || v.sources.some((s) => s.includes(', secret)'));
    return {
      name,
      ...(v.value !== undefined ? { value: v.value } : {}),
      required: isRequired({ ...v, secret }),
      secret,
      platform: isPlatformVariable(name),
      ...(v.codeRequires ? { requiredByCode: true as const } : {}),
      sources: v.sources,
    };
  });
}
