import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { UserError } from '../errors.js';

/** `verify` flags after validation. */
export interface VerifyOptions {
  help: boolean;
  dir: string;
  /** The folder as the user wrote it, for messages. */
  dirArg: string;
  compare: string | undefined;
  timeoutS: number;
  json: boolean;
  scan: boolean;
  /** Absolute path of `--env-file`. */
  envFile: string | undefined;
  /** `-e KEY=VAL` pairs in order. */
  env: [string, string][];
  /** false with `--no-compose`. */
  compose: boolean;
}

const ENV_PAIR = /^([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/;

/** Parses `verify` arguments; every mistake is a one-line UserError (exit 2). */
export function parseVerifyArgs(argv: string[], cwd: string = process.cwd()): VerifyOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        compare: { type: 'string' },
        timeout: { type: 'string' },
        json: { type: 'boolean' },
        scan: { type: 'boolean' },
        'env-file': { type: 'string' },
        env: { type: 'string', short: 'e', multiple: true },
        'no-compose': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        verbose: { type: 'boolean' },
      },
    });
  } catch (err) {
    throw new UserError(`verify: ${(err as Error).message.split('\n')[0]}; see create-dockerfile verify --help`);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UserError(`verify: one folder at most, got ${positionals.join(' ')}; see create-dockerfile verify --help`);
  const timeoutS = values.timeout === undefined ? 90 : Number(values.timeout);
  if (!Number.isFinite(timeoutS) || timeoutS <= 0) throw new UserError(`verify: --timeout ${values.timeout} is not a number of seconds; pass e.g. --timeout 120`);
  const env = (values.env ?? []).map((pair): [string, string] => {
    const m = ENV_PAIR.exec(pair);
    if (!m) throw new UserError(`verify: -e ${pair} is not KEY=VALUE; pass e.g. -e DATABASE_URL=postgres://db/app`);
    return [m[1]!, m[2]!];
  });
  let envFile: string | undefined;
  if (values['env-file'] !== undefined) {
    envFile = path.resolve(cwd, values['env-file']);
    if (!existsSync(envFile) || !statSync(envFile).isFile()) throw new UserError(`verify: --env-file ${values['env-file']}: no such file; pass a file of KEY=VALUE lines (e.g. --env-file .env)`);
  }
  const dirArg = positionals[0] ?? '.';
  return {
    help: Boolean(values.help),
    dir: path.resolve(cwd, dirArg),
    dirArg,
    compare: values.compare,
    timeoutS,
    json: Boolean(values.json),
    scan: Boolean(values.scan),
    envFile,
    env,
    compose: !values['no-compose'],
  };
}

/** The `docker run` flags for the env options: `--env-file F` first, then `-e K=V` (later values win, as in docker). */
export function dockerEnvArgs(o: Pick<VerifyOptions, 'envFile' | 'env'>): string[] {
  return [...(o.envFile ? ['--env-file', o.envFile] : []), ...o.env.flatMap(([k, v]) => ['-e', `${k}=${v}`])];
}
