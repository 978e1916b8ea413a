import type { PackageManagerPlan } from './package-manager.js';
import type { Artifact } from './frameworks.js';
import type { NativeBuild } from './native.js';
import type { PrismaPlan } from './prisma.js';
import type { TreeCopy } from './install-tree.js';
import type { WorkspaceDeploy } from './workspace-deploy.js';
import type { LifecyclePlan } from './lifecycle.js';
import type { nodeImages, STATIC_SERVER } from './image.js';

/** Template data of the node stack (templates/node). */
export interface NodeDetails {
  pm: PackageManagerPlan;
  images: ReturnType<typeof nodeImages>;
  prodDeps: boolean;
  /** Stage the runtime's node_modules come from: production-only `deps`, or `build` (all dependencies). */
  depsFrom: 'deps' | 'build';
  copyContext: boolean;
  artifacts: Artifact[];
  staticServer: typeof STATIC_SERVER | null;
  staticDir: string | null;
  runtimeKind: 'node' | 'bun';
  /** Absolute paths of framework build caches, mounted as BuildKit caches during the build. */
  buildCaches: string[];
  /** Packages compiled at install: the install stage (base) adds their build tools; null when nothing compiles. */
  native: NativeBuild | null;
  /** Prisma: `prisma generate` in the build stage, its client copied into the runtime; null without Prisma. */
  prisma: PrismaPlan | null;
  /** The runtime needs OpenSSL that its image lacks (Prisma's native engine on slim or Alpine). */
  runtimeOpenssl: boolean;
  /** A build stage exists: a build command, or a generate step such as Prisma's. */
  buildStage: boolean;
  /** Path-keeping copies before the install: workspace member manifests, patches, yarn releases and plugins. */
  installCopies: TreeCopy[];
  /** Root-level install files (package.json, lockfile, install config), copied together. */
  rootManifests: string[];
  /**
   * A workspace member's trimmed runtime: pnpm's deploy stage (its output is /app) or npm's / yarn berry's filtered
   * production install (`deps`); null at the root and where the runtime keeps the whole built workspace.
   */
  deploy: WorkspaceDeploy | null;
  /** The project's own install scripts: `npm pkg` edits of the image's package.json copies before the install. */
  lifecycle: LifecyclePlan;
  /** `npm pkg set allowScripts[...]` approving the dependencies that compile at install (npm 12 skips unapproved ones); null when none. */
  allowScripts: string[] | null;
  /** After the deps stage's full install (its hooks need a devDependency): the command removing devDependencies. */
  pruneDev: string[] | null;
  /** Workspace member the app runs in (the runtime's working directory below /app); null at the root. */
  appDir: string | null;
  /** Header line, e.g. "Node.js (npm, express)". */
  title: string;
}
