import { dockerignoreLines, SECRET_IGNORES } from '../shared/ignores.js';
import YAML from 'yaml';
import type { ProjectFs } from '../../src/fs/project-fs.js';
import type { BaseFlavour } from '../../src/plan/types.js';
import type { PackageManagerPlan } from './package-manager.js';
import { UserError } from '../../src/errors.js';
import { NODE } from '../../src/versions/node.js';
import { DISTROLESS_EOL, distrolessMaintained } from '../../src/versions/distroless.js';
import { findRelease, maintainedDistroless, newestDebian } from '../../src/versions/lookup.js';
import { DISTROLESS_SUFFIX, type Debian } from '../../src/versions/types.js';

/** The static file server for SPAs: small, runs unprivileged, SPA fallback with --single. Pinned. */
export const STATIC_SERVER = {
  package: 'sirv-cli@3.0.1',
  prefix: '/opt/static-server',
  bin: '/opt/static-server/node_modules/sirv-cli/bin.js',
} as const;

/** The Debian release a Node major is built on, and whether a maintained distroless image exists for it there. */
export function nodeDebian(major: number, runtime: 'node' | 'bun'): { debian: Debian; distroless: boolean } {
  const release = findRelease(NODE, String(major))!;
  const debian = newestDebian(release)!;
  // Bun runs in distroless/cc, which exists for every Debian the node images are built on.
  const distroless = runtime === 'bun'
    ? distrolessMaintained(DISTROLESS_SUFFIX[debian] ?? '', 'cc') && DISTROLESS_SUFFIX[debian] !== undefined
    : maintainedDistroless(release, debian, (suffix) => DISTROLESS_EOL[suffix]?.nodejs);
  return { debian, distroless };
}

/** Base images (repository + tag with `${NODE_VERSION}`), the init binary and the runtime's node path. */
export function nodeImages(base: BaseFlavour, runtime: 'node' | 'bun', debian: Debian) {
  const alpine = base === 'alpine';
  const distroless = debian === 'trixie' ? 'debian13' : 'debian12';
  const build = alpine
    ? { name: 'node', tag: '${NODE_VERSION}-alpine' }
    : { name: 'node', tag: `\${NODE_VERSION}-${debian}-slim` };
  const nodeRuntime = {
    distroless: { name: `gcr.io/distroless/nodejs\${NODE_VERSION}-${distroless}`, tag: 'nonroot' },
    slim: { name: 'node', tag: `\${NODE_VERSION}-${debian}-slim` },
    alpine: { name: 'node', tag: '${NODE_VERSION}-alpine' },
  }[base];
  const bunRuntime = {
    distroless: { name: `gcr.io/distroless/cc-${distroless}`, tag: 'nonroot' },
    slim: { name: 'debian', tag: `${debian}-slim` },
    alpine: { name: 'node', tag: '${NODE_VERSION}-alpine' },
  }[base];
  return {
    build,
    runtime: runtime === 'bun' ? bunRuntime : nodeRuntime,
    nodeBin: base === 'distroless' ? '/nodejs/bin/node' : '/usr/local/bin/node',
    // tini as PID 1: forwards SIGTERM to the app (node ignores it as PID 1) and reaps zombies.
    init: alpine
      ? { packages: ['tini'], install: ['apk', 'add', '--no-cache', 'tini'], path: '/sbin/tini', apt: false }
      : { packages: ['tini'], install: [], path: '/usr/bin/tini-static', apt: true },
  };
}

const ALWAYS = [
  'npm-debug.log*', 'yarn-debug.log*', 'yarn-error.log*', 'pnpm-debug.log*', '*.log', '.npmrc.local',
  'coverage', '.nyc_output', '.cache', '.turbo', '.eslintcache', '.parcel-cache',
  'test', 'tests', '__tests__', '**/*.test.*', '**/*.spec.*',
];

/** .dockerignore lines; build outputs are excluded only when the image rebuilds them. */
export function nodeDockerignore(hasBuild: boolean, outputs: string[], pm: PackageManagerPlan): string[] {
  const lines = dockerignoreLines(ALWAYS);
  if (hasBuild) lines.push(...new Set(outputs));
  if (pm.name === 'yarn' && pm.variant === 'berry') lines.push('.yarn/cache', '.yarn/install-state.gz', '.yarn/unplugged', '.pnp.*');
  // Credentials never enter the context (they are build secrets); other install config is needed by the install.
  lines.push(...pm.secretFiles.map((s) => s.file).filter((f) => !SECRET_IGNORES.includes(`**/${f}`)));
  lines.push(...pm.manifestFiles.filter((f) => f.startsWith('.')).map((f) => `!${f}`));
  return lines;
}

/**
 * A migrations folder inside a build output the .dockerignore leaves out (drizzle's `out: './dist/migrations'`, or
 * `out` itself beside a static export) is re-included: the migrate service reads it from the image.
 */
export function keepMigrations(hasBuild: boolean, outputs: string[], migrate: { folder?: string } | null | undefined): string[] {
  const folder = migrate?.folder;
  if (!hasBuild || !folder) return [];
  return outputs.some((o) => folder === o || folder.startsWith(`${o}/`)) ? [`!${folder}`] : [];
}

/** Workspace globs from package.json (npm, yarn) or pnpm-workspace.yaml. */
export async function nodeWorkspaces(fs: ProjectFs, field: unknown): Promise<string[]> {
  const fromPkg = Array.isArray(field) ? field : (field as { packages?: unknown } | undefined)?.packages;
  if (Array.isArray(fromPkg)) return fromPkg.filter((w): w is string => typeof w === 'string');
  const text = await fs.readText('pnpm-workspace.yaml');
  if (text === undefined) return [];
  let doc: { packages?: unknown } | null;
  try {
    doc = YAML.parse(text) as { packages?: unknown } | null;
  } catch (err) {
    const pos = (err as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    throw new UserError(`pnpm-workspace.yaml:${pos ? `${pos.line}:${pos.col}:` : ''} invalid YAML; fix the syntax and run again`);
  }
  return Array.isArray(doc?.packages) ? doc.packages.filter((w): w is string => typeof w === 'string') : [];
}
