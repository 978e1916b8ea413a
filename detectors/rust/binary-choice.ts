import { UserError } from '../../src/errors.js';
import type { CargoBin, CargoPackage, CargoProject } from './cargo.js';
import { isMigrationCrate } from './migration-binary.js';
import { byCodeUnits } from '../shared/text-order.js';

/**
 * The binary to build: `--main bin` or `--main crate:bin`; else the root package's; else the only crate with
 * binaries; else the first by name (noted), migration crates last. Within a crate: default-run, the only bin, the one named after the crate.
 */
export function chooseBinary(project: CargoProject, answer: string | undefined): { pkg: CargoPackage; bin: CargoBin; why: string } {
  const crates = project.packages.filter((p) => p.member && p.bins.length > 0);
  const all = crates.flatMap((p) => p.bins.map((b) => `${p.name}:${b.name}`));
  if (crates.length === 0) throw new UserError('Cargo.toml: no binary target (src/main.rs, src/bin/*.rs or [[bin]]) in any package; add one');
  if (answer !== undefined) {
    const [crate, name] = answer.includes(':') ? answer.split(':', 2) : [undefined, answer];
    const hits = crates.flatMap((p) => p.bins.map((b) => ({ pkg: p, bin: b })))
      .filter((h) => (crate === undefined ? h.bin.name === name : h.pkg.name === crate && h.bin.name === name));
    const byCrate = crate === undefined ? crates.find((p) => p.name === name) : undefined;
    if (hits.length === 1) return { ...hits[0]!, why: `binary ${hits[0]!.bin.name}: --main` };
    if (hits.length === 0 && byCrate) return { pkg: byCrate, ...defaultBin(byCrate), why: `binary of crate ${byCrate.name}: --main` };
    if (hits.length > 1) throw new UserError(`--main: binary "${name}" exists in several crates; use crate:bin, one of ${all.join(', ')}`);
    throw new UserError(`--main: no binary "${answer}"; choose one of ${all.join(', ')}`);
  }
  // A workspace's migration crate (sea-orm-migration's `migration`) is never the app: it runs as the migrate service.
  const apps = crates.filter((p) => !isMigrationCrate(p));
  const pool = apps.length > 0 ? apps : crates;
  const rootPkg = pool.find((p) => p.dir === '');
  const pkg = rootPkg ?? (pool.length === 1 ? pool[0]! : [...pool].sort((a, b) => byCodeUnits(a.name, b.name))[0]!);
  const { bin, why } = defaultBin(pkg);
  const others = all.filter((a) => a !== `${pkg.name}:${bin.name}`);
  const also = others.length ? `; also found ${others.join(', ')} (build one with --main ${others[0]})` : '';
  const crateWhy = rootPkg || pool.length === 1 ? '' : ', first crate by name';
  return { pkg, bin, why: `binary ${bin.name}: ${why}${crateWhy}${also}` };
}

function defaultBin(pkg: CargoPackage): { bin: CargoBin; why: string } {
  const run = pkg.defaultRun ? pkg.bins.find((b) => b.name === pkg.defaultRun) : undefined;
  if (pkg.defaultRun && !run) throw new UserError(`${pkg.dir ? `${pkg.dir}/` : ''}Cargo.toml: default-run "${pkg.defaultRun}" is not a binary of ${pkg.name}; fix it`);
  if (run) return { bin: run, why: 'default-run' };
  if (pkg.bins.length === 1) return { bin: pkg.bins[0]!, why: `the only binary of ${pkg.name}` };
  const named = pkg.bins.find((b) => b.name === pkg.name);
  if (named) return { bin: named, why: 'named after the crate' };
  return { bin: [...pkg.bins].sort((a, b) => byCodeUnits(a.name, b.name))[0]!, why: 'first binary by name' };
}
