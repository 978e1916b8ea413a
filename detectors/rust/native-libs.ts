import type { Debian } from '../../src/versions/types.js';

/** A C library a `-sys` crate links: what its build needs, and the package holding it at run time. */
export interface NativeLib {
  /** The crate (or `diesel-<backend>` feature) that links it, for the summary. */
  crate: string;
  lib: string;
  /** Debian packages of the build stage (headers, pkg-config, or a vendored build's tools). */
  build: string[];
  /** The run-time package, undefined when the library is compiled into the binary (bundled, vendored). */
  runtime: string | undefined;
  /** distroless cc holds the run-time library already (libssl3 comes with it). */
  inDistrolessCc: boolean;
}

const LIBSSL: Record<Debian, string> = { trixie: 'libssl3t64', bookworm: 'libssl3', bullseye: 'libssl1.1', buster: 'libssl1.1' };

// Crates whose use means openssl-sys when there is no Cargo.lock to show it (native-tls is what reqwest's defaults pick).
const OPENSSL_USERS = ['openssl', 'openssl-sys', 'native-tls', 'hyper-tls', 'tokio-native-tls', 'postgres-native-tls'];
const SQLITE_CRATES = ['rusqlite', 'libsqlite3-sys', 'tokio-rusqlite', 'r2d2_sqlite', 'deadpool-sqlite'];

/** What the dependency graph says: direct names (with sqlx-/diesel- features), `crate/feature` asks, and Cargo.lock's crates. */
export interface CrateFacts {
  deps: readonly string[];
  depFeatures: readonly string[];
  locked: ReadonlySet<string> | undefined;
}

/**
 * The C libraries the binary links: openssl-sys (libssl; `vendored` builds OpenSSL into the binary instead),
 * libsqlite3-sys without `bundled` (diesel's sqlite, rusqlite without it; sqlx bundles SQLite), pq-sys (libpq) and
 * mysqlclient-sys (libmysqlclient, as MariaDB's library).
 */
export function nativeLibs(facts: CrateFacts, debian: Debian): NativeLib[] {
  const { deps, depFeatures, locked } = facts;
  const has = (crate: string): boolean => deps.includes(crate) || (locked?.has(crate) ?? false);
  const asked = (crates: string[], feature: RegExp): boolean => depFeatures.some((f) => crates.includes(f.split('/')[0]!) && feature.test(f.split('/')[1]!));
  const out: NativeLib[] = [];

  const reqwestTls = deps.includes('reqwest') && (!depFeatures.includes('reqwest/-default') || asked(['reqwest'], /^native-tls/));
  const openssl = locked ? locked.has('openssl-sys') : OPENSSL_USERS.some((c) => deps.includes(c)) || reqwestTls;
  if (openssl) {
    const crate = locked?.has('openssl-sys') || deps.includes('openssl-sys') ? 'openssl-sys' : OPENSSL_USERS.find((c) => deps.includes(c)) ?? 'reqwest';
    const vendored = (locked?.has('openssl-src') ?? false) || asked(['openssl', 'openssl-sys', 'native-tls'], /^vendored$/) || asked(['reqwest'], /^native-tls-vendored$/) || asked(['git2'], /^vendored-openssl$/);
    out.push(vendored
      ? { crate, lib: 'OpenSSL (vendored, built from source)', build: ['make', 'perl'], runtime: undefined, inDistrolessCc: true }
      : { crate, lib: 'libssl', build: ['libssl-dev', 'pkg-config'], runtime: LIBSSL[debian], inDistrolessCc: true });
  }

  // sqlx (and sea-orm through it) bundles SQLite unless asked for sqlite-unbundled; diesel and rusqlite link the system one.
  const sqlxSqlite = deps.includes('sqlx-sqlite') || depFeatures.includes('sea-orm/sqlx-sqlite');
  const systemSqlite = deps.includes('diesel-sqlite') || deps.includes('sqlx-sqlite-unbundled') || SQLITE_CRATES.some((c) => deps.includes(c));
  if (!asked(SQLITE_CRATES, /^bundled/) && (systemSqlite || ((locked?.has('libsqlite3-sys') ?? false) && !sqlxSqlite))) {
    const crate = deps.includes('diesel-sqlite') ? 'diesel-sqlite' : SQLITE_CRATES.find((c) => deps.includes(c)) ?? 'libsqlite3-sys';
    out.push({ crate, lib: 'libsqlite3', build: ['libsqlite3-dev', 'pkg-config'], runtime: 'libsqlite3-0', inDistrolessCc: false });
  }

  if (has('pq-sys') || deps.includes('diesel-postgres')) {
    out.push({ crate: deps.includes('diesel-postgres') ? 'diesel-postgres' : 'pq-sys', lib: 'libpq', build: ['libpq-dev', 'pkg-config'], runtime: 'libpq5', inDistrolessCc: false });
  }
  if (has('mysqlclient-sys') || deps.includes('diesel-mysql')) {
    out.push({ crate: deps.includes('diesel-mysql') ? 'diesel-mysql' : 'mysqlclient-sys', lib: 'libmysqlclient', build: ['default-libmysqlclient-dev', 'pkg-config'], runtime: 'libmariadb3', inDistrolessCc: false });
  }
  return out;
}
