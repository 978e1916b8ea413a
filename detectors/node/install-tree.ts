import type { ProjectFs } from '../../src/fs/project-fs.js';

/** One COPY of the install layer that keeps its path: a workspace member's manifest or an install-time folder. */
export interface TreeCopy {
  src: string;
  dest: string;
}

/** What a frozen install reads besides the root manifests, copied before it so source edits keep the install layer. */
export interface InstallTree {
  /** Workspace member manifests (`apps/web/package.json`), sorted. */
  members: string[];
  /** Folders the install applies or runs: patches, yarn releases and plugins. */
  folders: string[];
  /** Path-keeping copies, in Dockerfile order. */
  copies: TreeCopy[];
}

/** Folders an install reads: patch-package / pnpm patches, and yarn berry's patches, plugins and pinned release. */
const INSTALL_FOLDERS = ['patches', '.yarn/patches', '.yarn/plugins', '.yarn/releases'];

/**
 * Member manifests from the workspace globs (npm/yarn `workspaces`, pnpm-workspace.yaml; `!` globs exclude) and the
 * install folders that exist. A frozen install fails, or installs too little, without every member's package.json.
 */
export async function detectInstallTree(fs: ProjectFs, workspaces: string[]): Promise<InstallTree> {
  const include = workspaces.filter((w) => !w.startsWith('!')).map((w) => `${w.replace(/\/+$/, '')}/package.json`);
  const exclude = workspaces.filter((w) => w.startsWith('!')).map((w) => `${w.slice(1).replace(/\/+$/, '')}/package.json`);
  const found = include.length ? await fs.glob(include, { deep: 6 }) : [];
  const excluded = new Set(exclude.length ? await fs.glob(exclude, { deep: 6 }) : []);
  const members = [...new Set(found)].filter((m) => m !== 'package.json' && !excluded.has(m) && !m.includes('node_modules/')).sort();
  const folders: string[] = [];
  for (const f of INSTALL_FOLDERS) if (await fs.isDir(f)) folders.push(f);
  const copies = [
    ...members.map((m) => ({ src: m, dest: `./${m.slice(0, m.lastIndexOf('/') + 1)}` })),
    ...folders.map((f) => ({ src: f, dest: `./${f}` })),
  ];
  return { members, folders, copies };
}

/** Summary line for a tree beyond the root manifests, or undefined when there is none. */
export function installTreeNote(tree: InstallTree): string | undefined {
  if (!tree.copies.length) return undefined;
  const parts = [
    tree.members.length ? `${tree.members.length} workspace member manifest${tree.members.length === 1 ? '' : 's'}` : '',
    ...tree.folders,
  ].filter(Boolean);
  return `install layer also copies ${parts.join(', ')} before the install`;
}
