import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { byCodeUnits } from '../../../detectors/shared/text-order.js';
import { runCli } from '../../hostile/cli-run.js';

describe('text order of detectors', () => {
  test('code units, as the default sort: upper case before lower, no locale rules', () => {
    expect(['h.js', 'chat.js', 'd.js', 'app.js', 'Server.js', '_x.js', 'a-b.js', 'a.js'].sort(byCodeUnits))
      .toEqual(['Server.js', '_x.js', 'a-b.js', 'a.js', 'app.js', 'chat.js', 'd.js', 'h.js']);
    fc.assert(fc.property(fc.array(fc.string({ unit: 'grapheme' })), (xs) => {
      expect([...xs].sort(byCodeUnits)).toEqual([...xs].sort());
    }));
  });

  // In a Czech locale `ch` sorts after `h`: with localeCompare, the source scan read src/d.js first there and took its port.
  test('the generated files do not depend on the user\'s locale', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cdf-locale-'));
    try {
      mkdirSync(path.join(dir, 'src'));
      writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'loc', version: '1.0.0', scripts: { start: 'node server.js' }, dependencies: { express: '^4.21.0' } }));
      writeFileSync(path.join(dir, 'server.js'), "require('./src/chat.js');\n");
      writeFileSync(path.join(dir, 'src', 'chat.js'), "require('express')().listen(4000);\n");
      writeFileSync(path.join(dir, 'src', 'd.js'), "require('express')().listen(5000);\n");
      const runs = await Promise.all(['C.UTF-8', 'cs_CZ.UTF-8'].map((l) => runCli(['--yes', '--dry-run', '--cwd', dir], { env: { LC_ALL: l, LANG: l } })));
      for (const r of runs) expect(r.code, r.stderr).toBe(0);
      expect(runs[0]!.stdout).toContain('port 4000: src/chat.js');
      expect(runs[1]!.stdout).toBe(runs[0]!.stdout);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
