/**
 * A Rust migration CLI that the Dockerfile's migrate-tool stage installs with `cargo install --locked --version`:
 * the newest release of each line, chosen by the line of the library the project locks (the CLI of the same line
 * reads its migrations and bookkeeping table the same way).
 */
export interface RustMigrationCli {
  /** The library crate whose locked version picks the line (diesel, sqlx, refinery). */
  library: string;
  /** The CLI's crate. */
  crate: string;
  /** Its binary. */
  bin: string;
  /** Library line (`2.3`, `0.8`) -> the CLI release pinned for it (the newest of that line). */
  pins: Readonly<Record<string, string>>;
  /** The release pinned without a Cargo.lock entry, or for a line newer than the table knows. */
  latest: string;
}

/** diesel_cli: one release line per diesel minor. */
export const DIESEL_CLI: RustMigrationCli = {
  library: 'diesel',
  crate: 'diesel_cli',
  bin: 'diesel',
  pins: { '2.3': '2.3.12', '2.2': '2.2.12', '2.1': '2.1.1', '2.0': '2.0.1', '1.4': '1.4.1' },
  latest: '2.3.12',
};

/** sqlx-cli: released with sqlx itself; the `rustls` feature exists from 0.6. */
export const SQLX_CLI: RustMigrationCli = {
  library: 'sqlx',
  crate: 'sqlx-cli',
  bin: 'sqlx',
  pins: { '0.8': '0.8.6', '0.7': '0.7.4', '0.6': '0.6.3' },
  latest: '0.8.6',
};

/** refinery_cli: released with refinery. */
export const REFINERY_CLI: RustMigrationCli = {
  library: 'refinery',
  crate: 'refinery_cli',
  bin: 'refinery',
  pins: { '0.9': '0.9.1', '0.8': '0.8.16' },
  latest: '0.9.1',
};

/** The CLI release for a locked library version (`2.2.4` -> diesel_cli 2.2.12), and whether the table knew its line. */
export function cliPin(cli: RustMigrationCli, locked: string | undefined): { version: string; known: boolean } {
  const line = locked === undefined ? undefined : /^(\d+\.\d+)\./.exec(locked)?.[1];
  const pinned = line === undefined ? undefined : cli.pins[line];
  return pinned === undefined ? { version: cli.latest, known: locked === undefined } : { version: pinned, known: true };
}
