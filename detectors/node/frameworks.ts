import type { ProjectFs } from '../../src/fs/project-fs.js';
import type { EnvVar } from '../../src/plan/types.js';
import { UserError } from '../../src/errors.js';

/** A file or folder copied into the runtime stage. */
export interface Artifact {
  from: 'build' | 'context';
  src: string;
  dest: string;
}

/** What a framework implies for the image: how it builds, what the runtime needs and how it starts. */
export interface AppShape {
  framework: string | null;
  kind: 'server' | 'static';
  defaultPort: number;
  /** Runtime artifacts; empty with `copyContext` means "the whole (ignored-filtered) source". */
  artifacts: Artifact[];
  copyContext: boolean;
  prodDeps: boolean;
  /** Start argv relative to the runtime: 'node' first means the image's node binary. Undefined: use scripts. */
  start?: string[];
  /** Static sites: the folder the build writes. */
  staticDir?: string;
  env: EnvVar[];
  writableDirs: string[];
  notes: string[];
  /** Build output folders (for .dockerignore). */
  outputs: string[];
  /** Framework build caches kept across builds in BuildKit cache mounts (relative to /app). */
  buildCaches: string[];
}

/** The package.json facts frameworks are recognised by. */
export interface PackageFacts {
  deps: Set<string>;
  scripts: Record<string, string>;
  hasBuild: boolean;
}

const base = (framework: string | null, defaultPort: number): AppShape => ({
  framework, kind: 'server', defaultPort, artifacts: [], copyContext: false, prodDeps: true, env: [], writableDirs: [], notes: [], outputs: [], buildCaches: [],
});

const staticSite = (framework: string, dir: string): AppShape => ({
  ...base(framework, 8080), kind: 'static', staticDir: dir, prodDeps: false, outputs: [dir],
});

async function firstExisting(fs: ProjectFs, files: string[]): Promise<string | undefined> {
  for (const f of files) if (await fs.exists(f)) return f;
  return undefined;
}

async function configText(fs: ProjectFs, stem: string): Promise<string> {
  const file = await firstExisting(fs, ['js', 'mjs', 'cjs', 'ts', 'mts'].map((e) => `${stem}.${e}`));
  return file ? ((await fs.readText(file)) ?? '') : '';
}

async function nextShape(fs: ProjectFs): Promise<AppShape> {
  const cfg = await configText(fs, 'next.config');
  const output = /output\s*:\s*['"`](standalone|export)['"`]/.exec(cfg)?.[1];
  if (output === 'export') return { ...staticSite('nextjs', 'out'), buildCaches: ['.next/cache'] };
  const pub = (await fs.isDir('public')) ? [{ from: 'build' as const, src: '/app/public', dest: './public' }] : [];
  const shape = base('nextjs', 3000);
  shape.env.push({ name: 'HOSTNAME', value: '0.0.0.0' }, { name: 'NEXT_TELEMETRY_DISABLED', value: '1' });
  shape.writableDirs.push('.next/cache');
  shape.outputs.push('.next', 'out');
  shape.buildCaches.push('.next/cache');
  if (output === 'standalone') {
    shape.prodDeps = false;
    shape.artifacts.push(
      { from: 'build', src: '/app/.next/standalone', dest: './' },
      { from: 'build', src: '/app/.next/static', dest: './.next/static' },
      ...pub,
    );
    shape.start = ['node', 'server.js'];
    shape.notes.push('Next.js output: "standalone": the runtime gets the traced server only, no node_modules install');
    return shape;
  }
  shape.artifacts.push({ from: 'build', src: '/app/.next', dest: './.next' }, ...pub, { from: 'build', src: '/app/package.json', dest: './' });
  const cfgFile = await firstExisting(fs, ['next.config.js', 'next.config.mjs', 'next.config.cjs']);
  if (cfgFile) shape.artifacts.push({ from: 'build', src: `/app/${cfgFile}`, dest: './' });
  shape.start = ['node', 'node_modules/next/dist/bin/next', 'start'];
  shape.notes.push('Next.js without output: "standalone": set it in next.config for a much smaller image');
  return shape;
}

/** Recognises the framework from dependencies and config files. Order matters: meta-frameworks first. */
export async function detectFramework(fs: ProjectFs, facts: PackageFacts): Promise<AppShape> {
  const has = (d: string): boolean => facts.deps.has(d);
  if (has('next')) return nextShape(fs);
  if (has('nuxt')) {
    const s = base('nuxt', 3000);
    s.prodDeps = false;
    s.artifacts.push({ from: 'build', src: '/app/.output', dest: './.output' });
    s.start = ['node', '.output/server/index.mjs'];
    s.env.push({ name: 'HOST', value: '0.0.0.0' });
    s.outputs.push('.output', '.nuxt');
    return s;
  }
  if (has('@react-router/serve') || has('@remix-run/serve')) {
    const rr = has('@react-router/serve');
    const s = base(rr ? 'react-router' : 'remix', 3000);
    s.artifacts.push({ from: 'build', src: '/app/build', dest: './build' }, { from: 'build', src: '/app/package.json', dest: './' });
    if (await fs.isDir('public')) s.artifacts.push({ from: 'build', src: '/app/public', dest: './public' });
    s.env.push({ name: 'HOST', value: '0.0.0.0' });
    s.outputs.push('build');
    return s;
  }
  if (has('@nestjs/core')) {
    const s = base('nestjs', 3000);
    s.artifacts.push({ from: 'build', src: '/app/dist', dest: './dist' }, { from: 'build', src: '/app/package.json', dest: './' });
    s.start = ['node', 'dist/main.js'];
    s.outputs.push('dist');
    return s;
  }
  if (has('@sveltejs/kit')) {
    if (has('@sveltejs/adapter-static')) return staticSite('sveltekit', 'build');
    if (!has('@sveltejs/adapter-node')) {
      throw new UserError('package.json: SvelteKit without @sveltejs/adapter-node builds no Node server; add adapter-node (or adapter-static) to svelte.config and run again');
    }
    const s = base('sveltekit', 3000);
    s.artifacts.push({ from: 'build', src: '/app/build', dest: './build' }, { from: 'build', src: '/app/package.json', dest: './' });
    s.start = ['node', 'build/index.js'];
    s.env.push({ name: 'HOST', value: '0.0.0.0' });
    s.outputs.push('build', '.svelte-kit');
    return s;
  }
  if (has('astro')) {
    if (!has('@astrojs/node')) return staticSite('astro', 'dist');
    const s = base('astro', 4321);
    s.artifacts.push({ from: 'build', src: '/app/dist', dest: './dist' }, { from: 'build', src: '/app/package.json', dest: './' });
    s.start = ['node', 'dist/server/entry.mjs'];
    s.env.push({ name: 'HOST', value: '0.0.0.0' });
    s.outputs.push('dist', '.astro');
    return s;
  }
  if (has('@angular/core') && !has('@angular/ssr')) {
    const name = await angularProject(fs);
    return staticSite('angular', name ? `dist/${name}/browser` : 'dist');
  }
  if (has('react-scripts')) return staticSite('create-react-app', 'build');
  const server = ['express', 'fastify', 'koa', 'hono', '@hapi/hapi', 'h3', 'elysia'].find(has);
  if (server) return { ...base(server, 3000), copyContext: true };
  if (has('vite') && facts.hasBuild && !facts.scripts.start) return staticSite('vite', 'dist');
  return { ...base(null, 3000), copyContext: true };
}

async function angularProject(fs: ProjectFs): Promise<string | undefined> {
  const ng = await fs.readJson<{ projects?: Record<string, unknown>; defaultProject?: string }>('angular.json');
  const names = Object.keys(ng?.projects ?? {});
  return ng?.defaultProject ?? names[0];
}
