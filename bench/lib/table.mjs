// Markdown tables of a bench result (the same text goes to stdout, bench/results/latest.md and the README).

/** @param {import('./proc.mjs').Stats|null|undefined} s */
const ms = (s) => (s ? `${Math.round(s.median)} (${Math.round(s.p25)}–${Math.round(s.p75)})` : '–');
/** @param {number|null|undefined} n */
const x = (n) => (n == null ? '–' : `${n.toFixed(2)}×`);
/** @param {number|null|undefined} b */
const mb = (b) => (b == null ? '–' : (b / 1e6).toFixed(1));
/** @param {number|null|undefined} b */
const kib = (b) => (b == null ? '–' : `${(b / 1024).toFixed(0)} KiB`);

/** @param {string[]} head @param {string[][]} rows */
function table(head, rows) {
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** Part 1-2 table. @param {any} lat @param {number} runs */
export function latencyTable(lat, runs) {
  const rows = lat.rows.map((/** @type {any} */ r) => [
    r.case, String(r.projectFiles), ms(r.ours), ms(r.check), ms(r.peer), ms(r.bare),
    x(r.oursOverPeer), x(r.checkOverPeer), x(r.oursOverBare), x(r.checkOverBare),
    r.fs ? `${r.fs.ours?.paths ?? '–'} / ${r.fs.peer?.paths ?? '–'}` : '–',
    r.fs?.ours ? String(r.fs.ours.listed) : '–',
    r.fs?.ours ? String(r.fs.ours.walkedIgnored) : '–',
    Object.entries(r.errors).map(([k, v]) => `${k}: ${v}`).join('; ') || '',
  ]);
  return `Whole process, spawn to exit, ms: median (p25–p75) of ${runs} interleaved runs after one warm-up; ratios of medians\n\n${table(
    ['project', 'files', 'create-dockerfile', '`--check`', '@flydotio/dockerfile', '`node -e 0`', 'ours/peer', 'check/peer', 'ours/node', 'check/node', 'paths touched ours / peer', 'dirs listed (ours)', 'ignored dirs walked (ours)', 'errors'],
    rows,
  )}`;
}

/** CPU time of the same runs (absent from runs made before it was measured). @param {any} lat */
export function cpuTable(lat) {
  const rows = lat.rows.filter((/** @type {any} */ r) => r.cpu).map((/** @type {any} */ r) => [
    r.case, ms(r.cpu.ours), ms(r.cpu.check), ms(r.cpu.peer), ms(r.cpu.bare),
    x(r.cpu.oursOverPeer), x(r.cpu.checkOverPeer), x(r.cpu.oursOverBare), x(r.cpu.checkOverBare),
  ]);
  if (rows.length === 0) return null;
  return `CPU time (user + system) of the same runs, ms: median (p25–p75); it moves less than wall time when the machine is shared\n\n${table(
    ['project', 'create-dockerfile', '`--check`', '@flydotio/dockerfile', '`node -e 0`', 'ours/peer', 'check/peer', 'ours/node', 'check/node'],
    rows,
  )}`;
}

/** Part 3 table. @param {any} fp */
export function footprintTable(fp) {
  const rows = fp.rows.map((/** @type {any} */ r) => [
    r.label, kib(r.packedBytes), kib(r.unpackedBytes), `${mb(r.installedBytes)} MB`, String(r.installedFiles), String(r.installedPackages),
    ms(r.installMs), ms(r.versionMs), ms(r.npxVersionMs), ms(r.firstPromptMs),
  ]);
  return `Footprint and startup (times in ms: median (p25–p75))\n\n${table(
    ['package', 'packed', 'unpacked', 'installed', 'files', 'packages', 'npm install from tarball', '`--version`', '`npx --no -- … --version`', 'first prompt (pty)'],
    rows,
  )}`;
}

/** Part 4 table. @param {any} img */
export function imagesTable(img) {
  if (img.skipped) return `Images: skipped (${img.skipped})`;
  const trio = (/** @type {any} */ r, /** @type {string} */ k, /** @type {(v: any) => string} */ f) =>
    ['ours', 'peer', 'naive'].map((v) => (r[v] ? f(r[v][k]) : '–')).join(' / ');
  const rows = img.rows.map((/** @type {any} */ r) => r.error ? [r.fixture, `failed: ${r.error.split('\n')[0]}`, '', '', '', '', '', '', ''] : [
    r.fixture, trio(r, 'bytes', mb), x(r.size.oursOverPeer), x(r.size.oursOverNaive), mb(r.floor.floorBytes), x(r.floor.oursOverFloor),
    trio(r, 'coldS', (s) => String(s)), trio(r, 'rebuildS', (s) => String(s)), trio(r, 'rebuildOverCold', x),
  ]);
  return `Images (MB = 10^6 bytes; times in s)\n\n${table(
    ['fixture', 'size ours / peer / naive', 'size ours/peer', 'size ours/naive', 'floor', 'ours/floor', 'cold build ours / peer / naive', 'rebuild after 1-line edit', 'rebuild/cold'],
    rows,
  )}`;
}

/** The targets of issue 7 against this run. @param {any} t */
export function targetsTable(t) {
  return `${table(['target', 'this run', 'met'], t.map((/** @type {any} */ r) => [r.target, r.result, r.met == null ? 'n/a' : r.met ? 'yes' : '**no**']))}`;
}

/**
 * The whole report as markdown, from the JSON a run writes (so it can be re-rendered from latest.json).
 * @param {any} result
 * @param {number} [level]  heading level of the sections (3 in latest.md, 4 in the README)
 */
export function markdown(result, level = 3) {
  const m = result.machine;
  const h = '#'.repeat(level);
  return [
    `Run of ${result.date.slice(0, 10)} on ${m.cpus} × ${m.cpuModel}, Node ${m.node}, Docker ${m.docker ?? '(none)'}, load average ${m.load1.toFixed(1)} at the end.`,
    `${h} Generation\n\n${latencyTable({ rows: result.generation }, result.options.runs)}`,
    ...[cpuTable({ rows: result.generation })].filter((t) => t !== null).map((t) => `${h} CPU time\n\n${t}`),
    `${h} Footprint\n\n${footprintTable({ rows: result.footprint })}`,
    `${h} Images\n\n${imagesTable(result.images)}`,
    `${h} Targets\n\n${targetsTable(result.targets)}`,
    `Notes:\n\n${result.notes.map((/** @type {string} */ n) => `- ${n}`).join('\n')}`,
  ].join('\n\n');
}

/** Markers around the README's copy of the latest run (`node bench/run.mjs --readme` rewrites what lies between). */
export const README_MARKERS = ['<!-- bench:latest:start (generated from bench/results/latest.json: node bench/run.mjs --readme) -->', '<!-- bench:latest:end -->'];

/**
 * The README with its latest-run section replaced by the markdown of `result`.
 * @param {string} readme
 * @param {any} result
 */
export function withLatestRun(readme, result) {
  const [start, end] = README_MARKERS;
  const a = readme.indexOf(start);
  const b = readme.indexOf(end);
  if (a < 0 || b < a) throw new Error(`README.md: markers ${start} … ${end} not found; put them around the "Latest run" tables`);
  return `${readme.slice(0, a + start.length)}\n\n${markdown(result, 4)}\n\n${readme.slice(b)}`;
}
