import type { StackEvidence } from '../types.js';

/**
 * The Rust stack as detection sees it: its names and the cheap evidence check. The planning code
 * (./detector.ts) is loaded only when this stack is the one planned (detectors/index.ts).
 */
export const rustStack: StackEvidence = {
  id: 'rust',
  title: 'Rust',
  manifests: ['Cargo.toml'],

  async detect(fs) {
    return (await fs.exists('Cargo.toml')) ? { stack: 'rust', reason: 'Cargo.toml', weight: 55 } : undefined;
  },
};
