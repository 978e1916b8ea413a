import { describe, expect, test } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import { createRequire } from 'node:module';
import type { Ignore } from '@balena/dockerignore';
import { createProjectFs } from '../../src/fs/project-fs.js';
import { buildPlan } from '../../src/plan/detect.js';
import { parseOptions } from '../../src/cli/options.js';
import { listFixtures } from '../helpers/fixtures.js';
import { DETECTORS } from '../../detectors/index.js';
import { contextCopySources } from '../helpers/dockerfile.js';
import { isSecretName } from '../../src/audit/secrets.js';
import { SHELLS_AND_PMS, composeServices, envAndArgs, hasLiteralSecret, stages } from './rules.js';

// Static security invariants over every fixture's reviewed output (expected/) and its plan, for every stack.

const ignore = createRequire(import.meta.url)('@balena/dockerignore') as () => Ignore;
const fixtures = listFixtures();

test('there are fixtures of every registered stack', async () => {
  const stacks = new Set<string>();
  for (const fx of fixtures) {
    const { answers } = parseOptions(['--yes', ...fx.args], {}, false);
    stacks.add((await buildPlan(createProjectFs(fx.project), answers)).plan.stack);
  }
  expect([...stacks].sort()).toEqual(DETECTORS.map((d) => d.id).sort());
});

describe.each(fixtures)('$name', (fx) => {
  const read = (f: string): string | undefined => (existsSync(path.join(fx.expectedDir, f)) ? readFileSync(path.join(fx.expectedDir, f), 'utf8') : undefined);
  // At the root, or in the workspace member's folder (apps/web/Dockerfile) built with the root as context.
  const dockerfile = read('Dockerfile') ?? read(fg.sync('**/Dockerfile', { cwd: fx.expectedDir })[0] ?? 'Dockerfile')!;
  const all = stages(dockerfile);
  const runtime = all.at(-1)!;
  const plan = (async () => buildPlan(createProjectFs(fx.project), parseOptions(['--yes', ...fx.args], {}, false).answers).then((r) => r.plan))();

  test('the runtime stage runs as a numeric non-root uid:gid, the plan\'s user', async () => {
    const users = runtime.instructions.filter((i) => i.keyword === 'USER');
    const last = users.at(-1)?.args.trim() ?? '';
    expect(last).toMatch(/^\d+:\d+$/);
    const [uid, gid] = last.split(':').map(Number);
    expect(uid).not.toBe(0);
    expect(gid).not.toBe(0);
    expect({ uid, gid }).toEqual((await plan).user);
  });

  test('no ARG or ENV gives a secret-looking variable a value', () => {
    const offenders = envAndArgs(dockerfile).filter((v) => hasLiteralSecret(v.name, v.value));
    expect(offenders).toEqual([]);
  });

  test('.env, keys and .git never reach the build context, and no COPY names them', () => {
    const ig = ignore().add(read('.dockerignore')!.split('\n'));
    // Root-level files only: the templates' patterns (`*.pem`, `.env`) do not reach into subfolders (see report).
    for (const p of ['.env', '.env.production', '.env.local', '.git/HEAD', '.git/config', 'server.key', 'cert.pem', 'id_rsa', 'id_rsa.pub']) {
      expect(ig.ignores(p), `${p} is excluded`).toBe(true);
    }
    for (const src of contextCopySources(dockerfile)) {
      expect(src).not.toMatch(/(^|\/)(\.env(\..*)?|\.git|id_rsa.*|.*\.(pem|key))$/);
    }
    const mounts = dockerfile.match(/--mount=type=secret[^\s]*/g) ?? [];
    for (const m of mounts) expect(m, 'registry credentials come in as build secrets, never copied').toMatch(/id=/);
  });

  test.runIf(/distroless/.test(runtime.from))('the distroless runtime stage gets no shell or package manager', () => {
    for (const ins of runtime.instructions) {
      expect(ins.keyword, 'no RUN in a distroless stage (there is no shell to run it)').not.toBe('RUN');
      if (ins.keyword === 'COPY') {
        const words = ins.args.trim().startsWith('[') ? (JSON.parse(ins.args.replace(/^(--\S+\s+)*/, '')) as string[]) : ins.args.split(/\s+/).filter((w) => !w.startsWith('--'));
        for (const w of words) expect(w, `COPY ${ins.args}`).not.toMatch(SHELLS_AND_PMS);
      }
      if (['CMD', 'ENTRYPOINT', 'HEALTHCHECK'].includes(ins.keyword)) {
        expect(ins.args, `${ins.keyword} is exec form`).toMatch(/^(--\S+\s+)*(CMD\s+)?\[/);
        expect(ins.args).not.toMatch(/"\/bin\/(ba)?sh"/);
      }
    }
  });

  test('only the declared writable directories are given to the app user; nothing becomes setuid or world-writable', async () => {
    const { user, writableDirs } = await plan;
    const declared = writableDirs.map((d) => d.replace(/\/$/, ''));
    for (const ins of runtime.instructions) {
      const chown = /--chown=(\S+)/.exec(ins.text);
      if (ins.keyword === 'COPY' && chown) {
        expect(chown[1]).toBe(`${user.uid}:${user.gid}`);
        const words = JSON.parse(ins.args.replace(/^(--\S+\s+)*/, '')) as string[];
        const dest = words.at(-1)!.replace(/^\.\//, '').replace(/^\/app\//, '').replace(/\/$/, '');
        expect(declared, `COPY --chown to ${dest}`).toContain(dest);
      }
    }
    for (const s of all) {
      for (const ins of s.instructions) {
        expect(ins.text, 'no setuid/setgid bit').not.toMatch(/chmod\s+(-\S+\s+)*([ugoa]*\+[rwx]*s|[2467][0-7]{3}\b)|--chmod=[2467][0-7]{3}/);
        expect(ins.text, 'nothing world-writable').not.toMatch(/chmod\s+(-\S+\s+)*(o\+w|a\+w|\+w|[0-7]?[0-7][0-7][2367]\b)/);
      }
    }
    for (const ins of runtime.instructions.filter((i) => i.keyword !== 'COPY')) {
      expect(ins.text, 'no chown in the runtime stage besides COPY --chown').not.toMatch(/\bchown\b/);
    }
  });

  const compose = read('docker-compose.yml');
  test.runIf(compose !== undefined)('compose: no privileged, host namespaces or docker.sock; the app drops capabilities on a read-only root', () => {
    const services = composeServices(compose!);
    for (const [name, svc] of Object.entries(services)) {
      expect(svc.privileged, `${name}: privileged`).toBeUndefined();
      for (const k of ['network_mode', 'pid', 'ipc', 'userns_mode', 'uts']) expect(svc[k], `${name}: ${k}`).not.toBe('host');
      // Backing services' entrypoints chown their data and switch user: only those capabilities come back.
      for (const cap of (svc.cap_add ?? []) as string[]) expect(['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'], `${name}: cap_add ${cap}`).toContain(cap);
      expect(svc.read_only, `${name}: read_only`).toBe(true);
      expect(svc.cap_drop, `${name}: cap_drop`).toEqual(['ALL']);
      expect(svc.devices, `${name}: devices`).toBeUndefined();
      expect(JSON.stringify(svc.volumes ?? []), `${name}: volumes`).not.toMatch(/docker\.sock|^\/:|"\/(etc|proc|sys|var\/run)/);
      expect(svc.security_opt, `${name}: no-new-privileges`).toContain('no-new-privileges:true');
      // A key without a value (null) passes the variable from .env: it holds nothing literal.
      for (const [k, v] of Object.entries((svc.environment ?? {}) as Record<string, string | null>)) {
        expect(hasLiteralSecret(k, v ?? ''), `${name}: ${k} has a literal secret`).toBe(false);
      }
    }
    const app = services.app!;
    expect(app.cap_add, 'the app adds no capability').toBeUndefined();
    expect(app.user, 'the app keeps the image user').toBeUndefined();
    for (const p of (app.ports ?? []) as string[]) expect(p).toMatch(/^\$\{APP_PORT:-\d+\}:\d+$/);
  });

  const envExample = read('.env.example');
  test.runIf(envExample !== undefined)('.env.example gives no secret a value', () => {
    for (const line of envExample!.split('\n').filter((l) => l.trim() && !l.startsWith('#'))) {
      const [, name, value] = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line) ?? [];
      expect(name, line).toBeDefined();
      if (isSecretName(name!)) expect(value, `${name} is a secret: empty in .env.example`).toBe('');
    }
  });
});
