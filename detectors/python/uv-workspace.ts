import type { ProjectFs } from '../../src/fs/project-fs.js';
import { staysInside } from '../../src/fs/project-fs.js';
import { UserError, excerpt } from '../../src/errors.js';
import { namesOf, normaliseName } from './requirements.js';
import { readToml } from './toml.js';
import { EVERY_APP } from '../../src/plan/apps.js';

type Table = Record<string, unknown>;
const table = (v: unknown): Table => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Table) : {});
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** One member of a uv workspace: its folder (relative to the workspace root) and project name. */
export interface UvMember {
  /** Folder relative to the workspace root, e.g. `backend`. */
  dir: string;
  /** `[project] name` as written (uv's `--package` takes it), else the folder. */
  name: string;
  /** Why it counts as an app, or undefined for a library member. */
  why: string | undefined;
}

/** A uv workspace read from the root pyproject.toml's `[tool.uv.workspace]`. */
export interface UvWorkspace {
  /** Members other than the root, in folder order. */
  members: UvMember[];
  /** The root's own `[project] name`, when the root is a project too (else a virtual workspace root). */
  rootName: string | undefined;
}

/** Dependencies that make a member a server: web frameworks and the servers that run them. */
const SERVER_DEPS = [
  'django', 'fastapi', 'flask', 'starlette', 'litestar', 'quart', 'falcon', 'bottle', 'aiohttp', 'tornado', 'sanic',
  'gunicorn', 'uvicorn', 'hypercorn', 'daphne', 'waitress', 'granian',
];

const clean = (m: string): string => m.replace(/^\.\//, '').replace(/\/+$/, '');

/** Why a member's manifest (and folder) describe a deployable app, or undefined for a library. */
export async function uvMemberWhy(fs: ProjectFs, dir: string, pyproject: Table): Promise<string | undefined> {
  const at = (f: string): string => (dir ? `${dir}/${f}` : f);
  if (await fs.exists(at('manage.py'))) return 'manage.py (Django)';
  const deps = namesOf(strs(table(pyproject.project).dependencies), `${at('pyproject.toml')} [project] dependencies`);
  const server = SERVER_DEPS.find((d) => deps.includes(d));
  return server ? `${server} dependency` : undefined;
}

/**
 * The workspace the root pyproject.toml declares (`[tool.uv.workspace] members`, globs expanded to folders holding a
 * pyproject.toml, minus `exclude`), or undefined when it declares none.
 */
export async function readUvWorkspace(fs: ProjectFs, root: Table | undefined): Promise<UvWorkspace | undefined> {
  const ws = table(table(table(root?.tool).uv).workspace);
  const globs = strs(ws.members).map(clean);
  if (!globs.length) return undefined;
  for (const g of globs) {
    if (!staysInside(fs.root, fs.boundary, g || '.')) throw new UserError(`pyproject.toml: uv workspace member ${excerpt(g)} is outside the project, where the Docker build cannot see it; move it inside or drop it from [tool.uv.workspace] members`);
  }
  const found = await fs.glob(globs.map((g) => `${g}/pyproject.toml`), { deep: 8 });
  const excluded = new Set(strs(ws.exclude).length ? await fs.glob(strs(ws.exclude).map((e) => `${clean(e)}/pyproject.toml`), { deep: 8 }) : []);
  const members: UvMember[] = [];
  for (const file of [...new Set(found)].filter((f) => f !== 'pyproject.toml' && !excluded.has(f)).sort()) {
    const dir = file.slice(0, -'/pyproject.toml'.length);
    const doc = (await readToml(fs, file)) ?? {};
    const name = table(doc.project).name;
    members.push({ dir, name: typeof name === 'string' && name ? name : dir, why: await uvMemberWhy(fs, dir, doc) });
  }
  const rootName = table(root?.project).name;
  return { members, rootName: typeof rootName === 'string' && rootName ? rootName : undefined };
}

const listing = (apps: UvMember[]): string => apps.map((a) => (a.name === a.dir ? a.dir : `${a.name} (${a.dir})`)).join(', ');

/**
 * The member to containerise: the one `--workspace` names (project name or folder), else the only deployable member
 * when the root is no app itself (`rootIsApp`). Undefined when the root is the app. Several apps and no choice is a
 * usage error (exit 2) that lists them and the flag to pass.
 */
export function chooseUvMember(ws: UvWorkspace, chosen: string | undefined, rootIsApp: boolean): { member: UvMember; note: string } | undefined {
  const apps = ws.members.filter((m) => m.why);
  if (chosen === EVERY_APP) throw new UserError(`pyproject.toml: --workspace ${EVERY_APP} plans every app in one run; this step plans one (choose one of: ${listing(apps) || 'none found'})`);
  if (chosen !== undefined) {
    const want = clean(chosen);
    const member = ws.members.find((m) => m.dir === want || normaliseName(m.name) === normaliseName(want));
    if (member?.why) return { member, note: `uv workspace member ${member.name} (${member.dir}): --workspace; build context is the workspace root` };
    if (member) throw new UserError(`${member.dir}/pyproject.toml: --workspace ${excerpt(chosen)} is a library (no web framework or server dependency, no manage.py); choose one of: ${listing(apps) || 'none found'}`);
    if (ws.rootName !== undefined && normaliseName(ws.rootName) === normaliseName(want)) return undefined;
    throw new UserError(`pyproject.toml: --workspace ${excerpt(chosen)} is no uv workspace member; choose one of: ${listing(apps) || 'none found'}`);
  }
  if (rootIsApp) return undefined;
  if (apps.length === 1) return { member: apps[0]!, note: `uv workspace member ${apps[0]!.name} (${apps[0]!.dir}): the only deployable member (${apps[0]!.why}); build context is the workspace root` };
  if (apps.length > 1) throw new UserError(`pyproject.toml: ${apps.length} uv workspace apps: ${listing(apps)}; pass --workspace <name> (e.g. --workspace ${apps[0]!.name}) to choose one, or --workspace all for every app`);
  return undefined;
}

/** Whether the uv workspace declared by the pyproject.toml at `fs`'s root has `member` (a folder) among its members. */
export async function isUvMember(fs: ProjectFs, member: string): Promise<boolean> {
  const root = await readToml(fs, 'pyproject.toml').catch(() => undefined);
  const ws = await readUvWorkspace(fs, root).catch(() => undefined);
  return Boolean(ws?.members.some((m) => m.dir === member));
}
