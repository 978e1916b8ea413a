// The targets issue 7 sets, checked against one run. Reported, never asserted: they are claims to watch.

/**
 * @param {any} lat   part 1-2 result or null
 * @param {any} fp    part 3 result or null
 * @param {any} img   part 4 result or null
 * @returns {{ target: string, result: string, met: boolean|null }[]}
 */
export function checkTargets(lat, fp, img) {
  const out = [];
  if (lat) {
    const shared = lat.rows.filter((/** @type {any} */ r) => r.oursOverPeer != null && r.case !== 'synthetic monorepo');
    const worst = (/** @type {'oursOverPeer'|'bundleOverPeer'} */ k) =>
      shared.reduce((/** @type {any} */ w, /** @type {any} */ r) => (w === null || r[k] > w[k] ? r : w), null);
    const w = worst('oursOverPeer');
    const wb = worst('bundleOverPeer');
    if (w) {
      out.push({
        target: 'generation ≤ 0.5× the peer\'s wall time on every shared fixture',
        result: `worst ${w.oursOverPeer.toFixed(2)}× (${w.case}); bundled: worst ${wb.bundleOverPeer.toFixed(2)}× (${wb.case})`,
        met: w.oursOverPeer <= 0.5,
      });
    }
    const mono = lat.rows.find((/** @type {any} */ r) => r.case === 'synthetic monorepo');
    if (mono?.ours) {
      out.push({
        target: 'generation ≤ 0.5 s on the 100k-file monorepo',
        result: `${(mono.ours.median / 1000).toFixed(2)} s (bundled ${(mono.oursBundle.median / 1000).toFixed(2)} s); ignored dirs walked: ${mono.fs?.ours?.walkedIgnored ?? 'not counted'}`,
        met: mono.ours.median <= 500,
      });
    }
  }
  if (fp) {
    const row = (/** @type {string} */ id) => fp.rows.find((/** @type {any} */ r) => r.tool === id);
    const [o, b, p] = [row('ours'), row('ours-bundle'), row('peer')];
    out.push({
      target: 'installed footprint smaller than the peer\'s',
      result: `${(o.installedBytes / 1e6).toFixed(1)} MB / ${o.installedPackages} packages vs ${(p.installedBytes / 1e6).toFixed(1)} MB / ${p.installedPackages} (${(o.installedBytes / p.installedBytes).toFixed(2)}×); bundled ${(b.installedBytes / 1e6).toFixed(1)} MB / ${b.installedPackages} (${(b.installedBytes / p.installedBytes).toFixed(2)}×)`,
      met: o.installedBytes < p.installedBytes,
    });
  }
  const built = img && !img.skipped ? img.rows.filter((/** @type {any} */ r) => !r.error) : [];
  if (built.length > 0) {
    const rows = built;
    const failed = img.rows.filter((/** @type {any} */ r) => r.error).map((/** @type {any} */ r) => r.fixture);
    if (failed.length > 0) out.push({ target: 'every image fixture builds', result: `failed: ${failed.join(', ')}`, met: false });
    const sizes = rows.map((/** @type {any} */ r) => `${r.fixture} ${r.size.oursOverPeer == null ? '' : `${r.size.oursOverPeer.toFixed(2)}× peer, `}${r.size.oursOverNaive.toFixed(2)}× naive`);
    out.push({
      target: 'final image smaller than the peer\'s and the naive one on every shared fixture',
      result: sizes.join('; '),
      met: rows.every((/** @type {any} */ r) => (r.size.oursOverPeer == null || r.size.oursOverPeer < 1) && r.size.oursOverNaive < 1),
    });
    out.push({
      target: 'final image within 10% of the floor',
      result: rows.map((/** @type {any} */ r) => `${r.fixture} ${r.floor.oursOverFloor?.toFixed(2) ?? '–'}×`).join('; '),
      met: rows.every((/** @type {any} */ r) => r.floor.oursOverFloor != null && r.floor.oursOverFloor <= 1.1),
    });
    out.push({
      target: 'rebuild after a source-only change ≤ 0.2× the cold build',
      result: rows.map((/** @type {any} */ r) => `${r.fixture} ${r.ours.rebuildOverCold?.toFixed(2) ?? '–'}×`).join('; '),
      met: rows.every((/** @type {any} */ r) => r.ours.rebuildOverCold != null && r.ours.rebuildOverCold <= 0.2),
    });
  }
  return out;
}
