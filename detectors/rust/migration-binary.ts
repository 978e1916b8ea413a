import type { CargoBin, CargoPackage, CargoProject } from './cargo.js';

/** Crate and binary names that say "this runs the migrations". */
const MIGRATION_NAME = /^(?:db[-_])?migrat(?:e|ion|ions|or)$/;

/** A crate that holds the migrations: it depends on sea-orm-migration, or is named migration(s)/migrate. */
export function isMigrationCrate(pkg: CargoPackage): boolean {
  return pkg.deps.includes('sea-orm-migration') || MIGRATION_NAME.test(pkg.name);
}

/** A binary of the workspace, other than the app's, that applies the migrations. */
export interface MigrationBinary {
  pkg: CargoPackage;
  bin: CargoBin;
  /** sea-orm-migration's CLI: it takes the `up` subcommand (`cargo run -p migration -- up`). */
  seaOrm: boolean;
  /** A migration crate's binary, or a binary named migrate/migration in another crate. */
  kind: 'crate' | 'binary';
  /** Where it was found, for the notes. */
  why: string;
}

/**
 * The migration binary beside the app: a migration crate's binary (sea-orm-migration's `migration` crate first),
 * else a binary named migrate/migration in any member (`src/bin/migrate.rs`). Undefined when there is none.
 */
export function findMigrationBinary(project: CargoProject, app: { pkg: CargoPackage; bin: CargoBin }): MigrationBinary | undefined {
  const others = project.packages
    .filter((p) => p.member)
    .flatMap((pkg) => pkg.bins.map((bin) => ({ pkg, bin })))
    .filter((h) => !(h.pkg.dir === app.pkg.dir && h.bin.name === app.bin.name));
  // A migration crate's own binary: the only one, or the one named after the crate.
  const crateBin = (h: { pkg: CargoPackage; bin: CargoBin }): boolean => h.pkg.bins.length === 1 || h.bin.name === h.pkg.name;
  const manifest = (pkg: CargoPackage): string => `${pkg.dir ? `${pkg.dir}/` : ''}Cargo.toml`;
  const seaOrm = others.find((h) => h.pkg.deps.includes('sea-orm-migration') && crateBin(h));
  if (seaOrm) return { ...seaOrm, seaOrm: true, kind: 'crate', why: `${manifest(seaOrm.pkg)}: crate ${seaOrm.pkg.name} depends on sea-orm-migration (binary ${seaOrm.bin.name})` };
  const named = others.find((h) => MIGRATION_NAME.test(h.pkg.name) && crateBin(h));
  if (named) return { ...named, seaOrm: false, kind: 'crate', why: `${manifest(named.pkg)}: the migration crate ${named.pkg.name} (binary ${named.bin.name})` };
  const bin = others.find((h) => MIGRATION_NAME.test(h.bin.name));
  if (bin) return { ...bin, seaOrm: false, kind: 'binary', why: `${bin.bin.path}: binary ${bin.bin.name} of ${bin.pkg.name}` };
  return undefined;
}
