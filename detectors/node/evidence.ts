import type { StackEvidence } from '../types.js';
import { readPackageJson, strings } from './package-json.js';

/**
 * The Node.js stack as detection sees it: its names and the cheap evidence check. The planning code
 * (./detector.ts) is loaded only when this stack is the one planned (detectors/index.ts).
 */
export const nodeStack: StackEvidence = {
  id: 'node',
  title: 'Node.js',
  manifests: ['package.json'],

  async detect(fs) {
    if (!(await fs.exists('package.json'))) return undefined;
    const pkg = await readPackageJson(fs);
    const scripts = strings(pkg.scripts);
    // A package.json that only builds (assets for another stack's server) is weaker evidence than a server's.
    const weight = scripts.start || pkg.main ? 50 : scripts.build ? 30 : 20;
    return { stack: 'node', reason: `package.json${scripts.start ? ' with a start script' : scripts.build ? ' with a build script' : ''}`, weight };
  },
};
