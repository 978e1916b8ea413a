import { isMap, isScalar, isSeq } from 'yaml';
import { parseYamlOnce } from '../yaml-document.js';

/** A variable of the project's own example env file that the compose file sets for the container itself. */
export interface OverriddenVar {
  name: string;
  /** The compose services (built from the project's Dockerfile) that set it. */
  services: string[];
}

/**
 * The environment compose gives each service it builds (the app, its migrate service), by service: the values as
 * written in the compose file, interpolation included (a pass-through `NAME:` is left out). A backing service (an image,
 * no `build`) is not the app.
 */
export function builtServiceEnvironments(composeText: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  // The rendered compose text, which the render's YAML guard has just parsed: the same document is read here.
  const services = parseYamlOnce(composeText).doc.get('services');
  if (!isMap(services)) return out;
  for (const item of services.items) {
    const svc = item.value;
    if (!isScalar(item.key) || !isMap(svc) || !svc.has('build')) continue;
    const env = svc.get('environment');
    const vars = new Map<string, string>();
    if (isMap(env)) {
      // A pass-through entry (`NAME:`, no value) is not set by compose: it passes their .env line on.
      for (const e of env.items) if (isScalar(e.key) && isScalar(e.value) && e.value.value !== null) vars.set(String(e.key.value), String(e.value.value));
    }
    out.set(String(item.key.value), vars);
  }
  return out;
}

/**
 * A line of the user's example env file that compose does not pass to the container: compose sets the variable
 * itself (wired to a service, pointed at the data volume) without reading `${NAME}` from .env, and to a value other
 * than theirs (`DATABASE_URL=postgres://...@localhost/...` while the container gets the postgres service's URL).
 * Their line stays as it is (it is right outside compose); the caller adds a note. Empty values are not notes: there
 * is nothing that looks like it would be used.
 */
export function overriddenVars(theirs: Readonly<Record<string, string>>, environments: Map<string, Map<string, string>>): OverriddenVar[] {
  const out: OverriddenVar[] = [];
  for (const [name, value] of Object.entries(theirs)) {
    if (value === '') continue;
    const services: string[] = [];
    for (const [service, env] of environments) {
      const set = env.get(name);
      if (set === undefined || set === value || readsItself(set, name)) continue;
      services.push(service);
    }
    if (services.length > 0) out.push({ name, services });
  }
  return out;
}

/**
 * Variables that a compose file's built services take from .env themselves: passed through (`NAME:`, `- NAME`) or
 * read into their value (`NAME: ${NAME}`, `- NAME=${NAME:-x}`), in the map or the list form. Their compose file keeps
 * such an entry when ours is merged into it, so the container does see their .env line.
 */
export function namesReadFromEnv(composeText: string): Set<string> {
  const out = new Set<string>();
  // Their compose file as it is on disk: once generated and unedited, the text just rendered and already parsed.
  const services = parseYamlOnce(composeText).doc.get('services');
  if (!isMap(services)) return out;
  for (const item of services.items) {
    const svc = item.value;
    if (!isMap(svc) || !svc.has('build')) continue;
    const env = svc.get('environment');
    const entries: [string, string | null][] = [];
    if (isMap(env)) {
      for (const e of env.items) {
        if (!isScalar(e.key)) continue;
        const v: unknown = isScalar(e.value) ? e.value.value : e.value;
        entries.push([String(e.key.value), v === null || v === undefined ? null : String(v)]);
      }
    } else if (isSeq(env)) {
      for (const e of env.items) {
        if (!isScalar(e)) continue;
        const line = String(e.value);
        const eq = line.indexOf('=');
        entries.push(eq < 0 ? [line, null] : [line.slice(0, eq), line.slice(eq + 1)]);
      }
    }
    for (const [name, value] of entries) if (value === null || readsItself(value, name)) out.add(name);
  }
  return out;
}

/** The compose value interpolates the variable of the same name from .env (`${NAME}`, `${NAME:-x}`, `$NAME`). */
function readsItself(value: string, name: string): boolean {
  return value.includes(`\${${name}}`) || value.includes(`\${${name}:`) || value.includes(`\${${name}-`) || value.includes(`\${${name}?`)
    || new RegExp(`(^|[^$])\\$${name}(?![A-Za-z0-9_])`).test(value);
}

/** The comment line that explains an overridden line, in the words the extended file carries. */
export function overrideNote(v: OverriddenVar, composeFile: string): string {
  return `# ${v.name} above is for running outside compose: ${composeFile} sets its own value for the container (${v.services.join(', ')}), so this line is not what the container sees.`;
}
