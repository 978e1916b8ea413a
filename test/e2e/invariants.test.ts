import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, test } from 'vitest';
import { docker } from './lib/exec.js';
import { PREFIX } from './lib/cleanup.js';
import { imageViolations, tarEntries } from './lib/image-invariants.js';

// The image-level invariants (lib/image-invariants.ts) run on every fixture's cold-built image inside its own suite
// (lib/suite.ts), so no image is built twice. Here they are proven able to fail: a small image that breaks each one,
// and its clean twin, both built from images the fixtures already use.

const DOCKERFILE = (bad: boolean): string => `FROM debian:bookworm-slim AS make
RUN mkdir -p /out/app /out/data /out/spare /out/bin && touch /out/bin/tool && chmod ${bad ? '4755' : '0755'} /out/bin/tool${bad ? ' && touch /out/spare/f && chmod 0666 /out/spare/f' : ''}

FROM gcr.io/distroless/static-debian12:nonroot AS runtime
# /app first, root-owned: a COPY --chown into a folder it has to create gives that folder to the user too
COPY --from=make /out/app /app
WORKDIR /app
COPY --from=make /out/bin /usr/local/bin
COPY --from=make --chown=65532:65532 /out/data /app/data
${bad ? 'COPY --from=make /out/spare /app/spare\nCOPY --from=make /bin/dash /bin/sh\nUSER nonroot' : 'USER 65532:65532'}
`;

describe('tar reading', () => {
  test('reads names, modes and owners, including pax long names', () => {
    const header = (name: string, type: string, size: number, extra: Partial<{ mode: number; uid: number }> = {}): Buffer => {
      const h = Buffer.alloc(512);
      h.write(name.slice(0, 100), 0);
      h.write(`${(extra.mode ?? 0o644).toString(8).padStart(7, '0')}\0`, 100);
      h.write(`${(extra.uid ?? 0).toString(8).padStart(7, '0')}\0`, 108);
      h.write('0000000\0', 116);
      h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
      h.write(type, 156);
      return h;
    };
    const long = `${'d/'.repeat(80)}file`;
    const pax = Buffer.from(`${String(long.length + 9 + 3).padStart(3, '0')} path=${long}\n`);
    const tar = Buffer.concat([
      header('a', '0', 0, { mode: 0o4755, uid: 65532 }),
      header('PaxHeader', 'x', pax.length), Buffer.concat([pax, Buffer.alloc(512 - pax.length)]),
      header('short', '0', 0),
      Buffer.alloc(1024),
    ]);
    const entries = tarEntries(tar);
    expect(entries.map((e) => [e.path, e.mode, e.uid])).toEqual([['a', 0o4755, 65532], [long, 0o644, 0]]);
  });
});

describe.runIf(inject('dockerAvailable'))('image invariants on crafted images', () => {
  const runId = inject('runId');
  const tags: string[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    if (tags.length) await docker(['rmi', '-f', ...tags]);
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  async function build(bad: boolean): Promise<{ tag: string; dockerfile: string }> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cdf-e2e-inv-'));
    dirs.push(dir);
    const dockerfile = DOCKERFILE(bad);
    await writeFile(path.join(dir, 'Dockerfile'), dockerfile);
    const tag = `${PREFIX}-invariants-${bad ? 'bad' : 'good'}:${runId}`;
    tags.push(tag);
    const r = await docker(['build', '-q', '-t', tag, '.'], { cwd: dir, timeoutMs: 5 * 60_000 });
    if (!r.ok) throw new Error(`build failed:\n${r.all}`);
    return { tag, dockerfile };
  }

  test('an image that breaks every invariant is caught on each', async () => {
    const { tag, dockerfile } = await build(true);
    const problems = await imageViolations(tag, dockerfile, ['data']);
    expect(problems.join('\n')).toMatch(/image user "nonroot" is not a numeric/);
    expect(problems.join('\n')).toMatch(/setuid\/setgid file added: \/usr\/local\/bin\/tool \(4755\)/);
    expect(problems.join('\n')).toMatch(/writable by the app user but not declared: \/app\/spare\/f/);
    expect(problems.join('\n')).toMatch(/distroless runtime holds \/bin\/sh/);
  });

  test('its clean twin passes', async () => {
    const { tag, dockerfile } = await build(false);
    expect(await imageViolations(tag, dockerfile, ['data'])).toEqual([]);
  });
});
