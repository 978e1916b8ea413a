import type { ProjectFs } from '../../src/fs/project-fs.js';
import { parse as parseToml } from 'smol-toml';
import { PROJECT_DOCKERFILES, projectConfigReader } from './platform-health.js';
import { isAppPortName, type PortFinding } from './env/port.js';

/**
 * The port the project's own deployment files give the app, for when its source does not say:
 * 1. an existing Dockerfile (root, docker/, scripts/, build/, deploy/) that sets the app's port variable
 *    (`ENV MEMOS_PORT=5230`): that variable and value;
 * 2. fly.toml `internal_port` / `[[services]] internal_port`;
 * 3. that Dockerfile's first `EXPOSE`.
 * Our own generated Dockerfile is never evidence.
 */


async function fromDockerfile(text: string, file: string): Promise<{ env?: PortFinding; expose?: PortFinding }> {
  // Loaded only when the project has a Dockerfile of its own (ours carry a header and are never read here). Through a
  // module of ours: a bundled `import()` of the CommonJS package itself has no named exports.
  const { parseDockerfile } = await import('./dockerfile-parse.js');
  const df = parseDockerfile(text);
  const out: { env?: PortFinding; expose?: PortFinding } = {};
  for (const i of df.getInstructions()) {
    const kw = i.getKeyword();
    if (kw === 'ENV' && !out.env) {
      const args = i.getArguments().map((a) => a.getValue());
      // `ENV A=1 B=2` and the legacy `ENV A 1`.
      const pairs = args.some((a) => a.includes('=')) ? args.map((a) => a.split(/=(.*)/s)) : [[args[0] ?? '', args.slice(1).join(' ')]];
      for (const [name, raw] of pairs) {
        const value = Number(String(raw ?? '').replace(/^["']|["']$/g, ''));
        if (name && isAppPortName(name) && Number.isInteger(value) && value >= 1 && value <= 65535) {
          out.env = { value, file, name };
          break;
        }
      }
    }
    if (kw === 'EXPOSE' && !out.expose) {
      const n = Number(/^(\d{1,5})(?:\/tcp)?$/.exec(i.getArguments()[0]?.getValue() ?? '')?.[1]);
      if (n >= 1 && n <= 65535) out.expose = { value: n, file };
    }
  }
  return out;
}

/** The port (and its variable) the project's own Dockerfile or fly.toml gives, in the order above, or undefined. */
export async function platformPort(fs: ProjectFs): Promise<PortFinding | undefined> {
  const readable = await projectConfigReader(fs);
  let expose: PortFinding | undefined;
  for (const file of PROJECT_DOCKERFILES) {
    const text = await readable(file);
    if (text === undefined) continue;
    const found = await fromDockerfile(text, file);
    if (found.env) return found.env;
    expose ??= found.expose;
  }
  const fly = await readable('fly.toml');
  if (fly !== undefined) {
    try {
      const doc = parseToml(fly) as { http_service?: { internal_port?: unknown }; services?: { internal_port?: unknown }[] };
      const n = Number(doc.http_service?.internal_port ?? doc.services?.[0]?.internal_port);
      if (Number.isInteger(n) && n >= 1 && n <= 65535) return { value: n, file: 'fly.toml' };
    } catch {
      // an unreadable fly.toml is no evidence
    }
  }
  return expose;
}

/** The source's port when it names the variable; else the project's Dockerfile ENV port; else the literal; else any. */
export async function preferPort(fs: ProjectFs, source: PortFinding | undefined): Promise<PortFinding | undefined> {
  if (source?.name) return source;
  const platform = await platformPort(fs);
  return platform?.name ? platform : source ?? platform;
}
