import type { Plan } from '../../../src/plan/types.js';
import type { AppVariable } from './collect.js';
import { isEnvExampleFile } from './env-files.js';

/** Platform names an app reads its listen address from. */
const BIND_NAMES = new Set(['HOST', 'BIND']);
/** Defaults that already bind every interface (`process.env.HOST ?? '0.0.0.0'`): nothing to set. */
const ALL_INTERFACES = new Set(['0.0.0.0', '::', '[::]']);
/** A value an app binds to: unset, loopback or an address. A name or URL (`example.com`) makes HOST the public host. */
const BINDABLE = /^(|localhost|::1|\[::1\]|\d{1,3}(\.\d{1,3}){3})$/i;

/**
 * The plan with the app's listen-address variable set to 0.0.0.0 when its code reads one (an env schema's
 * `HOST: host()`, `process.env.HOST`, `os.getenv("HOST")`) and nothing in the plan sets it. Inside a container the
 * address must be every interface: the example file's `localhost` would leave the published port unreachable, and
 * a schema that requires the variable stops the app when it is unset. A variable only an example file lists is not
 * the code's, and stays unset; so does one whose default already binds every interface.
 */
export function withHostBind(vars: AppVariable[], plan: Plan): Plan {
  const read = vars.filter((v) => BIND_NAMES.has(v.name) && !ALL_INTERFACES.has(v.value ?? '') && BINDABLE.test(v.value ?? '') && !v.sources.every(isEnvExampleFile) && !plan.env.some((e) => e.name === v.name));
  if (read.length === 0) return plan;
  return {
    ...plan,
    env: [...plan.env, ...read.map((v) => ({ name: v.name, value: '0.0.0.0' }))],
    notes: [...plan.notes, ...read.map((v) => `listen address $${v.name} (${v.sources.filter((s) => !isEnvExampleFile(s)).join(', ')}): set to 0.0.0.0 so the published port reaches the app`)],
  };
}
