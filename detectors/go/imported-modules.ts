import type { GoRequire } from './go-mod.js';
import type { SourceText } from '../shared/health-route.js';

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The modules the app uses: go.mod's direct requirements, plus those marked `// indirect` that the app's own code
 * imports (the module or one of its packages, blank `_` imports included). An untidy go.mod (or one from before Go
 * 1.17) can mark the database driver the app imports as indirect; the driver still decides the service and the
 * form of its connection string.
 */
export function usedModules(requires: GoRequire[], sources: SourceText[]): string[] {
  const direct = requires.filter((r) => !r.indirect).map((r) => r.path);
  const imported = requires.filter((r) => r.indirect && imports(sources, r.path)).map((r) => r.path);
  return [...new Set([...direct, ...imported])];
}

// An import spec is a quoted path after `import`, an alias or `_`, inside or outside an `import ( ... )` block; a
// quoted path on a line of its own (optionally named) is what those look like, and ordinary string literals
// holding a module path with nothing else on the line are rare enough to count.
function imports(sources: SourceText[], module: string): boolean {
  const re = new RegExp(String.raw`^\s*(?:import\s+)?(?:[\w.]+\s+)?"${escapeRe(module)}(?:/[^"]*)?"\s*(?://.*)?$`, 'm');
  return sources.some((s) => re.test(s.text));
}
