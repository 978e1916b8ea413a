import { isMap, isScalar, type Node, type Pair } from 'yaml';
import { parseYamlOnce } from '../yaml-document.js';
import type { Draft } from './types.js';

/** Service keys `docker stack deploy` refuses: the deploy fails. */
const REJECTED = ['pids_limit'];
/** Service keys Swarm ignores (with a warning at most): the setting looks applied but is not. */
const IGNORED: Record<string, string> = {
  build: 'build the image first and name it in image:',
  restart: 'use deploy.restart_policy',
  security_opt: 'Swarm services cannot set it',
  container_name: 'Swarm names the tasks',
  tmpfs: 'mount `type: tmpfs` entries under volumes:',
  devices: 'Swarm services cannot map devices',
  links: 'services reach each other by name on the stack network',
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Swarm-specific checks of a stack file (docker-stack.yml): a Compose file format 3.x `version:` (docker stack
 * deploy of Docker 20.10 requires it), no key the deploy rejects (pids_limit, depends_on with conditions), no key
 * Swarm ignores, and a restart policy per service. The compose checks run on the same file as well.
 */
export function checkStack(text: string): Draft[] {
  const { doc, counter } = parseYamlOnce(text);
  if (doc.errors.length) throw new Error(doc.errors[0]!.message.split('\n')[0]);
  const js: unknown = doc.toJS({ maxAliasCount: -1 });
  const lineOf = (node: unknown, fallback = 1): number => {
    const range = (node as Node | undefined)?.range;
    return range ? counter.linePos(range[0]).line : fallback;
  };
  const out: Draft[] = [];
  const version = isRecord(js) ? js.version : undefined;
  if (!/^3(\.\d+)?$/.test(String(version ?? ''))) {
    const pair = isMap(doc.contents) ? doc.contents.items.find((p) => isScalar(p.key) && p.key.value === 'version') : undefined;
    out.push({ rule: 'stack-version', line: lineOf(pair?.key), message: version === undefined ? 'no version: docker stack deploy needs a Compose file format 3.x version' : `version ${String(version)} is not 3.x` });
  }
  const services = doc.get('services');
  if (!isMap(services)) return out;
  for (const p of services.items as Pair<Node, unknown>[]) {
    const name = String(isScalar(p.key) ? p.key.value : p.key);
    if (!isMap(p.value)) continue;
    const svc = p.value;
    const svcLine = lineOf(p.key);
    const keyLine = (key: string): number => lineOf(svc.items.find((i) => isScalar(i.key) && i.key.value === key)?.key, svcLine);
    const settings = isRecord(js) && isRecord(js.services) && isRecord(js.services[name]) ? js.services[name] : {};
    for (const key of REJECTED) if (key in settings) out.push({ rule: 'stack-rejected-key', line: keyLine(key), message: `service ${name}: ${key} is rejected by docker stack deploy` });
    if (isRecord(settings.depends_on)) out.push({ rule: 'stack-rejected-key', line: keyLine('depends_on'), message: `service ${name}: depends_on with conditions is rejected by docker stack deploy; use the list form` });
    for (const [key, fix] of Object.entries(IGNORED)) if (key in settings) out.push({ rule: 'stack-ignored-key', line: keyLine(key), message: `service ${name}: Swarm ignores ${key} (${fix})` });
    const deploy = isRecord(settings.deploy) ? settings.deploy : {};
    if (!isRecord(deploy.restart_policy)) out.push({ rule: 'stack-no-restart-policy', line: deploy === settings.deploy ? keyLine('deploy') : svcLine, message: `service ${name}: no deploy.restart_policy` });
  }
  return out;
}
