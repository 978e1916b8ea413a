import type { SourceText } from '../shared/health-route.js';
import { isAppPortName, type PortFinding } from '../shared/env/port.js';
import { enclosingType, envPrefixes, FIELD_TAG as TAG, TAG_PAIR } from '../shared/env/go-struct-tags.js';

/**
 * The app's port variable as a Go settings package declares it, outside the main package (config/, internal/...):
 * 1. `port := os.Getenv("APP_PORT")` with a literal fallback (`if port == "" { port = "9000" }`, `cmp.Or`);
 * 2. a struct field whose tag names the variable and its default: `env:"APP_PORT" default:"80"` (configor,
 *    cleanenv `env-default`, caarlos0/env `envDefault`), `envconfig:"PORT" default:"80"` (with the prefix of
 *    `envconfig.Process("app", ...)`, APP_PORT; caarlos0/env `envPrefix:"HTTP_"` on a nested struct, HTTP_PORT);
 * 3. a constant holding the name (`EnvServerPort = "APP_SERVER_PORT"`) passed to a call elsewhere, with the
 *    default in a struct literal beside that call (`Port: 80`, `HTTPPort: 80`; never `DBPort: 5432`).
 * A variable found without a default gets 8080 (the variable is set either way).
 */

/** Used when the app names its port variable but gives it no default. */
const NO_DEFAULT = 8080;

const GETENV_FALLBACK = /(\w+)\s*:?=\s*os\.(?:Getenv|LookupEnv)\(\s*"([A-Z][A-Z0-9_]*)"\s*\)\s*\n\s*if\s+\1\s*==\s*""\s*\{\s*\1\s*=\s*"(?:[\w.-]*:)?(\d{2,5})"/g;
const CMP_OR = /cmp\.Or\(\s*os\.Getenv\(\s*"([A-Z][A-Z0-9_]*)"\s*\)\s*,\s*"(?:[\w.-]*:)?(\d{2,5})"/g;
const NAME_KEYS = ['env', 'envconfig'];
const DEFAULT_KEYS = ['default', 'envDefault', 'env-default'];
const ENVCONFIG_PREFIX = /envconfig\.(?:Process|MustProcess)\(\s*"(\w+)"/;
// The default beside the call: a struct literal's `Port: 80` (the first, the plain listener before a TLS one). Only a
// field named for the app's own listener counts, never `DBPort: 5432`, nor any field inside a `Postgres{...}` literal.
const STRUCT_PORT = /\b(?:HTTP|Http|HTTPS|Https|Server|Listen|App|API|Api|Web)?Port\s*:\s*(\d{2,5})\b/g;
const SERVICE_LITERAL = /\b(?:DB|Db|Database|Redis|Postgres|Pg|PG|Mysql|MySQL|Mongo|SMTP|Smtp|Mail)\w*\s*(?::\s*&?[\w.]*)?\s*\{[^{}]*$/;
const CONSTANT = /\b(\w+)\s*:?=\s*"([A-Z][A-Z0-9_]*_PORT)"/g;

const port = (v: string | undefined): number | undefined => {
  const n = Number(v);
  return v !== undefined && /^\d{1,5}$/.test(v) && n >= 1 && n <= 65535 ? n : undefined;
};

function fromGetenv(sources: SourceText[]): PortFinding | undefined {
  for (const { file, text } of sources) {
    for (const m of text.matchAll(GETENV_FALLBACK)) if (isAppPortName(m[2]!) && port(m[3])) return { name: m[2]!, value: port(m[3])!, file };
    for (const m of text.matchAll(CMP_OR)) if (isAppPortName(m[1]!) && port(m[2])) return { name: m[1]!, value: port(m[2])!, file };
  }
  return undefined;
}

function fromTags(sources: SourceText[]): PortFinding | undefined {
  const prefix = sources.map((s) => ENVCONFIG_PREFIX.exec(s.text)?.[1]).find(Boolean)?.toUpperCase();
  const nested = envPrefixes(sources.map((s) => s.text));
  for (const { file, text } of sources) {
    for (const t of text.matchAll(TAG)) {
      const pairs = new Map([...t[1]!.matchAll(TAG_PAIR)].map((p) => [p[1]!, p[2]!]));
      const key = NAME_KEYS.find((k) => pairs.get(k));
      if (!key) continue;
      const raw = pairs.get(key)!.split(',')[0]!;
      const name = key === 'envconfig' && prefix ? `${prefix}_${raw}` : `${key === 'env' ? (nested.get(enclosingType(text, t.index)) ?? '') : ''}${raw}`;
      if (!isAppPortName(name)) continue;
      const value = DEFAULT_KEYS.map((k) => pairs.get(k)).find((v) => v !== undefined);
      return { name, value: port(value) ?? NO_DEFAULT, file };
    }
  }
  return undefined;
}

/** The first app-listener `Port: N` of a struct literal in `text`, outside a database's or mailer's literal. */
function structPort(text: string): number | undefined {
  for (const m of text.matchAll(STRUCT_PORT)) if (!SERVICE_LITERAL.test(text.slice(Math.max(0, m.index - 300), m.index))) return port(m[1]);
  return undefined;
}

function fromConstant(sources: SourceText[]): PortFinding | undefined {
  for (const decl of sources) {
    for (const c of decl.text.matchAll(CONSTANT)) {
      if (!isAppPortName(c[2]!)) continue;
      // Passed as an argument somewhere: `os.Getenv(EnvServerPort)`, `parseInt(&c.Port, config.EnvServerPort)`.
      const use = new RegExp(String.raw`[(,]\s*(?:\w+\.)?${c[1]}\s*[),]`);
      const users = sources.filter((s) => use.test(s.text));
      if (users.length === 0) continue;
      const withDefault = users.map((u) => ({ u, value: structPort(u.text) })).find((x) => x.value !== undefined);
      return { name: c[2]!, value: withDefault?.value ?? NO_DEFAULT, file: (withDefault?.u ?? users[0]!).file };
    }
  }
  return undefined;
}

/** The port variable (and default) a settings package gives, in the order above, or undefined. */
export function configPort(sources: SourceText[]): PortFinding | undefined {
  return fromGetenv(sources) ?? fromTags(sources) ?? fromConstant(sources);
}

/** Below this a port needs privileges the image's non-root user lacks outside Docker (e.g. in Kubernetes). */
const FIRST_UNPRIVILEGED = 1024;

/**
 * The port to set when the app reads it from a variable: its default, unless that is a privileged port (80), in which
 * case 8080, with the note saying so; a literal port is the app's to change.
 */
export function unprivilegedPort(found: PortFinding): { value: number; note?: string } {
  if (found.name === undefined || found.value >= FIRST_UNPRIVILEGED) return { value: found.value };
  return { value: 8080, note: `its default ${found.value} is a privileged port and the image runs as non-root, so $${found.name} is set to 8080` };
}
