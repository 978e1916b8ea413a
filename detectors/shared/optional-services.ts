import type { SourceText } from './health-route.js';
import type { ServiceName } from './services.js';

/**
 * Backing services the app only uses when their variable is set: a cache or queue whose client module tests its URL
 * for presence (`const enabled = !!process.env.REDIS_URL`, `if (process.env.REDIS_URL)`, `process.env.REDIS_URL ?
 * new Redis(...) : null`, `if os.environ.get("REDIS_URL"):`, `if os.Getenv("REDIS_URL") != ""`) runs without it, so
 * compose does not start one by default. A guard that fails without the variable (`if (!process.env.REDIS_URL)
 * throw`, `raise`, `log.Fatal`) makes it required, and a read with a fallback (`|| 'redis://localhost'`) is always
 * used. Only files that import the service's client are read. Databases are left alone: a presence test of
 * DATABASE_URL usually picks between two ways of configuring the same database.
 */

/** How a file imports a client of the service, per language. */
const CLIENT_IMPORT: Partial<Record<ServiceName, RegExp>> = {
  redis: /(?:from\s+|require\(\s*|import\(\s*)['"](?:redis|ioredis|@redis\/client)['"]|^\s*(?:import\s+redis\b|from\s+redis(?:\.\w+)?\s+import\b)|['"]django_redis\.cache\.RedisCache['"]|"github\.com\/(?:redis\/go-redis\/v9|go-redis\/redis\/v8|gomodule\/redigo\/redis)"/m,
};

/** The variables that configure the service (its URL, host). */
const SERVICE_VAR: Partial<Record<ServiceName, string>> = { redis: '[A-Z0-9_]*REDIS[A-Z0-9_]*' };

const js = (v: string): string => String.raw`(?:process|Bun)\.env(?:\.${v}\b|\[['"]${v}['"]\])`;
const py = (v: string): string => String.raw`(?:os\.(?:environ\.get|getenv)\(\s*['"]${v}['"][^)]*\)|os\.environ\[\s*['"]${v}['"]\s*\]|\b${v}\b)`;
const go = (v: string): string => String.raw`os\.Getenv\(\s*"${v}"\s*\)`;

/** Presence tests of the variable: the service is switched on by it. */
function presence(v: string): RegExp {
  const J = js(v);
  return new RegExp([
    String.raw`!!\s*${J}`, String.raw`Boolean\(\s*${J}\s*\)`, String.raw`\bif\s*\(\s*${J}\s*\)`,
    String.raw`\bif\s*\(\s*!\s*${J}\s*\)\s*\{?\s*return\b`, String.raw`${J}\s*\?(?!\?)[^:;]{0,200}:\s*(?:null|undefined|false)\b`,
    String.raw`${J}\s*&&\s*(?:new\s+\w|\w+\()`,
    String.raw`\bif\s+${py(v)}\s*(?:is\s+not\s+None\s*)?:`, String.raw`\bif\s+not\s+${py(v)}\s*:\s*\n\s*return\b`,
    String.raw`\bif\s+(?:\w+\s*:=\s*)?${go(v)}\s*!=\s*""`, String.raw`\bif\s+\w+\s*:=\s*${go(v)}\s*;\s*\w+\s*!=\s*""`,
  ].join('|'));
}

/** Guards that stop the app without the variable: it is required. */
function failsWithout(v: string): RegExp {
  return new RegExp([
    String.raw`\bif\s*\(\s*!\s*${js(v)}\s*\)\s*\{?\s*(?:throw|process\.exit)\b`,
    String.raw`\bif\s+not\s+${py(v)}\s*:\s*\n\s*(?:raise|sys\.exit)\b`,
    String.raw`\bif\s+${go(v)}\s*==\s*""\s*\{\s*(?:log\.Fatal|panic)`,
  ].join('|'));
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
    for (const s of users) {
      const m = presence(`(${v})`).exec(s.text);
      const variable = m?.slice(1).find((g) => g !== undefined);
      if (m && variable) {
        out.push({ name, file: s.file, variable });
        break;
      }
    }
  }
  return out;
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
