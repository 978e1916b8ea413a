import path from 'node:path';
import type { ProjectFs } from './project-fs.js';

/**
 * The view of a workspace member (`apps/web`) inside a project: paths are relative to the member, reads go through
 * the project's own {@link ProjectFs} (so its boundary and safety checks hold), and `../` reaches the rest of the
 * workspace. Glob patterns stay inside the member.
 */
export function scopedFs(fs: ProjectFs, dir: string): ProjectFs {
  const at = (rel: string): string => path.posix.normalize(`${dir}/${rel}`);
  const back = (p: string): string => p.slice(dir.length + 1);
  return {
    root: path.join(fs.root, dir),
    boundary: fs.boundary,
    get warnings() {
      return fs.warnings;
    },
    readText: (rel) => fs.readText(at(rel)),
    readJson: (rel) => fs.readJson(at(rel)),
    exists: (rel) => fs.exists(at(rel)),
    isDir: (rel) => fs.isDir(at(rel)),
    list: (rel) => fs.list(at(rel)),
    lastChanged: (rel) => fs.lastChanged(at(rel)),
    async glob(patterns, options = {}) {
      const list = typeof patterns === 'string' ? [patterns] : patterns;
      const found = await fs.glob(list.map((p) => (p.startsWith('!') ? `!${at(p.slice(1))}` : at(p))), { deep: (options.deep ?? 8) + dir.split('/').length });
      return found.map(back);
    },
    async firstFiles(patterns, options) {
      const { skip } = options;
      // `dir/` prefixes every path alike: the order of the member's paths is the order of the workspace's.
      const found = await fs.firstFiles(patterns.map((p) => (p.startsWith('!') ? `!${at(p.slice(1))}` : at(p))), {
        deep: (options.deep ?? 8) + dir.split('/').length,
        count: options.count,
        ...(skip ? { skip: (rel: string) => skip(back(rel)) } : {}),
      });
      return found.map(back);
    },
  };
}
