import type { FoundVar } from './source-reads.js';
import type { ConnectionRole, RoleRead } from './connection-roles.js';
import { TAG_PAIR } from './go-struct-tags.js';

/**
 * ardanlabs/conf settings: `conf.Parse(prefix, &cfg)` (v2, v3; v1's `conf.Parse(os.Args[1:], prefix, &cfg)`) reads
 * every exported field of the struct `cfg` from PREFIX_<NESTED>_<FIELD>, each name split at its camel-case words
 * (`DB struct { MaxIdleConns int }` under "SALES" -> SALES_DB_MAX_IDLE_CONNS, `APIHost` -> API_HOST), or from
 * PREFIX_<env> with a `conf:"env:NAME"` option. `default:v` gives the value, `required` requires it, `mask` and
 * `noprint` say it is a secret, `conf:"-"` leaves the field out. Embedded types (conf.Version) are not followed.
 */
export function ardanlabsConfVars(text: string, file: string): { vars: FoundVar[]; roles: RoleRead[] } {
  const none = { vars: [], roles: [] };
  if (!/"github\.com\/ardanlabs\/conf(?:\/v\d+)?"/.test(text)) return none;
  const vars: FoundVar[] = [];
  const roles: RoleRead[] = [];
  for (const call of text.matchAll(/\bconf\.Parse\(\s*(?:os\.Args\[1:\]\s*,\s*)?("[^"\n]*"|[A-Za-z_]\w*)\s*,\s*&(\w+)/g)) {
    const prefix = call[1]!.startsWith('"') ? call[1]!.slice(1, -1) : constantValue(text, call[1]!);
    const body = prefix === undefined ? undefined : structBody(text, call[2]!);
    if (body === undefined) continue;
    for (const f of fields(body, text)) {
      const name = [prefix, ...f.key].filter(Boolean).join('_').toUpperCase().replace(/-/g, '_');
      if (!/^[A-Z][A-Z0-9_]*$/.test(name) || vars.some((v) => v.name === name)) continue;
      const source = `${file} (ardanlabs/conf${f.secret ? ', secret' : ''})`;
      vars.push({ name, source, ...(f.value !== undefined ? { value: f.value, optional: true } : f.required ? { required: true } : {}) });
      const role = ROLES[f.key.join('_').toUpperCase()];
      if (role) roles.push({ name, role, source });
    }
  }
  return { vars, roles };
}

// The usual nested database settings (`DB struct { User, Password, Host, Name }`): the part each one carries.
const ROLES: Record<string, ConnectionRole> = {
  DB_USER: 'user', DB_PASSWORD: 'password', DB_HOST: 'host', DB_NAME: 'db', DB_PORT: 'port',
  DATABASE_USER: 'user', DATABASE_PASSWORD: 'password', DATABASE_HOST: 'host', DATABASE_NAME: 'db', DATABASE_PORT: 'port',
};

/** `const prefix = "SALES"` / `prefix := "SALES"` / `var prefix = "SALES"` in the same file. */
function constantValue(text: string, ident: string): string | undefined {
  return new RegExp(`\\b${ident}\\s*(?:string\\s*)?:?=\\s*"([^"\\n]*)"`).exec(text)?.[1];
}

/** The text inside the braces of `cfg`'s struct: `cfg := struct {...}{...}`, `var cfg struct {...}`, or a named type. */
function structBody(text: string, ident: string): string | undefined {
  const literal = new RegExp(`\\b${ident}\\s*(?::=|=|\\s)\\s*struct\\s*\\{`).exec(text);
  if (literal) return braced(text, literal.index + literal[0].length);
  const typed = new RegExp(`\\b(?:var\\s+${ident}\\s+&?|${ident}\\s*:?=\\s*&?)(\\w+)\\s*(?:\\{|$)`, 'm').exec(text);
  const decl = typed ? new RegExp(`\\btype\\s+${typed[1]}\\s+struct\\s*\\{`).exec(text) : null;
  return decl ? braced(text, decl.index + decl[0].length) : undefined;
}

/** From just after an opening brace to its matching one, skipping braces in strings and backquoted tags. */
function braced(text: string, from: number): string | undefined {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '`' || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) return undefined;
      i = end;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return text.slice(from, i);
  }
  return undefined;
}

interface ConfField {
  key: string[];
  value?: string;
  required: boolean;
  secret: boolean;
}

/**
 * The settable fields of a struct body, nested struct names heading their fields' keys; a field of a struct type
 * declared in the same file is followed like a nested struct.
 */
function fields(body: string, text: string, outer: string[] = [], depth = 0): ConfField[] {
  const out: ConfField[] = [];
  const stack: string[][] = [outer];
  for (const raw of body.split('\n')) {
    const line = withoutComment(raw).trim();
    if (line === '') continue;
    if (line.startsWith('}')) { stack.pop(); continue; }
    const nested = /^([A-Z]\w*)\s+struct\s*\{$/.exec(line);
    if (nested) { stack.push(camelSplit(nested[1]!)); continue; }
    if (/^[a-z]\w*\s+struct\s*\{$/.test(line)) { stack.push(['-']); continue; }
    const m = /^([A-Z]\w*(?:\s*,\s*[A-Z]\w*)*)\s+([\w.[\]*]+)(?:\s+`([^`]*)`)?$/.exec(line);
    if (!m || stack.some((s) => s[0] === '-')) continue;
    const named = /^\*?(\w+)$/.exec(m[2]!)?.[1];
    const inner = named && depth < 4 ? new RegExp(`\\btype\\s+${named}\\s+struct\\s*\\{`).exec(text) : null;
    if (inner) {
      const innerBody = braced(text, inner.index + inner[0].length);
      for (const name of m[1]!.split(',').map((n) => n.trim())) if (innerBody !== undefined) out.push(...fields(innerBody, text, [...stack.flat(), ...camelSplit(name)], depth + 1));
      continue;
    }
    const tag = new Map([...(m[3] ?? '').matchAll(TAG_PAIR)].map((p) => [p[1]!, p[2]!])).get('conf') ?? '';
    if (tag === '-') continue;
    const opts = tag.split(',').map((o) => o.split(/:(.*)/s) as [string, string?]);
    const opt = (k: string): string | undefined => opts.find(([n, v]) => n === k && v !== undefined)?.[1]?.trim();
    const flag = (k: string): boolean => opts.some(([n, v]) => n === k && v === undefined);
    for (const name of m[1]!.split(',').map((s) => s.trim())) {
      const env = opt('env');
      out.push({
        key: env ? env.split('_') : [...stack.flat(), ...camelSplit(name)],
        ...(opt('default') !== undefined ? { value: opt('default') } : {}),
        required: flag('required'),
        secret: flag('mask') || flag('noprint'),
      });
    }
  }
  return out;
}

/** A line without its `//` comment; `//` inside a tag or string (`default:http://auth:6000`) is no comment. */
function withoutComment(line: string): string {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) { if (c === quote) quote = ''; } else if (c === '`' || c === '"') quote = c;
    else if (c === '/' && line[i + 1] === '/') return line.slice(0, i);
  }
  return line;
}

type CharClass = 'lower' | 'upper' | 'number' | 'other';
const charClass = (c: string): CharClass => (/\p{Ll}/u.test(c) ? 'lower' : /\p{Lu}/u.test(c) ? 'upper' : /\p{N}/u.test(c) ? 'number' : 'other');

/**
 * conf's word split of a field name: at each change of character class, an upper-case run keeping its last letter
 * for the next word (`APIHost` -> API, Host; `MaxIdleConns` -> Max, Idle, Conns; `S3Bucket` -> S, 3, Bucket).
 */
export function camelSplit(src: string): string[] {
  const runes = [...src];
  if (runes.length < 2) return runes.length ? [src] : [];
  const out: string[] = [];
  let last = charClass(runes[0]!);
  let start = 0;
  runes.forEach((r, i) => {
    const cls = charClass(r);
    if (cls !== last) {
      if (last === 'upper' && cls !== 'number') {
        if (i - start > 1) { out.push(runes.slice(start, i - 1).join('')); start = i - 1; }
      } else { out.push(runes.slice(start, i).join('')); start = i; }
    }
    if (i === runes.length - 1) out.push(runes.slice(start).join(''));
    last = cls;
  });
  return out;
}
