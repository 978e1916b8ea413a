import { isMap, isScalar, isSeq, type Document } from 'yaml';
import type { ServiceMap } from './compose-match.js';

// `${VAR:-8000}` / `${VAR-8000}` -> 8000; `${VAR}` (no default) -> nothing known.
const interpolated = (s: string): string => s.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*(?::?-([^}]*))?\}/g, (_, dflt: string | undefined) => dflt ?? '');

function range(spec: string): number[] {
  const m = /^(\d+)(?:-(\d+))?$/.exec(spec.trim());
  if (!m) return [];
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  return to >= from && to - from < 1000 ? Array.from({ length: to - from + 1 }, (_, i) => from + i) : [];
}

/**
 * The host ports one `ports:` entry publishes (with the default of a `${VAR:-port}`): `"8000:8000"`,
 * `"127.0.0.1:8000:8000/tcp"`, `"${APP_PORT:-8000}:8000"`, `{published: 8000}`. A bare container port
 * (`"8000"`) publishes a random host port: none.
 */
export function hostPortsOf(entry: unknown): number[] {
  if (entry && typeof entry === 'object') {
    const published = (entry as Record<string, unknown>).published;
    return published === undefined ? [] : range(interpolated(String(published)));
  }
  if (typeof entry !== 'string') return [];
  const parts = interpolated(entry).split('/')[0]!.split(':');
  return parts.length < 2 ? [] : range(parts[parts.length - 2]!);
}

/** Host port -> the service of theirs publishing it. */
export function publishedPorts(services: ServiceMap): Map<number, string> {
  const out = new Map<number, string>();
  for (const [name, svc] of Object.entries(services)) {
    const ports = svc && typeof svc === 'object' ? svc.ports : undefined;
    if (!Array.isArray(ports)) continue;
    for (const entry of ports) for (const p of hostPortsOf(entry)) if (!out.has(p)) out.set(p, name);
  }
  return out;
}

/**
 * Takes out of our (already renamed) services every `ports:` entry whose host port one of their other services
 * publishes: two services on one host port fail at `up` ("port is already allocated"). A service of theirs with its
 * own `ports:` keeps them (a differing value is reported, never replaced), so only ports we would add are checked.
 * Returns one line per entry taken out.
 */
export function dropClashingPorts(doc: Document, theirs: ServiceMap): string[] {
  const services = doc.get('services', true);
  if (!isMap(services)) return [];
  const taken = publishedPorts(theirs);
  const out: string[] = [];
  for (const pair of services.items) {
    const name = String(isScalar(pair.key) ? pair.key.value : pair.key);
    if (!isMap(pair.value) || theirs[name]?.ports !== undefined) continue;
    const ports = pair.value.get('ports', true);
    if (!isSeq(ports)) continue;
    ports.items = ports.items.filter((item) => {
      const entry = isScalar(item) ? item.value : isMap(item) ? item.toJSON() : undefined;
      const clash = hostPortsOf(entry).find((p) => taken.has(p) && taken.get(p) !== name);
      if (clash !== undefined) out.push(`services.${name}.ports: host port ${clash} not published (your ${taken.get(clash)} publishes it; set one yourself)`);
      return clash === undefined;
    });
    if (ports.items.length === 0) pair.value.delete('ports');
  }
  return out;
}
