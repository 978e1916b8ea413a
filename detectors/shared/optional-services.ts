import type { SourceText } from './health-route.js';
import type { ServiceName } from './services.js';

/**
 * Backing services the app only uses when their variable is set: a cache or queue whose client module tests its URL
 * for presence (`const enabled = !!process.env.REDIS_URL`, `if (process.env.REDIS_URL)`, `process.env.REDIS_URL ?
 * new Redis(...) : null`, `if os.environ.get("REDIS_URL"):`, `if os.Getenv("REDIS_URL") != ""`) runs without it, so
 * compose does not start one by default. A guard that fails without the variable (`if (!process.env.REDIS_URL)
 * throw`, `raise`, `log.Fatal`) makes it required, and a read with a fallback (`|| 'redis://localhost'`,
 * `os.environ.get("REDIS_URL", "redis://...")`) is always used. Only the connection variable counts (not
 * `REDIS_PASSWORD`), and an `if` must construct the client in its branch. Only files that import the client are read. Databases are left alone: a presence test of
 * DATABASE_URL usually picks between two ways of configuring the same database.
 */

/** How a file imports a client of the service, per language. */
const CLIENT_IMPORT: Partial<Record<ServiceName, RegExp>> = {
  redis: /(?:from\s+|require\(\s*|import\(\s*)['"](?:redis|ioredis|@redis\/client)['"]|^\s*(?:import\s+redis\b|from\s+redis(?:\.\w+)?\s+import\b)|['"]django_redis\.cache\.RedisCache['"]|"github\.com\/(?:redis\/go-redis\/v9|go-redis\/redis\/v8|gomodule\/redigo\/redis)"/m,
};

/**
 * The variable that says where the service is (its URL, host, address): only its presence can switch the client on.
 * `REDIS_PASSWORD`, `REDIS_TLS`, `REDIS_PREFIX`, `REDIS_DB`, `REDIS_PORT` tune a client that is created either way.
 */
const SERVICE_VAR: Partial<Record<ServiceName, string>> = {
  redis: '[A-Z0-9_]*REDIS[A-Z0-9_]*_(?:URL|URI|DSN|HOST|HOSTNAME|ADDR|ADDRS|ADDRESS|ENDPOINT|SERVER|SERVERS)',
};

/** How a file constructs a client (of any of the services above): what a guarded branch must hold. */
const CONSTRUCTS = /\bnew\s+[A-Z]\w*|\b(?:createClient|createCluster|Redis|StrictRedis|from_url|NewClient|NewClusterClient|NewFailoverClient|NewUniversalClient|Dial|DialURL|NewPool)\s*\(|\bRedisCache\b/;

const js = (v: string): string => String.raw`(?:process|Bun)\.env(?:\.${v}\b|\[['"]${v}['"]\])`;
// A read without a default, or with an empty one: a non-empty default is always set, so testing it tests nothing.
const py = (v: string): string => String.raw`(?:os\.(?:environ\.get|getenv)\(\s*['"]${v}['"]\s*(?:,\s*(?:None|''|""))?\s*\)|os\.environ\[\s*['"]${v}['"]\s*\]|\b${v}\b)`;
const go = (v: string): string => String.raw`os\.Getenv\(\s*"${v}"\s*\)`;

/**
 * Presence tests of the variable. `guard`: the test opens a branch (`if (...)`, `if ...:`) that must construct the
 * client, else it only tunes options of a client made anyway. The other forms construct it in the test itself, return
 * early, or set a flag (`!!process.env.REDIS_URL`) the code can't follow.
 */
function presenceTests(v: string): { re: RegExp; guard?: 'braces' | 'indent' }[] {
  const J = js(v);
  const open = (s: string, guard?: 'braces' | 'indent') => ({ re: new RegExp(s, 'g'), ...(guard ? { guard } : {}) });
  return [
    open(String.raw`!!\s*${J}`), open(String.raw`Boolean\(\s*${J}\s*\)`),
    open(String.raw`\bif\s*\(\s*${J}\s*\)`, 'braces'),
    open(String.raw`\bif\s*\(\s*!\s*${J}\s*\)\s*\{?\s*return\b`),
    open(String.raw`${J}\s*\?(?!\?)\s*(?:await\s+)?(?:new\s+)?[\w.]+\s*\((?:[^()]|\([^()]*\))*\)\s*:\s*(?:null|undefined|false)\b`),
    open(String.raw`${J}\s*&&\s*(?:new\s+\w|\w+\()`),
    open(String.raw`\bif\s+${py(v)}\s*(?:is\s+not\s+None\s*)?:`, 'indent'), open(String.raw`\bif\s+not\s+${py(v)}\s*:\s*\n\s*return\b`),
    open(String.raw`\bif\s+(?:\w+\s*:=\s*)?${go(v)}\s*!=\s*""`, 'braces'), open(String.raw`\bif\s+\w+\s*:=\s*${go(v)}\s*;\s*\w+\s*!=\s*""`, 'braces'),
  ];
}

/** Guards that stop the app without the variable: it is required. */
function failsWithout(v: string): RegExp {
  return new RegExp([
    String.raw`\bif\s*\(\s*!\s*${js(v)}\s*\)\s*\{?\s*(?:throw|process\.exit)\b`,
    String.raw`\bif\s+not\s+${py(v)}\s*:\s*\n\s*(?:raise|sys\.exit)\b`,
    String.raw`\bif\s+${go(v)}\s*==\s*""\s*\{\s*(?:log\.Fatal|panic)`,
  ].join('|'));
}

/** The variable read with a non-empty fallback anywhere in the file: the client always has somewhere to connect. */
function hasFallback(name: string, text: string): boolean {
  const lit = String.raw`(?:'[^'\n]+'|"[^"\n]+"|\x60[^\x60\n]+\x60)`;
  return [
    String.raw`${js(name)}\s*(?:\|\||\?\?)\s*${lit}`,
    String.raw`os\.(?:environ\.get|getenv)\(\s*['"]${name}['"]\s*,\s*(?:default\s*=\s*)?${lit}`,
    String.raw`os\.(?:environ\.get|getenv)\(\s*['"]${name}['"]\s*\)\s*or\s+${lit}`,
    String.raw`^\s*${name}\s*(?::\s*[\w.[\]| ]+)?=\s*${lit}`,
    String.raw`cmp\.Or\(\s*${go(name)}\s*,\s*${lit}`,
  ].some((s) => new RegExp(s, 'm').test(text));
}

/** The branch a guard ending at `end` opens: a `{ ... }` block or one statement; or the lines indented under `if ...:`. */
function guardedBranch(text: string, start: number, end: number, kind: 'braces' | 'indent'): string {
  if (kind === 'indent') {
    const sameLine = text.slice(end, text.indexOf('\n', end) === -1 ? text.length : text.indexOf('\n', end));
    if (sameLine.trim()) return sameLine;
    const indent = /^[ \t]*/.exec(text.slice(text.lastIndexOf('\n', start) + 1))![0].length;
    const lines = text.slice(end).split('\n').slice(1);
    const outside = lines.findIndex((l) => l.trim() && /^[ \t]*/.exec(l)![0].length <= indent);
    return (outside === -1 ? lines : lines.slice(0, outside)).join('\n');
  }
  const rest = text.slice(end);
  const brace = /^\s*\{/.exec(rest);
  if (!brace) return rest.slice(0, rest.search(/[;\n]|$/));
  let depth = 0;
  for (let i = brace[0].length - 1; i < rest.length; i++) {
    if (rest[i] === '{') depth++;
    else if (rest[i] === '}' && --depth === 0) return rest.slice(0, i);
  }
  return rest;
}

/** A service left out of compose, with the file that shows it is optional. */
export interface OptionalService {
  name: ServiceName;
  file: string;
  /** The variable whose presence switches it on. */
  variable: string;
}

/** The services among `found` that the app only uses when their variable is set, per the rules above. */
export function optionalServices(found: Iterable<ServiceName>, sources: SourceText[]): OptionalService[] {
  const out: OptionalService[] = [];
  for (const name of found) {
    const client = CLIENT_IMPORT[name];
    const v = SERVICE_VAR[name];
    if (!client || !v) continue;
    const users = sources.filter((s) => client.test(s.text));
    if (users.length === 0 || users.some((s) => failsWithout(`(${v})`).test(s.text))) continue;
    const found = users.map((s) => ({ file: s.file, variable: presentVariable(s.text, v) })).find((u) => u.variable);
    if (found?.variable) out.push({ name, file: found.file, variable: found.variable });
  }
  return out;
}

/** The variable whose presence switches a client on in this file, per the tests above, or undefined. */
function presentVariable(text: string, v: string): string | undefined {
  for (const { re, guard } of presenceTests(`(${v})`)) {
    for (const m of text.matchAll(re)) {
      const variable = m.slice(1).find((g) => g !== undefined);
      if (!variable || hasFallback(variable, text)) continue;
      if (guard && !CONSTRUCTS.test(guardedBranch(text, m.index, m.index + m[0].length, guard))) continue;
      return variable;
    }
  }
  return undefined;
}

/**
 * The services to run without those the app only uses when configured ({@link optionalServices}), and a note for
 * each one left out saying how to run it. `--services` (answer) decides alone: nothing is dropped then.
 */
export function withoutOptional(services: Map<ServiceName, string>, sources: SourceText[], answer: string[] | undefined): { services: Map<ServiceName, string>; notes: string[] } {
  if (answer !== undefined) return { services, notes: [] };
  const optional = optionalServices(services.keys(), sources);
  if (optional.length === 0) return { services, notes: [] };
  const kept = new Map([...services].filter(([n]) => !optional.some((o) => o.name === n)));
  const notes = optional.map((o) => `${o.name} not run: ${o.file} uses it only when ${o.variable} is set; to run it, pass --services ${[...kept.keys(), o.name].join(',')} (compose then sets ${o.variable})`);
  return { services: kept, notes };
}
