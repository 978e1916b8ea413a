import type { Detector, StackEvidence } from './types.js';
import { nodeStack } from './node/evidence.js';
import { goStack } from './go/evidence.js';
import { pythonStack } from './python/evidence.js';
import { rustStack } from './rust/evidence.js';
import { javaStack } from './java/evidence.js';

/**
 * A stack whose planning code is imported on first use: detection runs every stack's `detect`, but a run plans one
 * stack, so the bundle keeps each stack's planning code (and what only it uses) in a chunk of its own.
 */
function lazy(stack: StackEvidence, load: () => Promise<Detector>, workspaces: boolean): Detector {
  return {
    ...stack,
    plan: async (fs, answers) => (await load()).plan(fs, answers),
    ...(workspaces ? { workspaceApps: async (fs) => (await load()).workspaceApps!(fs) } : {}),
  };
}

/**
 * Every stack, in the order they are tried. When several match, the highest evidence weight wins and ties go
 * to the earlier entry. Adding a stack: one detectors/<stack>/ folder (evidence.ts, detector.ts), one
 * templates/<stack>/ folder, one line here (true when it lists workspace apps).
 */
export const DETECTORS: readonly Detector[] = [
  lazy(nodeStack, async () => (await import('./node/detector.js')).nodeDetector, true),
  lazy(goStack, async () => (await import('./go/detector.js')).goDetector, false),
  lazy(rustStack, async () => (await import('./rust/detector.js')).rustDetector, false),
  lazy(pythonStack, async () => (await import('./python/detector.js')).pythonDetector, true),
  lazy(javaStack, async () => (await import('./java/detector.js')).javaDetector, false),
];
