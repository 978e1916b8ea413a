import path from 'node:path';
import type { AppVariable } from '../env/collect.js';

/** Where one of the app's variables must point for its data to survive on a read-only root filesystem. */
export interface DataTarget {
  kind: 'sqlite' | 'dir' | 'cache';
  /** The new value of the variable (a URL or a path inside the data dir or the tmpfs). */
  value: string;
  /** Directory the value lives in, to be created owned by the app user (data) or mounted as tmpfs (cache). */
  dir: string;
}

/** Names of variables holding a SQLite file path (not a URL). */
const SQLITE_PATH_NAME = /^(SQLITE3?_(PATH|FILE|DB|DATABASE|DB_PATH|FILENAME)|(DB|DATABASE)_(PATH|FILE|FILENAME)|\w+_SQLITE3?_(PATH|FILE))$/;
/** Names of variables holding a directory the app writes user data into. */
const DATA_DIR_NAME = /^(\w+_)?(UPLOADS?|MEDIA|STORAGE|DATA|FILES?|ATTACHMENTS?|PERSIST(ENT)?|STATE|BLOBS?)_(DIR|PATH|ROOT|FOLDER|DIRECTORY|LOCATION)$|^(MEDIA_ROOT|UPLOAD_FOLDER|UPLOADS_FOLDER|DATA_HOME)$/;
/** Names of variables holding a cache directory: losing it is fine, so it goes on tmpfs. */
const CACHE_DIR_NAME = /^(\w+_)?CACHE_(DIR|PATH|ROOT|FOLDER|DIRECTORY|LOCATION)$/;
/** A SQLite URL: the scheme and slashes (kept), then the file path (replaced), then options. */
const SQLITE_URL = /^((?:jdbc:)?(?:sqlite3?(?:\+\w+)?|file|libsql):(?:\/\/\/?)?)([^?#]*)((?:[?#].*)?)$/i;
const SQLITE_FILE = /\.(db|db3|sqlite|sqlite3)$/i;
/** Names that say the value is the database file itself (`DB_FILENAME`, `SQLITE_DB`), not a folder (`DB_PATH`). */
const FILE_NAME = /_(FILE|FILENAME|DB|DATABASE)$/;
/** A plain relative or absolute path whose last part has no extension (`db/data`): a file named without one. */
const BARE_FILE = /^(\.{0,2}\/)*([\w-]+\/)*[\w-]+$/;

/** A file or directory name safe in a path (the project's default value is not trusted). */
const safeLeaf = (p: string, fallback: string): string => {
  const leaf = path.posix.basename(p.replace(/\/+$/, '')).replace(/[^A-Za-z0-9._-]/g, '');
  return leaf === '' || /^\.+$/.test(leaf) ? fallback : leaf;
};

/** The new value of a SQLite URL or path variable, or undefined when it names no file (in memory, another database). */
function sqliteTarget(name: string, value: string | undefined, dataDir: string): DataTarget | undefined {
  if (value !== undefined && /:memory:|mode=memory/i.test(value)) return undefined;
  const url = value === undefined ? undefined : SQLITE_URL.exec(value.trim());
  if (url) {
    const [, prefix, file, options] = url;
    // file: alone is a URL only when it names a database file (`file:./dev.db`), not any file.
    if (/^file:/i.test(prefix!) && !SQLITE_FILE.test(file!)) return undefined;
    return { kind: 'sqlite', value: `${prefix}${dataDir}/${safeLeaf(file!, 'app.db')}${options}`, dir: dataDir };
  }
  if (!SQLITE_PATH_NAME.test(name)) return undefined;
  const file = value?.trim() ?? '';
  if (file !== '' && !SQLITE_FILE.test(file) && !(FILE_NAME.test(name) && BARE_FILE.test(file))) return undefined;
  return { kind: 'sqlite', value: `${dataDir}/${safeLeaf(value ?? '', 'app.db')}`, dir: dataDir };
}

/**
 * Where a variable of the app must point in the container: SQLite URLs and paths (`DATABASE_URL=file:./dev.db`,
 * `sqlite:///./app.db`, `SQLITE_PATH`) and upload/data directories (`UPLOAD_DIR`, `MEDIA_ROOT`) into `dataDir`, cache
 * directories (`CACHE_DIR`) into `/tmp`. Undefined for any other variable.
 */
export function dataTarget(v: Pick<AppVariable, 'name' | 'value'>, dataDir: string): DataTarget | undefined {
  const sqlite = sqliteTarget(v.name, v.value, dataDir);
  if (sqlite) return sqlite;
  if (v.value !== undefined && /^[a-z][a-z0-9+.-]*:\/\//i.test(v.value)) return undefined;
  if (CACHE_DIR_NAME.test(v.name)) {
    const dir = `/tmp/${safeLeaf(v.value ?? '', 'cache')}`;
    return { kind: 'cache', value: dir, dir };
  }
  if (DATA_DIR_NAME.test(v.name)) {
    const fallback = /^(?:\w+_)?([A-Z]+)_/.exec(v.name)![1]!.toLowerCase();
    const leaf = safeLeaf(v.value ?? '', fallback);
    // `DATA_DIR=./data` is the data dir itself, not /data/data.
    const dir = leaf === 'data' || leaf === path.posix.basename(dataDir) ? dataDir : `${dataDir}/${leaf}`;
    return { kind: 'dir', value: dir, dir };
  }
  return undefined;
}
