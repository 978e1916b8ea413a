/** A settings assignment of ALLOWED_HOSTS (`=`, `+=`), with what follows on its line(s). */
// It runs until the next line that starts at column 0 with anything but a closing bracket.
const ASSIGN = /^\s*ALLOWED_HOSTS\s*(\+?=)\s*([\s\S]*?)(?=^[^\s\])]|$(?![\s\S]))/gm;
/** A list or tuple of string literals only, and nothing else. */
const LITERAL_LIST = /^[[(]\s*((?:(?:'[^'\n]*'|"[^"\n]*")\s*,?\s*(?:#[^\n]*\n\s*)?)*)[\])]\s*(?:#.*)?$/;
const STRING = /'([^'\n]*)'|"([^"\n]*)"/g;
/** Hosts that let a request to the published port (http://localhost:PORT) through. */
const LOCAL = new Set(['*', 'localhost', '.localhost']);

/**
 * The hosts of a Django settings text whose ALLOWED_HOSTS is only ever a fixed, non-empty list of literals that lets
 * neither localhost nor every host through: Django then answers 400 Bad Request to a browser or curl on the
 * published port (DEBUG does not matter for a non-empty list). Undefined when the list comes from a variable, is
 * extended elsewhere, is empty (DEBUG's local hosts apply) or already allows localhost.
 */
export function fixedAllowedHosts(settings: string): string[] | undefined {
  if (/\bALLOWED_HOSTS\s*\.\s*(?:append|extend|insert)\(/.test(settings)) return undefined;
  const lists: string[][] = [];
  for (const m of settings.matchAll(ASSIGN)) {
    const list = LITERAL_LIST.exec(m[2]!.trim());
    if (m[1] !== '=' || !list) return undefined;
    lists.push([...list[1]!.matchAll(STRING)].map((s) => s[1] ?? s[2]!));
  }
  const hosts = lists.at(-1);
  if (!hosts || hosts.length === 0 || hosts.some((h) => LOCAL.has(h))) return undefined;
  return hosts;
}

/** The one-line warning for {@link fixedAllowedHosts}: what breaks, and the change that fixes it. */
export function hostsWarning(settingsModule: string, hosts: string[], port: number): string {
  const probe = hosts.includes('127.0.0.1') ? '' : ', and the healthcheck (Host 127.0.0.1) gets the same';
  return `${settingsModule}: ALLOWED_HOSTS is fixed to ${hosts.join(', ')}, so Django answers 400 Bad Request on http://localhost:${port}${probe}; read it from a variable (ALLOWED_HOSTS=localhost,127.0.0.1,your.domain, split on commas) and re-run`;
}
