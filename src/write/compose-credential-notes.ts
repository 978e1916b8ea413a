/** A credential of ours left out of their database service: its name and the value we would have set. */
export interface LeftCredential {
  /** The image's variable (`POSTGRES_USER`). */
  name: string;
  /** Our value for it (`${POSTGRES_USER:-app}`): what our app's URLs still use. */
  ours: unknown;
  /** Their `NAME_FILE` variable setting it from a secret file, when that is why it was left out. */
  fileVar?: string;
}

/** The files a service's `env_file:` names: a string, a list of strings, or a list of `{path: ...}` entries. */
export function envFilesOf(svc: Record<string, unknown>): string[] {
  const raw = svc.env_file;
  const items = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  return items
    .map((i) => (i && typeof i === 'object' ? (i as Record<string, unknown>).path : i))
    .filter((p): p is string => typeof p === 'string' && p !== '');
}

/** `NAME_FILE` of theirs among `names` (the image reads NAME from that file: Docker secrets). */
export function fileSetting(their: Map<string, unknown>, names: string[]): string | undefined {
  return names.map((n) => `${n}_FILE`).find((n) => their.has(n));
}

// `${POSTGRES_USER:-app}` reads POSTGRES_USER; a literal reads nothing.
const INTERPOLATION = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?:[:?+-][^}]*)?\}$/;
const readsAs = (value: unknown): string => {
  const m = INTERPOLATION.exec(String(value ?? ''));
  return m ? `\${${m[1]}}` : String(value ?? '');
};
const isDotEnv = (file: string): boolean => file.replace(/^\.\//, '') === '.env';

/**
 * One line each for credentials left to their service: ones its `env_file:` may set (our app's URLs then read
 * compose's interpolation of `.env`, which lines up only where that is the file and the names are the image's), and
 * ones it reads from a secret file (no URL can carry those). No file is read: a value in `.env` is never copied.
 */
export function credentialNotes(service: string, left: LeftCredential[], envFiles: string[], aliasOf: (n: string) => string | undefined): string[] {
  const notes: string[] = [];
  const at = `services.${service}.environment`;
  const viaEnvFile = left.filter((c) => c.fileVar === undefined);
  if (viaEnvFile.length > 0) {
    const names = viaEnvFile.map((c) => c.name).join(', ');
    const refs = viaEnvFile.map((c) => readsAs(c.ours)).join(', ');
    const files = envFiles.join(', ');
    const sameNames = viaEnvFile.every((c) => [c.name, aliasOf(c.name)].some((n) => n !== undefined && readsAs(c.ours) === `\${${n}}`));
    notes.push(envFiles.every(isDotEnv) && sameNames
      ? `${at}: ${names} left to your env_file ${files}; the app's URLs read ${refs} from that same .env (check it sets them)`
      : `${at}: ${names} left to your env_file ${files}; the app's URLs use ${refs} (compose interpolates from .env only): make them match what ${files} sets`);
  }
  for (const c of left.filter((l) => l.fileVar !== undefined)) {
    notes.push(`${at}: ${c.name} not added (your ${c.fileVar} reads it from a secret file); the app's URLs cannot read that file and still use ${readsAs(c.ours)}: set it to the same value or wire the secret into the app yourself`);
  }
  return notes;
}
