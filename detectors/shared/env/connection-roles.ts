/**
 * The part of a SQL database connection a variable carries, by the setting it fills rather than by its name
 * (`url`: the whole connection URL, as Sequelize's `use_env_variable` names it).
 */
export type ConnectionRole = 'engine' | 'host' | 'port' | 'user' | 'password' | 'db' | 'url';

/** A variable the app reads into one part of its database connection. */
export interface RoleRead {
  name: string;
  role: ConnectionRole;
  source: string;
}

const DJANGO_KEYS: Record<string, ConnectionRole> = { ENGINE: 'engine', NAME: 'db', USER: 'user', PASSWORD: 'password', HOST: 'host', PORT: 'port' };
// Django formats settings with the dict's closing brace at the start of a line; the block ends there.
const DJANGO_BLOCK = /^DATABASES\s*=\s*\{([\s\S]*?)^\}/m;
// `'HOST': os.environ.get('SQL_HOST', ...)`, `os.getenv(...)`, `os.environ['X']`, django-environ `env('X')` /
// `env.str('X')`, python-decouple `config('X')`.
const DJANGO_ENTRY = /['"](ENGINE|NAME|USER|PASSWORD|HOST|PORT)['"]\s*:\s*(?:str\(|int\()?\s*(?:os\.(?:environ\.get|getenv)\(|os\.environ\[|env(?:\.\w+)?\(|config\()\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]/g;

/**
 * Variables a Django settings module reads into `DATABASES` (`'HOST': os.environ.get('SQL_HOST')`): the key says
 * which part of the connection each one is, whatever the app named it, so a database service can fill it.
 */
export function djangoDatabaseRoles(text: string, file: string): RoleRead[] {
  const block = DJANGO_BLOCK.exec(text)?.[1];
  if (block === undefined) return [];
  const out: RoleRead[] = [];
  for (const m of block.matchAll(DJANGO_ENTRY)) {
    if (!out.some((r) => r.name === m[2])) out.push({ name: m[2]!, role: DJANGO_KEYS[m[1]!]!, source: `${file} (Django DATABASES ${m[1]})` });
  }
  return out;
}

const DJANGO_BACKENDS: Record<string, string> = { postgres: 'django.db.backends.postgresql', mysql: 'django.db.backends.mysql' };

/** The value an `engine` variable takes for a database service (Django's backend module), or undefined. */
export function engineValue(service: string): string | undefined {
  return DJANGO_BACKENDS[service];
}
