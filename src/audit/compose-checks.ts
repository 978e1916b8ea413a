import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Draft } from './types.js';
import { isSecretName } from './secrets.js';

/** What the compose checks know about the Dockerfile built by `build:` services. */
export interface ComposeContext {
  /** The audited Dockerfile's final image has a HEALTHCHECK. */
  dockerfileHasHealthcheck: boolean;
}

interface Service {
  name: string;
  line: number;
  map: YAMLMap;
}

/** Parses the compose file; a YAML error is one finding-less throw the caller turns into a UserError. */
export function checkCompose(text: string, ctx: ComposeContext): Draft[] {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  if (doc.errors.length) throw new Error(doc.errors[0]!.message.split('\n')[0]);
  const lineOf = (node: Node | null | undefined, fallback: number): number => (node?.range ? counter.linePos(node.range[0]).line : fallback);
  const services = doc.get('services');
  if (!isMap(services)) return [];
  const list: Service[] = [];
  for (const p of services.items as Pair<Node, unknown>[]) {
    if (isMap(p.value)) list.push({ name: String(isScalar(p.key) ? p.key.value : p.key), line: lineOf(p.key, 1), map: p.value });
  }
  const out: Draft[] = [];
  for (const svc of list) {
    const at = (key: string): number => {
      const pair = svc.map.items.find((p) => isScalar(p.key) && p.key.value === key);
      return lineOf(pair?.key as Node | undefined, svc.line);
    };
    const value = (path: string[]): unknown => svc.map.getIn(path);
    const built = svc.map.has('build');
    const add = (rule: string, line: number, message: string): void => void out.push({ rule, line, message: `service ${svc.name}: ${message}` });

    if (value(['privileged']) === true) add('compose-privileged', at('privileged'), 'privileged: true');
    for (const key of ['network_mode', 'pid', 'ipc', 'uts', 'userns_mode']) {
      if (value([key]) === 'host') add('compose-host-namespace', at(key), `${key}: host`);
    }
    const volumes = svc.map.get('volumes');
    if (isSeq(volumes)) {
      for (const v of volumes.items) {
        const source = isScalar(v) ? String(v.value).split(':')[0] : isMap(v) ? String(v.get('source') ?? '') : '';
        if (/docker\.sock$/.test(source ?? '')) add('compose-docker-socket', lineOf(v as Node, at('volumes')), `mounts ${source}`);
      }
    }
    const hc = svc.map.get('healthcheck');
    const disabled = isMap(hc) && (hc.get('disable') === true || JSON.stringify(hc.toJSON()?.test) === '["NONE"]');
    if (disabled || (!hc && !(built && ctx.dockerfileHasHealthcheck))) add('compose-no-healthcheck', hc ? at('healthcheck') : svc.line, disabled ? 'healthcheck disabled' : 'no healthcheck');
    const memory = value(['deploy', 'resources', 'limits', 'memory']) ?? value(['mem_limit']);
    const cpus = value(['deploy', 'resources', 'limits', 'cpus']) ?? value(['cpus']);
    if (memory === undefined || cpus === undefined) add('compose-no-resource-limits', svc.line, `no ${[memory === undefined ? 'memory' : '', cpus === undefined ? 'CPU' : ''].filter(Boolean).join(' or ')} limit`);
    if (built && value(['read_only']) !== true) add('compose-not-read-only', svc.map.has('read_only') ? at('read_only') : svc.line, 'root filesystem is writable (no read_only: true)');
    const capDrop = svc.map.get('cap_drop');
    if (built && !(isSeq(capDrop) && capDrop.items.some((c) => isScalar(c) && String(c.value).toUpperCase() === 'ALL'))) {
      add('compose-capabilities-not-dropped', capDrop ? at('cap_drop') : svc.line, 'capabilities are not dropped (cap_drop: [ALL])');
    }
    const secOpt = svc.map.get('security_opt');
    if (!(isSeq(secOpt) && secOpt.items.some((o) => isScalar(o) && /^no-new-privileges(?:[:=]true)?$/.test(String(o.value))))) {
      add('compose-no-new-privileges', secOpt ? at('security_opt') : svc.line, 'no-new-privileges is not set');
    }
    for (const [name, val, line] of environment(svc.map.get('environment'), lineOf, at('environment'))) {
      const literal = literalSecret(name, val);
      if (literal) add('compose-literal-secret', line, `environment ${name} ${literal}`);
    }
    const deps = svc.map.get('depends_on');
    if (isSeq(deps)) add('compose-depends-on-unhealthy', at('depends_on'), 'depends_on in list form only waits for the containers to start');
    else if (isMap(deps)) {
      for (const p of deps.items) {
        const cond = isMap(p.value) ? p.value.get('condition') : undefined;
        if (cond !== 'service_healthy' && cond !== 'service_completed_successfully') {
          add('compose-depends-on-unhealthy', lineOf(p.key as Node, at('depends_on')), `depends_on ${String(isScalar(p.key) ? p.key.value : p.key)} without condition: service_healthy`);
        }
      }
    }
  }
  return out;
}

/** `environment:` as [name, value, line], from either the map or the `NAME=value` list form. */
function environment(env: unknown, lineOf: (n: Node | null | undefined, f: number) => number, fallback: number): [string, string, number][] {
  if (isMap(env)) {
    return env.items.map((p) => [String(isScalar(p.key) ? p.key.value : p.key), isScalar(p.value) ? String(p.value.value ?? '') : '', lineOf(p.key as Node, fallback)]);
  }
  if (isSeq(env)) {
    return env.items.filter(isScalar).map((s) => {
      const text = String(s.value);
      const eq = text.indexOf('=');
      return [eq < 0 ? text : text.slice(0, eq), eq < 0 ? '' : text.slice(eq + 1), lineOf(s, fallback)];
    });
  }
  return [];
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
