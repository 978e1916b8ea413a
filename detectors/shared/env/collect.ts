import type { ProjectFs } from '../../../src/fs/project-fs.js';
import { readEnvExamples } from './env-files.js';
import { jsSchemaEntries, jsonSchemaEntries, pydanticSettings } from './schemas.js';
import { readsInText, sourceFiles, springConfigFiles, springPlaceholders, type FoundVar } from './source-reads.js';
import { isPlatformVariable, isSecretName, looksLikePlaceholder } from './classify.js';

/** One variable the app reads, merged over every place it was found. */
export interface AppVariable {
  name: string;
  /** The example or default value (never from a real `.env`); absent when no source gives one. */
  value?: string;
  /** The app needs it set: its example file lists it or a schema / strict read requires it, and no default exists. */
  required: boolean;
  /** A credential by its name. */
  secret: boolean;
  /** Set by the platform or image (PORT, NODE_ENV, ...), not app configuration; kept for readers such as the port. */
  platform: boolean;
  /** Every place it was found, in source order. */
  sources: string[];
}

const MAX_BYTES = 256 * 1024;

/**
 * Collects the variables the app reads, from these sources in this order (the first value found wins):
 * 1. its example env files (.env.example, .env.sample, example.env, .env.template, ...; never `.env`),
 * 2. env schemas: zod / @t3-oss/env / envalid / @fastify/env (JSON schema) in JS/TS, pydantic `BaseSettings` in Python,
 * 3. reads in the source: process.env.X / Bun.env.X, os.getenv / os.environ, os.Getenv, std::env::var,
 *    System.getenv, and `${VAR}` / `${VAR:default}` in Spring's default application.properties / .yml.
 */
export async function collectAppVariables(fs: ProjectFs, stack: string): Promise<AppVariable[]> {
  const found: FoundVar[] = [];
  for (const f of await readEnvExamples(fs)) {
    for (const v of f.vars) found.push({ name: v.name, source: f.file, ...(looksLikePlaceholder(v.value) ? { required: true } : { value: v.value }) });
  }
  const reads: FoundVar[] = [];
  for (const { file, lang } of await sourceFiles(fs, stack)) {
    const text = await fs.readText(file).catch(() => undefined);
    if (text === undefined || text.length > MAX_BYTES) continue;
    if (lang === 'js') found.push(...jsSchemaEntries(text, file), ...jsonSchemaEntries(text, file));
    if (lang === 'py') found.push(...pydanticSettings(text, file));
    reads.push(...readsInText(text, lang, file));
  }
  if (stack === 'java') for (const file of await springConfigFiles(fs)) reads.push(...springPlaceholders((await fs.readText(file)) ?? '', file));
  return merge([...found, ...reads]);
}

function merge(found: FoundVar[]): AppVariable[] {
  const byName = new Map<string, { value?: string; required: boolean; sources: string[] }>();
  for (const f of found) {
    const cur = byName.get(f.name) ?? { required: false, sources: [] };
    if (cur.value === undefined && f.value !== undefined) cur.value = f.value;
    cur.required ||= Boolean(f.required);
    if (!cur.sources.includes(f.source)) cur.sources.push(f.source);
    byName.set(f.name, cur);
  }
  return [...byName].map(([name, v]) => ({
    name,
    ...(v.value !== undefined ? { value: v.value } : {}),
    required: v.required && v.value === undefined,
    secret: isSecretName(name) || v.sources.some((s) => s.includes(', secret)')),
    platform: isPlatformVariable(name),
    sources: v.sources,
  }));
}
