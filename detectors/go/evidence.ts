import type { StackEvidence } from '../types.js';

/**
 * The Go stack as detection sees it: its names and the cheap evidence check. The planning code
 * (./detector.ts) is loaded only when this stack is the one planned (detectors/index.ts).
 */
export const goStack: StackEvidence = {
  id: 'go',
  title: 'Go',
  manifests: ['go.mod', 'go.work'],

  async detect(fs) {
    if (await fs.exists('go.work')) return { stack: 'go', reason: 'go.work workspace', weight: 55 };
    if (await fs.exists('go.mod')) return { stack: 'go', reason: 'go.mod', weight: 55 };
    return undefined;
  },
};
