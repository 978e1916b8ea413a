import type { StackEvidence } from '../types.js';

/**
 * The Python stack as detection sees it: its names and the cheap evidence check. The planning code
 * (./detector.ts) is loaded only when this stack is the one planned (detectors/index.ts).
 */
export const pythonStack: StackEvidence = {
  id: 'python',
  title: 'Python',
  manifests: ['requirements.txt', 'pyproject.toml', 'Pipfile'],

  async detect(fs) {
    // A Django manage.py marks the app server even when a package.json builds its assets.
    if (await fs.exists('manage.py')) return { stack: 'python', reason: 'manage.py (Django)', weight: 60 };
    for (const f of ['uv.lock', 'poetry.lock', 'pdm.lock', 'Pipfile.lock', 'Pipfile', 'requirements.txt', 'requirements']) {
      if (await fs.exists(f)) return { stack: 'python', reason: f === 'requirements' ? 'requirements/ folder' : f, weight: 45 };
    }
    // A pyproject.toml that only configures tools (black, ruff) beside another stack's manifest is weak evidence.
    const pyproject = await fs.readText('pyproject.toml');
    if (pyproject !== undefined) return { stack: 'python', reason: 'pyproject.toml', weight: /^\[(project|tool\.poetry|tool\.uv\.workspace)\]/m.test(pyproject) ? 40 : 10 };
    for (const f of await fs.list('.')) if (/^requirements-[\w.-]+\.txt$/.test(f)) return { stack: 'python', reason: f, weight: 40 };
    return undefined;
  },
};
