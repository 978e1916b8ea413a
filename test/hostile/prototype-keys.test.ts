import { describe, expect, test } from 'vitest';
import { outcome, rawProject, type RawFiles } from './outcome.js';
import { auditFiles } from '../../src/audit/audit.js';

// Names from user data used as keys: a dependency, a codename or a command called like one of Object's prototype
// members must be an ordinary unknown name, never a crash.
const KEYS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

const PROJECTS: Record<string, (k: string) => RawFiles> = {
  'node dependency': (k) => ({ 'package.json': `{"scripts":{"start":"node s.js"},"dependencies":{"${k}":"1.0.0"}}`, 's.js': '' }),
  'node .nvmrc codename': (k) => ({ 'package.json': { scripts: { start: 'node s.js' } }, 's.js': '', '.nvmrc': `lts/${k.toLowerCase()}\n` }),
  'python requirement': (k) => ({ 'requirements.txt': `${k.replace(/_/g, 'x')}==1.0\n`, 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' }),
  'go module': (k) => ({ 'go.mod': `module example.com/a\n\ngo 1.22\n\nrequire ${k} v1.0.0\n`, 'main.go': 'package main\nfunc main() {}\n' }),
  'rust crate': (k) => ({ 'Cargo.toml': `[package]\nname = "a"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n${k} = "1"\n`, 'src/main.rs': 'fn main() {}\n' }),
};

describe.each(Object.entries(PROJECTS))('%s', (_name, make) => {
  test.each(KEYS)('named %s: a plan or a clear error, never an internal error', async (key) => {
    const r = await outcome(rawProject(make(key)));
    if (!r.ok) expect(r.kind, r.message).not.toBe('internal');
    else expect(r.plan.services).toEqual([]);
  });
});

test.each(KEYS)('audit of a RUN calling %s is an audit, not a crash', (key) => {
  expect(() => auditFiles([{ path: 'Dockerfile', text: `FROM node:22-slim\nRUN ${key} x\nUSER 1000:1000\nCMD ["node"]\n` }])).not.toThrow();
});
