import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import { parseYamlOnce } from '../yaml-document.js';
import type { Draft } from './types.js';
import { isSecretName } from './secrets.js';
import { imageParts } from './dockerfile-model.js';

/** What the compose checks know about the Dockerfile built by `build:` services. */
export interface ComposeContext {
  /** The audited Dockerfile's final image has a HEALTHCHECK. */
  dockerfileHasHealthcheck: boolean;
  /**
   * The file is a Swarm stack: Swarm cannot set no-new-privileges and accepts only list-form depends_on (it does not
   * order start-up), so those two compose rules do not apply; the stack rules say what Swarm needs instead.
   */
  swarm?: boolean;
}

interface Service {
  name: string;
  line: number;
  /** The service's YAML node, for line numbers only. */
  map: YAMLMap;
  /** The service's settings with merge keys (`<<: *anchor`) and aliases resolved. */
  js: Record<string, unknown>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses the compose file; a YAML error is one finding-less throw the caller turns into a UserError. */
export function checkCompose(text: string, ctx: ComposeContext): Draft[] {
  const { doc, counter } = parseYamlOnce(text);
  if (doc.errors.length) throw new Error(yamlProblem(doc.errors[0]!.message));
  const js: unknown = doc.toJS({ maxAliasCount: -1 });
  const jsServices = isRecord(js) && isRecord(js.services) ? js.services : {};
  const lineOf = (node: Node | null | undefined, fallback: number): number => (node?.range ? counter.linePos(node.range[0]).line : fallback);
  const services = doc.get('services');
  if (!isMap(services)) return [];
  const list: Service[] = [];
  for (const p of services.items as Pair<Node, unknown>[]) {
    const name = String(isScalar(p.key) ? p.key.value : p.key);
    const settings = jsServices[name];
    if (isMap(p.value) && isRecord(settings)) list.push({ name, line: lineOf(p.key, 1), map: p.value, js: settings });
  }
  const out: Draft[] = [];
  for (const svc of list) {
    // A key that comes from a merged anchor is reported on the service's `<<:` line.
    const pairLine = (key: string): number | undefined => {
      // The merge key's scalar value is a Symbol whose description is `<<`.
      const pair = svc.map.items.find((p) => isScalar(p.key) && (p.key.value === key || (typeof p.key.value === 'symbol' && p.key.value.description === key)));
      return pair ? lineOf(pair.key as Node, svc.line) : undefined;
    };
    const at = (key: string): number => pairLine(key) ?? pairLine('<<') ?? svc.line;
    const value = (path: string[]): unknown => path.reduce<unknown>((v, k) => (isRecord(v) ? v[k] : undefined), svc.js);
    const own = (key: string): Node | undefined => (svc.map.get(key, true) as Node | undefined) ?? undefined;
    const built = value(['build']) !== undefined;
    const add = (rule: string, line: number, message: string): void => void out.push({ rule, line, message: `service ${svc.name}: ${message}` });

    const image = value(['image']);
    if (!built && typeof image === 'string' && !image.includes('$')) {
      const { tag, digest } = imageParts(image);
      if (!digest && (!tag || tag === 'latest')) add('compose-image-untagged', at('image'), tag ? `image ${image} uses the moving latest tag` : `image ${image} has no tag: it means latest`);
    }
    if (value(['privileged']) === true) add('compose-privileged', at('privileged'), 'privileged: true');
    for (const key of ['network_mode', 'pid', 'ipc', 'uts', 'userns_mode']) {
      if (value([key]) === 'host') add('compose-host-namespace', at(key), `${key}: host`);
    }
    const volumes = value(['volumes']);
    const volumeNodes = own('volumes');
    if (Array.isArray(volumes)) {
      volumes.forEach((v: unknown, i) => {
        const source = typeof v === 'string' ? v.split(':')[0] : isRecord(v) ? String(v.source ?? '') : '';
        const node = isSeq(volumeNodes) ? (volumeNodes.items[i] as Node | undefined) : undefined;
        if (/docker\.sock$/.test(source ?? '')) add('compose-docker-socket', lineOf(node, at('volumes')), `mounts ${source}`);
      });
    }
    const hc = value(['healthcheck']);
    const disabled = isRecord(hc) && (hc.disable === true || JSON.stringify(hc.test) === '["NONE"]');
    // A one-shot service (a migration: restart "no", or a Swarm policy that never restarts a success) serves nothing
    // to probe; in Swarm the image's own HEALTHCHECK would even kill it as unhealthy, so it may be disabled there.
    const oneShot = value(['restart']) === 'no' || ['none', 'on-failure'].includes(String(value(['deploy', 'restart_policy', 'condition'])));
    if (!oneShot && (disabled || (hc === undefined && !(built && ctx.dockerfileHasHealthcheck)))) add('compose-no-healthcheck', hc !== undefined ? at('healthcheck') : svc.line, disabled ? 'healthcheck disabled' : 'no healthcheck');
    const memory = value(['deploy', 'resources', 'limits', 'memory']) ?? value(['mem_limit']);
    const cpus = value(['deploy', 'resources', 'limits', 'cpus']) ?? value(['cpus']);
    if (memory === undefined || cpus === undefined) add('compose-no-resource-limits', svc.line, `no ${[memory === undefined ? 'memory' : '', cpus === undefined ? 'CPU' : ''].filter(Boolean).join(' or ')} limit`);
    if (value(['read_only']) !== true) add('compose-not-read-only', value(['read_only']) !== undefined ? at('read_only') : svc.line, 'root filesystem is writable (no read_only: true)');
    const capDrop = value(['cap_drop']);
    if (!(Array.isArray(capDrop) && capDrop.some((c) => String(c).toUpperCase() === 'ALL'))) {
      add('compose-capabilities-not-dropped', capDrop !== undefined ? at('cap_drop') : svc.line, 'capabilities are not dropped (cap_drop: [ALL])');
    }
    const secOpt = value(['security_opt']);
    if (!ctx.swarm && !(Array.isArray(secOpt) && secOpt.some((o) => /^no-new-privileges(?:[:=]true)?$/.test(String(o))))) {
      add('compose-no-new-privileges', secOpt !== undefined ? at('security_opt') : svc.line, 'no-new-privileges is not set');
    }
    for (const [name, val, line] of environment(value(['environment']), own('environment'), lineOf, at('environment'))) {
      const literal = literalSecret(name, val);
      if (literal) add('compose-literal-secret', line, `environment ${name} ${literal}`);
    }
    // A stack's list-form depends_on is the only form docker stack deploy accepts (stack-rejected-key checks it).
    const deps = ctx.swarm ? undefined : value(['depends_on']);
    const depNodes = own('depends_on');
    if (Array.isArray(deps)) add('compose-depends-on-unhealthy', at('depends_on'), 'depends_on in list form only waits for the containers to start');
    else if (isRecord(deps)) {
      for (const [dep, how] of Object.entries(deps)) {
        const cond = isRecord(how) ? how.condition : undefined;
        if (cond !== 'service_healthy' && cond !== 'service_completed_successfully') {
          const key = isMap(depNodes) ? depNodes.items.find((p) => isScalar(p.key) && p.key.value === dep)?.key : undefined;
          add('compose-depends-on-unhealthy', lineOf(key as Node | undefined, at('depends_on')), `depends_on ${dep} without condition: service_healthy`);
        }
      }
    }
  }
  return out;
}

/** `environment:` as [name, value, line], from either the map or the `NAME=value` list form; `node` (the service's own entry) gives lines. */
function environment(env: unknown, node: Node | undefined, lineOf: (n: Node | null | undefined, f: number) => number, fallback: number): [string, string, number][] {
  if (isRecord(env)) {
    return Object.entries(env).map(([name, v]) => {
      const key = isMap(node) ? node.items.find((p) => isScalar(p.key) && String(p.key.value) === name)?.key : undefined;
      return [name, v === null || v === undefined || typeof v === 'object' ? '' : String(v), lineOf(key as Node | undefined, fallback)];
    });
  }
  if (Array.isArray(env)) {
    return env.flatMap((e: unknown, i): [string, string, number][] => {
      if (typeof e !== 'string' && typeof e !== 'number') return [];
      const text = String(e);
      const eq = text.indexOf('=');
      return [[eq < 0 ? text : text.slice(0, eq), eq < 0 ? '' : text.slice(eq + 1), lineOf(isSeq(node) ? (node.items[i] as Node) : undefined, fallback)]];
    });
  }
  return [];
}

/** A YAML parser message as one clean clause: first line, without the trailing colon before the source excerpt. */
export function yamlProblem(message: string): string {
  return (message.split('\n')[0] ?? '').trim().replace(/[:\s]+$/, '');
}

/** Why a value is a literal secret, or undefined: secret names with literal text or defaults; URLs with a literal password. */
function literalSecret(name: string, value: string): string | undefined {
  const defaults = [...value.matchAll(/\$\{[A-Za-z_][A-Za-z0-9_]*:?-([^}]*)\}/g)].map((m) => m[1] ?? '').filter(Boolean);
  const outside = value.replace(/\$\$/g, '').replace(/\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g, '');
  if (isSecretName(name)) {
    if (outside.trim()) return 'is a literal value';
    if (defaults.length) return 'falls back to a literal default';
  }
  // Interpolations become one marker character, so `:` and `@` inside `${VAR:?message}` do not split the URL.
  const masked = value.replace(/\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g, '\u0000');
  const password = /^[a-z][a-z0-9+.-]*:\/\/[^:/@]*:([^@/]*)@/i.exec(masked)?.[1];
  if (password && password.replace(/\u0000/g, '') !== '') return 'has a literal password in its URL';
  return undefined;
}
