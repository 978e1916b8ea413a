import YAML from 'yaml';
import semver from '../shared/semver.js';
import type { ProjectFs } from '../../src/fs/project-fs.js';
import type { EnvVar, ServicePlan } from '../../src/plan/types.js';
import { UserError } from '../../src/errors.js';

/** How the Boot jar is unpacked into layers, and the launcher that runs the unpacked layout. */
export interface BootLayout {
  /** argv (after `java`) that extracts /out/app.jar into /out/layers/<layer>/, or null for an unlayered fat jar. */
  extract: string[] | null;
  layers: string[];
  launcher: string | null;
  note: string;
}

const LAYERS = ['dependencies', 'spring-boot-loader', 'snapshot-dependencies', 'application'];

/**
 * Boot 3.3+: the `tools` jar mode (`extract --layers --launcher`); 2.4 to 3.2: `layertools`; older jars have no
 * layer index, so they run as one fat jar. Boot 3.2 moved the launcher to org.springframework.boot.loader.launch.
 */
export function bootLayout(version: string | undefined): BootLayout {
  const v = version ? semver.coerce(version) : null;
  if (v && semver.lt(v, '2.4.0')) {
    return { extract: null, layers: [], launcher: null, note: `Spring Boot ${version} jars have no layer index: the fat jar runs as it is` };
  }
  const launcher = v && semver.lt(v, '3.2.0') ? 'org.springframework.boot.loader.JarLauncher' : 'org.springframework.boot.loader.launch.JarLauncher';
  const tools = !v || semver.gte(v, '3.3.0');
  const extract = tools
    ? ['-Djarmode=tools', '-jar', '/out/app.jar', 'extract', '--layers', '--launcher', '--destination', '/out/layers']
    : ['-Djarmode=layertools', '-jar', '/out/app.jar', 'extract', '--destination', '/out/layers'];
  const how = `${tools ? 'jarmode tools' : 'jarmode layertools'}, ${launcher}`;
  return { extract, layers: LAYERS, launcher, note: version ? `Spring Boot ${version}: layered jar (${how})` : `Spring Boot version not named in the build file: assuming 3.3 or newer (${how})` };
}

/** What application.properties / application.yml say about where the app and its health endpoint listen. */
export interface SpringConfig {
  file?: string;
  port?: number;
  /** The variable a `${NAME:default}` placeholder in server.port reads. */
  portVar?: string;
  contextPath?: string;
  managementBasePath?: string;
  managementPort?: number;
}

/** Reads the default-profile settings from <dir>/src/main/resources/application.properties, then .yml / .yaml. */
export async function readSpringConfig(fs: ProjectFs, dir: string): Promise<SpringConfig> {
  for (const name of ['application.properties', 'application.yml', 'application.yaml']) {
    const file = `${dir ? `${dir}/` : ''}src/main/resources/${name}`;
    const text = await fs.readText(file);
    if (text === undefined) continue;
    const get = name.endsWith('.properties') ? propertiesLookup(text) : yamlLookup(text, file);
    const cfg: SpringConfig = { file };
    const port = placeholder(get('server.port'));
    if (port) {
      cfg.port = port.value;
      cfg.portVar = port.variable;
    }
    const ctx = get('server.servlet.context-path') ?? get('server.servlet.contextPath') ?? get('spring.webflux.base-path');
    if (ctx && /^\/[\w./-]*$/.test(ctx)) cfg.contextPath = ctx.replace(/\/+$/, '');
    const base = get('management.endpoints.web.base-path') ?? get('management.endpoints.web.basePath');
    if (base !== undefined && /^\/?[\w./-]*$/.test(base)) cfg.managementBasePath = `/${base.replace(/^\/+|\/+$/g, '')}`.replace(/^\/$/, '');
    cfg.managementPort = placeholder(get('management.server.port'))?.value;
    return cfg;
  }
  return {};
}

/** `8080`, `${PORT:8080}`, `${PORT}` -> the port and the variable it reads. */
function placeholder(value: string | undefined): { value?: number; variable?: string } | undefined {
  if (value === undefined) return undefined;
  const m = /^\$\{([A-Za-z_][\w.-]*)(?::(\d{1,5}))?\}$/.exec(value.trim());
  const n = Number(m ? m[2] : value.trim());
  const port = Number.isInteger(n) && n >= 1 && n <= 65535 ? n : undefined;
  const variable = m && /^[A-Za-z_]\w*$/.test(m[1]!) ? m[1] : undefined;
  return port === undefined && variable === undefined ? undefined : { value: port, variable };
}

function propertiesLookup(text: string): (key: string) => string | undefined {
  const map = new Map<string, string>();
  const lines = text.replace(/\\\r?\n\s*/g, '').split(/\r?\n/);
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    const m = /^([^=:\s]+)\s*[=:\s]\s*(.*)$/.exec(line);
    if (m) map.set(m[1]!, m[2]!.trim());
  }
  return (key) => map.get(key);
}

function yamlLookup(text: string, file: string): (key: string) => string | undefined {
  const docs = YAML.parseAllDocuments(text);
  const roots: unknown[] = [];
  for (const doc of docs) {
    if ('errors' in doc && doc.errors.length > 0) {
      const e = doc.errors[0]!;
      const pos = e.linePos?.[0];
      throw new UserError(`${file}:${pos ? `${pos.line}:${pos.col}:` : ''} invalid YAML (${e.message.split('\n')[0]}); fix the syntax and run again`);
    }
    let root: unknown;
    try {
      root = doc.toJS({ maxAliasCount: 100 }) as unknown;
    } catch (err) {
      throw new UserError(`${file}: cannot read the YAML (${String((err as Error).message).split('\n')[0]}); fix it and run again`);
    }
    // Profile documents (spring.config.activate.on-profile, spring.profiles) do not apply by default.
    if (find(root, 'spring.config.activate.on-profile') === undefined && find(root, 'spring.profiles') === undefined) roots.push(root);
  }
  return (key) => {
    let value: string | undefined;
    for (const r of roots) value = find(r, key) ?? value;
    return value;
  };
}

/** Looks a dotted key up in nested YAML maps, allowing dotted keys at any level (`server.port:` or `server: {port:}`). */
function find(node: unknown, key: string): string | undefined {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const obj = node as Record<string, unknown>;
  const parts = key.split('.');
  for (let i = parts.length; i >= 1; i--) {
    const head = parts.slice(0, i).join('.');
    if (!(head in obj)) continue;
    const v = obj[head];
    if (i === parts.length) return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
    const rest = find(v, parts.slice(i).join('.'));
    if (rest !== undefined) return rest;
  }
  return undefined;
}

const valueOf = (vars: EnvVar[], name: string): string | undefined => vars.find((v) => v.name === name)?.value;

/**
 * Spring Boot reads its own property names, not DATABASE_URL / REDIS_URL: adds SPRING_* variables (relaxed binding)
 * that point at the compose service, reusing the service's user, password and database references.
 */
export function withSpringServiceEnv(services: ServicePlan[], bootMajor: number, jdbcDriver: 'mysql' | 'mariadb'): ServicePlan[] {
  // Spring has one primary DataSource: the first SQL service (the chosen database) gets spring.datasource.*.
  let datasource = false;
  return services.map((s) => {
    const add: EnvVar[] = [];
    const ref = (value: string | undefined, name: string): EnvVar => ({ name, value: value ?? '', interpolate: true });
    const sql = s.name === 'postgres' || s.name === 'mysql';
    if (sql && datasource) return s;
    if (sql) datasource = true;
    if (s.name === 'postgres') {
      add.push(
        ref(`jdbc:postgresql://postgres:5432/${valueOf(s.environment, 'POSTGRES_DB')}`, 'SPRING_DATASOURCE_URL'),
        ref(valueOf(s.environment, 'POSTGRES_USER'), 'SPRING_DATASOURCE_USERNAME'),
        ref(valueOf(s.environment, 'POSTGRES_PASSWORD'), 'SPRING_DATASOURCE_PASSWORD'),
      );
    } else if (s.name === 'mysql') {
      add.push(
        ref(`jdbc:${jdbcDriver}://mysql:3306/${valueOf(s.environment, 'MARIADB_DATABASE')}`, 'SPRING_DATASOURCE_URL'),
        ref(valueOf(s.environment, 'MARIADB_USER'), 'SPRING_DATASOURCE_USERNAME'),
        ref(valueOf(s.environment, 'MARIADB_PASSWORD'), 'SPRING_DATASOURCE_PASSWORD'),
      );
    } else if (s.name === 'redis') {
      add.push({ name: bootMajor >= 3 ? 'SPRING_DATA_REDIS_HOST' : 'SPRING_REDIS_HOST', value: 'redis' });
    } else if (s.name === 'mongo') {
      add.push(ref(valueOf(s.appEnvironment, 'MONGODB_URI'), 'SPRING_DATA_MONGODB_URI'));
    }
    return { ...s, appEnvironment: [...s.appEnvironment, ...add] };
  });
}
