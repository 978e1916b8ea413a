import type { ProjectFs } from '../../../src/fs/project-fs.js';
import { collectAppVariables } from './collect.js';
import { isGeneratedEnvExample, readEnvExamples } from './env-files.js';
import { jsSchemaEntries } from './schemas.js';

/** The port the app listens on, and the variable it reads it from (when it reads one). */
export interface PortFinding {
  value: number;
  file: string;
  /** e.g. `PORT`, `HTTP_PORT`, `MEMOS_PORT`; undefined for a literal (`.listen(3000)`). */
  name?: string;
}

// Variables of backing services and side listeners, not of the app's own listener.
const SERVICE_PORT = /^(?:DB|DATABASE|PG|POSTGRES(?:QL)?|MYSQL|MARIADB|MONGO(?:DB)?|REDIS|CACHE|MEMCACHED?|SMTP|MAIL|EMAIL|IMAP|AMQP|RABBITMQ|KAFKA|NATS|ES|ELASTIC(?:SEARCH)?|MINIO|S3|LDAP|PROXY|DEBUG|INSPECT|METRICS|PROMETHEUS|GRPC|WS|VITE|DEV|HMR|STORYBOOK|TEST|E2E|HOST|ADMIN)(?:_|$)/;

/** Whether a variable name is plausibly the app's own listen port: PORT, HTTP_PORT, SERVER_PORT, MEMOS_PORT, ... */
export function isAppPortName(name: string): boolean {
  if (name === 'PORT') return true;
  if (!/^[A-Z][A-Z0-9_]*_PORT$/.test(name)) return false;
  return !SERVICE_PORT.test(name) && !/(?:^|_)(?:DB|DATABASE|REDIS|POSTGRES|MYSQL|MONGO|SMTP|MAIL)_/.test(name);
}

const validPort = (v: string | number | undefined): number | undefined => {
  const n = Number(v);
  return v !== undefined && v !== '' && Number.isInteger(n) && n >= 1 && n <= 65535 ? n : undefined;
};

/** The first in `candidates` whose name is an app port and whose value is a valid port. */
export function pickPort(candidates: { name?: string; value: string | number; file: string }[]): PortFinding | undefined {
  for (const c of candidates) {
    const n = validPort(c.value);
    if (n === undefined || (c.name !== undefined && !isAppPortName(c.name))) continue;
    return { value: n, file: c.file, ...(c.name ? { name: c.name } : {}) };
  }
  return undefined;
}

/** Port defaults of a zod / @t3-oss/env / envalid schema in one JS/TS file (`PORT: z.coerce.number().default(9999)`). */
export function schemaPorts(text: string, file: string): { name: string; value: string; file: string }[] {
  return jsSchemaEntries(text, file).flatMap((v) => (v.value !== undefined && /^\d{2,5}$/.test(v.value) ? [{ name: v.name, value: v.value, file }] : []));
}

/**
 * The app's port variable as its first example env file (.env.example, .env.sample, ...) declares it: `PORT`, else
 * the one app port variable there (several: ambiguous, no evidence). Our own .env.example is skipped.
 */
export async function envExamplePort(fs: ProjectFs): Promise<PortFinding | undefined> {
  for (const f of await readEnvExamples(fs)) {
    if (isGeneratedEnvExample((await fs.readText(f.file)) ?? '')) continue;
    const ports = f.vars.filter((v) => v.value !== '' && isAppPortName(v.name));
    const pick = ports.find((v) => v.name === 'PORT') ?? (ports.length === 1 ? ports[0] : undefined);
    return pick ? pickPort([{ name: pick.name, value: pick.value, file: f.file }]) : undefined;
  }
  return undefined;
}

/**
 * The variable the app reads its listening port from, over everything the env collection finds (example files,
 * schemas, reads in the source), with its default: `PORT`, else the one app port variable ({@link isAppPortName}).
 */
export async function appPortVariable(fs: ProjectFs, stack: string): Promise<{ name: string; port?: number; source: string } | undefined> {
  const candidates = (await collectAppVariables(fs, stack)).filter((v) => isAppPortName(v.name));
  const pick = candidates.find((v) => v.name === 'PORT') ?? (candidates.length === 1 ? candidates[0] : undefined);
  if (!pick) return undefined;
  const port = validPort(pick.value);
  return { name: pick.name, ...(port !== undefined ? { port } : {}), source: pick.sources[0]! };
}
