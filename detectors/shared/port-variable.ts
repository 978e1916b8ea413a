import type { ProjectFs } from '../../src/fs/project-fs.js';
import { readEnvExample } from './env-schema.js';

/** The port the app listens on, and the variable it reads it from (when it reads one). */
export interface PortFinding {
  value: number;
  file: string;
  /** e.g. `PORT`, `HTTP_PORT`, `MEMOS_PORT`; undefined for a literal (`.listen(3000)`). */
  name?: string;
}

// Variables of backing services, not of the app's own listener.
const SERVICE_PORT = /^(?:DB|DATABASE|PG|POSTGRES(?:QL)?|MYSQL|MARIADB|MONGO(?:DB)?|REDIS|CACHE|MEMCACHED?|SMTP|MAIL|EMAIL|IMAP|AMQP|RABBITMQ|KAFKA|NATS|ES|ELASTIC(?:SEARCH)?|MINIO|S3|LDAP|PROXY|DEBUG|INSPECT|METRICS|PROMETHEUS|GRPC|WS|VITE|DEV|HMR|STORYBOOK|TEST|E2E)(?:_|$)/;

/** Whether a variable name is plausibly the app's own listen port: PORT, HTTP_PORT, SERVER_PORT, MEMOS_PORT, ... */
export function isAppPortName(name: string): boolean {
  if (name === 'PORT') return true;
  if (!/^[A-Z][A-Z0-9_]*_PORT$/.test(name)) return false;
  return !SERVICE_PORT.test(name) && !/(?:^|_)(?:DB|DATABASE|REDIS|POSTGRES|MYSQL|MONGO|SMTP|MAIL)_/.test(name);
}

/** The first in `candidates` whose name is an app port and whose value is a valid port. */
export function pickPort(candidates: { name?: string; value: string | number; file: string }[]): PortFinding | undefined {
  for (const c of candidates) {
    const n = Number(c.value);
    if (!(Number.isInteger(n) && n >= 1 && n <= 65535)) continue;
    if (c.name !== undefined && !isAppPortName(c.name)) continue;
    return { value: n, file: c.file, ...(c.name ? { name: c.name } : {}) };
  }
  return undefined;
}

/** The app's port variable as `.env.example` (or `.env.sample`, `.env.template`) declares it, when it declares one. */
export async function envExamplePort(fs: ProjectFs): Promise<PortFinding | undefined> {
  const vars = await readEnvExample(fs);
  const ports = vars.filter((v) => v.value !== undefined && isAppPortName(v.name));
  // PORT itself first; else the one app port variable (several: ambiguous, no evidence).
  const plain = ports.find((v) => v.name === 'PORT');
  const pick = plain ?? (ports.length === 1 ? ports[0] : undefined);
  return pick ? pickPort([{ name: pick.name, value: pick.value!, file: pick.file }]) : undefined;
}
