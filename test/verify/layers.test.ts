import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { describe, expect, test } from 'vitest';
import { readSavedImage, type ImageArchive, type LayerEntry } from '../../src/verify/image-archive.js';
import { analyzeLayers, baseLayerCount, instructionText, isDependency } from '../../src/verify/layer-analysis.js';
import { formatLayers, sizeText } from '../../src/verify/layer-format.js';

const file = (path: string, size: number): LayerEntry => ({ path, size, type: 'file' });
const dir = (path: string): LayerEntry => ({ path, size: 0, type: 'directory' });

// A small image: base (2 files), a RUN that installs a package, a COPY of node_modules that a later RUN deletes
// part of, the app copied twice (the second copy overwrites the first), a whiteout and an opaque folder.
const archive: ImageArchive = {
  diffIds: ['sha256:a', 'sha256:b', 'sha256:c', 'sha256:d', 'sha256:e', 'sha256:f'],
  history: [
    { created_by: '/bin/sh -c #(nop) ADD file:1234 in / ' },
    { created_by: '/bin/sh -c #(nop)  CMD ["bash"]', empty_layer: true },
    { created_by: 'RUN /bin/sh -c apt-get install -y tini # buildkit', comment: 'buildkit.dockerfile.v0' },
    { created_by: 'WORKDIR /app', comment: 'buildkit.dockerfile.v0' },
    { created_by: 'COPY /app/node_modules ./node_modules # buildkit', comment: 'buildkit.dockerfile.v0' },
    { created_by: 'COPY . . # buildkit', comment: 'buildkit.dockerfile.v0' },
    { created_by: 'RUN |1 NODE_ENV=production /bin/sh -c rm -rf node_modules/big tmp # buildkit', comment: 'buildkit.dockerfile.v0' },
  ],
  layers: [
    [dir('bin'), file('bin/sh', 1000), file('etc/os-release', 100), dir('tmp'), file('tmp/cache', 50)],
    [file('usr/bin/tini', 700), file('etc/os-release', 120)],
    [dir('app')],
    [file('app/node_modules/big/index.js', 5000), file('app/node_modules/small.js', 10)],
    [file('app/server.js', 300), file('app/node_modules/small.js', 12)],
    [file('app/node_modules/.wh.big', 0), file('.wh.tmp', 0), file('app/.wh..wh..opq', 0), file('app/server.js', 310)],
  ],
};

describe('layer analysis', () => {
  const r = analyzeLayers(archive, 1);

  test('each layer gets its size, file count and the instruction that made it (empty-layer history skipped)', () => {
    expect(r.layers.map((l) => [l.index, l.sizeBytes, l.files, l.base])).toEqual([
      [1, 1150, 3, true], [2, 820, 2, false], [3, 0, 0, false], [4, 5010, 2, false], [5, 312, 2, false], [6, 310, 1, false],
    ]);
    expect(r.layers.map((l) => l.instruction)).toEqual([
      'ADD file:1234 in /', 'RUN apt-get install -y tini', 'WORKDIR /app', 'COPY /app/node_modules ./node_modules', 'COPY . .', 'RUN rm -rf node_modules/big tmp',
    ]);
  });

  test('overwritten and deleted copies are wasted; the opaque folder hides everything below it', () => {
    // etc/os-release 100 (overwritten) + small.js 10 (overwritten) + big 5000 (deleted) + tmp/cache 50 (deleted)
    // + app/server.js 300 and small.js 12 (under the opaque app/ of the last layer).
    expect(r.wastedBytes).toBe(100 + 10 + 5000 + 50 + 300 + 12);
    expect(r.wastedFiles).toBe(5);
    expect(r.totalBytes).toBe(1150 + 820 + 5010 + 312 + 310);
    expect(r.finalBytes).toBe(1000 + 120 + 700 + 310);
    expect(r.efficiency).toBeCloseTo(1 - 5472 / 7602, 6);
  });

  test('largest files of the final image, and shares: base layers, RUN or package folders = dependencies, rest = app', () => {
    expect(r.largest.slice(0, 2)).toEqual([{ path: '/bin/sh', sizeBytes: 1000, layer: 1 }, { path: '/usr/bin/tini', sizeBytes: 700, layer: 2 }]);
    expect(r.share).toEqual({ base: 1000, dependencies: 120 + 700, app: 310 });
    expect(r.share.base + r.share.dependencies + r.share.app).toBe(r.finalBytes);
  });

  test('nothing wasted scores 1; an empty image too', () => {
    expect(analyzeLayers({ ...archive, layers: [archive.layers[0]!] }, 0).efficiency).toBe(1);
    expect(analyzeLayers({ diffIds: [], history: [], layers: [] }, 0)).toMatchObject({ efficiency: 1, totalBytes: 0, largest: [] });
  });

  test('dependency paths and instruction text', () => {
    expect(['app/node_modules/x.js', 'opt/venv/lib/python3.13/site-packages/a.py', 'app/lib/spring-core.jar', 'app/dependencies/a', 'srv/vendor/x.go'].every((p) => isDependency(p, 'COPY x y'))).toBe(true);
    expect(['app/server.js', 'app/library.js', 'usr/local/bin/app', 'app/lib/util.js'].some((p) => isDependency(p, 'COPY x y'))).toBe(false);
    expect(isDependency('usr/lib/libssl.so', 'RUN apt-get install -y libssl3')).toBe(true);
    expect(isDependency('app/dist/main.js', 'RUN npm run build')).toBe(false);
    expect(isDependency('usr/local/bin/tini', 'COPY /usr/bin/tini-static /usr/local/bin/tini')).toBe(true);
    expect(isDependency('usr/local/bin/tini', 'COPY ["/usr/bin/tini-static", "/usr/local/bin/tini"]')).toBe(true);
    expect(isDependency('app/greeter', 'COPY --chown=1:1 /out/greeter /app/greeter')).toBe(false);
    expect(isDependency('app/server.js', 'COPY . .')).toBe(false);
    expect(instructionText(undefined)).toBe('(no history)');
    expect(instructionText({ created_by: '/bin/sh -c npm ci' })).toBe('RUN npm ci');
  });

  test('base layers are counted only when the image starts with all of the base image\'s layers', () => {
    expect(baseLayerCount(['a', 'b', 'c'], ['a', 'b'])).toBe(2);
    expect(baseLayerCount(['a', 'x', 'c'], ['a', 'b'])).toBe(0);
    expect(baseLayerCount(['a'], undefined)).toBe(0);
    expect(baseLayerCount(['a'], [])).toBe(0);
  });

  test('the text report collapses the base image and lists each own layer', () => {
    const text = formatLayers(r).join('\n');
    expect(text).toMatch(/^ {4}1 +1\.1 kB {2}base image \(1 layer\)$/m);
    expect(text).toMatch(/^ {4}4 +5\.0 kB {2}COPY \/app\/node_modules \.\/node_modules$/m);
    expect(text).toMatch(/wasted +5\.5 kB in 5 files/);
    expect(text).toMatch(/efficiency +28\.0 %/);
    expect(text).toMatch(/dependencies +820 B \(38%\)/);
    expect(text).toMatch(/^ +1\.0 kB {2}\/bin\/sh \(layer 1\)$/m);
    expect([sizeText(0), sizeText(999), sizeText(12_300), sizeText(183_400_000)]).toEqual(['0 B', '999 B', '12.3 kB', '183.4 MB']);
  });
});

/** Packs entries into a tar buffer. */
async function pack(entries: { name: string; body?: Buffer | string; type?: 'file' | 'directory' }[], symlinks: { name: string; linkname: string }[] = []): Promise<Buffer> {
  const p = tar.pack();
  for (const l of symlinks) p.entry({ name: l.name, type: 'symlink', linkname: l.linkname });
  for (const e of entries) {
    if (e.type === 'directory') p.entry({ name: e.name, type: 'directory' });
    else p.entry({ name: e.name }, typeof e.body === 'string' ? Buffer.from(e.body) : (e.body ?? Buffer.alloc(0)));
  }
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const c of p) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('reading docker save archives', () => {
  const config = { rootfs: { diff_ids: ['sha256:1', 'sha256:2'] }, history: [{ created_by: 'ADD x /' }, { created_by: 'COPY app /app' }] };

  test('classic layout: <id>/layer.tar listed in manifest order, whiteouts kept as entries', async () => {
    const l1 = await pack([{ name: 'bin/', type: 'directory' }, { name: 'bin/sh', body: 'x'.repeat(40) }]);
    const l2 = await pack([{ name: 'app/server.js', body: 'y'.repeat(7) }, { name: 'bin/.wh.sh' }]);
    const outer = await pack([
      { name: 'bbb/layer.tar', body: l2 },
      { name: 'aaa/layer.tar', body: l1 },
      { name: 'eee/layer.tar', body: await pack([]) },
      { name: 'cfg.json', body: JSON.stringify(config) },
      { name: 'manifest.json', body: JSON.stringify([{ Config: 'cfg.json', Layers: ['aaa/layer.tar', 'bbb/layer.tar', 'ccc/layer.tar', 'eee/layer.tar'] }]) },
    ], [{ name: 'ccc/layer.tar', linkname: '../aaa/layer.tar' }]);
    const a = await readSavedImage(Readable.from([outer]));
    const first = [{ path: 'bin', size: 0, type: 'directory' }, { path: 'bin/sh', size: 40, type: 'file' }];
    expect(a.layers).toEqual([first, [{ path: 'app/server.js', size: 7, type: 'file' }, { path: 'bin/.wh.sh', size: 0, type: 'file' }], first, []]);
    expect(a.diffIds).toEqual(['sha256:1', 'sha256:2']);
    expect(analyzeLayers(a, 1)).toMatchObject({ wastedBytes: 40, finalBytes: 47 });
  });

  test('OCI layout: gzip blobs and JSON blobs told apart by content', async () => {
    const layer = gzipSync(await pack([{ name: './usr/bin/app', body: 'z'.repeat(9) }]));
    const outer = await pack([
      { name: 'blobs/sha256/c0ffee', body: JSON.stringify(config) },
      { name: 'blobs/sha256/1a7e', body: layer },
      { name: 'index.json', body: '{"schemaVersion":2}' },
      { name: 'manifest.json', body: JSON.stringify([{ Config: 'blobs/sha256/c0ffee', Layers: ['blobs/sha256/1a7e'] }]) },
    ]);
    const a = await readSavedImage(Readable.from([outer]));
    expect(a.layers).toEqual([[{ path: 'usr/bin/app', size: 9, type: 'file' }]]);
  });

  test('a missing manifest or layer is an error naming it', async () => {
    await expect(readSavedImage(Readable.from([await pack([{ name: 'x.json', body: '{}' }])]))).rejects.toThrow(/no manifest\.json/);
    const outer = await pack([{ name: 'cfg.json', body: '{}' }, { name: 'manifest.json', body: JSON.stringify([{ Config: 'cfg.json', Layers: ['gone/layer.tar'] }]) }]);
    await expect(readSavedImage(Readable.from([outer]))).rejects.toThrow(/layer gone\/layer\.tar named in manifest\.json is missing/);
  });
});
