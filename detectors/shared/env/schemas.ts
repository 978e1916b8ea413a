import type { FoundVar } from './source-reads.js';

const LITERAL = /^(?:'([^'\n]*)'|"([^"\n]*)"|`([^`$\n]*)`|(-?\d+(?:\.\d+)?|true|false))/;

const literal = (text: string): string | undefined => {
  const m = LITERAL.exec(text.trim());
  return m ? (m[1] ?? m[2] ?? m[3] ?? m[4]) : undefined;
};

// A schema entry: `NAME: z.string()...`, `NAME: str({...})` (envalid), `NAME: z.coerce.number()...`.
const JS_ENTRY = /^\s*([A-Z][A-Z0-9_]*)\s*:\s*((?:z\.|str\(|num\(|bool\(|port\(|url\(|host\(|email\(|json\()[\s\S]*)$/;

/**
 * Entries of a zod / @t3-oss/env / envalid schema in one JS/TS file: a `.default(x)` or `{ default: x }` gives the
 * value; `.optional()` or `.nullish()` make it optional; anything else is required (`.nullable()` still rejects an
 * unset variable, and envalid's `devDefault` applies only outside production, which the image is).
 */
export function jsSchemaEntries(text: string, file: string): FoundVar[] {
  if (!/createEnv\(|cleanEnv\(|\bz\s*\.\s*object\(|envsafe\(/.test(text)) return [];
  const lines = text.split(/\r?\n/);
  const out: FoundVar[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = JS_ENTRY.exec(lines[i]!);
    if (!m) continue;
    // The entry runs until the next key line (at most a few lines).
    let body = m[2]!;
    for (let j = i + 1; j < Math.min(lines.length, i + 8) && !/^\s*[A-Za-z_]\w*\s*:/.test(lines[j]!) && !/^\s*[})]/.test(lines[j]!); j++) body += lines[j];
    const def = /\.default\(\s*([^)]*)\)|\bdefault\s*:\s*([^,}]*)/.exec(body);
    const value = def ? literal(def[1] ?? def[2] ?? '') : undefined;
    const optional = Boolean(def) || /\.optional\(\)|\.nullish\(\)/.test(body);
    out.push({ name: m[1]!, source: `${file} (env schema)`, ...(value !== undefined ? { value } : {}), ...(optional ? { optional } : { required: true }) });
  }
  return out;
}

/** The text with its one-line string literals emptied. */
const withoutStrings = (text: string): string => text.replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g, "''");

// A JSON-schema property of @fastify/env / env-schema: `NAME: { type: 'string', default: 'x' }`.
const JSON_SCHEMA_ENTRY = /^\s*['"]?([A-Z][A-Z0-9_]*)['"]?\s*:\s*\{\s*(?:type\s*:|$)/;

/**
 * Properties of a JSON schema over the environment (@fastify/env, env-schema): a `default` gives the value; names in
 * the schema's `required: [...]` without a default are required, the others optional.
 */
export function jsonSchemaEntries(text: string, file: string): FoundVar[] {
  if (!/@fastify\/env|env-schema|envSchema\(/.test(text)) return [];
  const required = new Set([...text.matchAll(/required\s*:\s*\[([^\]]*)\]/g)].flatMap((m) => [...m[1]!.matchAll(/['"]([A-Z][A-Z0-9_]*)['"]/g)].map((n) => n[1]!)));
  const lines = text.split(/\r?\n/);
  const out: FoundVar[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = JSON_SCHEMA_ENTRY.exec(lines[i]!);
    if (!m) continue;
    let body = lines[i]!;
    // The entry ends at a closing brace outside its strings (a `pattern: '^.{2}$'` holds one); line by line, as a
    // string never spans lines and a quote in a comment (`// the user's folder`) must not pair with the next line's.
    let closed = withoutStrings(body).includes('}');
    for (let j = i + 1; j < Math.min(lines.length, i + 6) && !closed; j++) {
      body += lines[j];
      closed = withoutStrings(lines[j]!).includes('}');
    }
    if (!/\{\s*type\s*:/.test(body)) continue;
    const def = /\bdefault\s*:\s*([^,}]*)/.exec(body);
    const value = def ? literal(def[1]!) : undefined;
    out.push({ name: m[1]!, source: `${file} (env schema)`, ...(value !== undefined ? { value } : {}), ...(!def && required.has(m[1]!) ? { required: true } : { optional: true }) });
  }
  return out;
}

/**
 * Fields of pydantic `BaseSettings` classes in one Python file, as the variables they read (upper-cased, with the
 * class's `env_prefix`): a literal default gives the value, `= None` or any other default makes it optional; no
 * default, or `Field(...)`, makes it required.
 */
export function pydanticSettings(text: string, file: string): FoundVar[] {
  if (!text.includes('BaseSettings')) return [];
  const out: FoundVar[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    if (!/^class\s+\w+\s*\([^)]*BaseSettings[^)]*\)\s*:/.test(lines[i]!)) continue;
    const body: string[] = [];
    for (let j = i + 1; j < lines.length && (/^\s/.test(lines[j]!) || lines[j]!.trim() === ''); j++) body.push(lines[j]!);
    const prefix = /env_prefix\s*=\s*['"](\w*)['"]/.exec(body.join('\n'))?.[1] ?? '';
    const indent = /^(\s+)\S/.exec(body.find((l) => l.trim() !== '') ?? '')?.[1] ?? '    ';
    for (const line of body) {
      if (!line.startsWith(indent) || /^\s/.test(line.slice(indent.length))) continue;
      const f = /^([a-zA-Z_]\w*)\s*:\s*([^=]+?)\s*(?:=\s*(.+?))?\s*(?:#.*)?$/.exec(line.slice(indent.length));
      if (!f || f[1] === 'model_config' || /^ClassVar/.test(f[2]!)) continue;
      const name = `${prefix}${f[1]}`.toUpperCase();
      const fieldDefault = f[3] ? /^Field\(\s*(?:default\s*=\s*)?([^,)]*)/.exec(f[3])?.[1] : undefined;
      // `Field(...)` / `Field(default=...)`: pydantic's marker for "no default".
      const def = fieldDefault?.trim() === '...' ? undefined : f[3];
      const value = def ? literal(fieldDefault ?? def) : undefined;
      const secret = /Secret(Str|Bytes)/.test(f[2]!);
      out.push({ name, source: `${file} (pydantic BaseSettings${secret ? ', secret' : ''})`, ...(value !== undefined && value !== '' ? { value } : {}), ...(def === undefined ? { required: true } : { optional: true }) });
    }
  }
  return out;
}
