import type HandlebarsNs from 'handlebars';
import {
  copyForm, dockerWord, dotenvValue, envPair, labelPair, execForm, plainInt, plainLine, plainName, shellWord, yamlInterpolated, yamlLiteral,
  yamlPlain,
} from './escape.js';
import type { EnvVar, ImageRef } from '../plan/types.js';

type Hbs = typeof HandlebarsNs;

/** Handlebars passes an options object last; these helpers take only the values before it. */
const values = (args: unknown[]): unknown[] => args.slice(0, -1);
const flat = (args: unknown[]): string[] => values(args).flat(Infinity as 1).map((v) => String(v));

/**
 * Registers the escaping helpers, one per output context. Templates call only these to emit values:
 * - `json`   exec-form array from any mix of strings and arrays: `RUN {{json pm.install}}`
 * - `copy`   COPY/exec-form array of paths (no `$`, no `..`)
 * - `sh`     one POSIX shell word (shell-form RUN)
 * - `shs`    several shell words separated by spaces
 * - `env`    `NAME="value"` of an EnvVar (ENV/ARG)
 * - `word`   a Dockerfile word we generate (image refs, cache targets, stage names), checked
 * - `image`  `name:tag` of an ImageRef, checked
 * - `yaml`   a literal YAML scalar (`$` doubled); `yamlenv` an EnvVar value (interpolation kept when declared)
 * - `kyaml` a YAML scalar taken literally by Kubernetes (no `$` doubling); `kyamlcmd` a flow sequence of them
 * - `yamlcmd` a YAML flow sequence of literals; `yamlcmdi` of interpolated values; `yamlref` one interpolated scalar
 * - `name`   a variable / service / volume name used as a key (checked); `int` an integer; `line` one text line
 * - `dotenv` a value after `NAME=` in .env.example (plain or single-quoted)
 * - `prefix`, `concat` build values from plan fields (no decisions); `eq` equality for `{{#if (eq a b)}}`
 * - `shlines` block: each line of fixed text (a program in a partial) as one indented shell word ending in ` \`,
 *   for `printf '%s\n' \` in a shell-form RUN
 */
export function registerHelpers(hbs: Hbs): void {
  hbs.registerHelper('json', (...args: unknown[]) => execForm(flat(args)));
  hbs.registerHelper('copy', (...args: unknown[]) => copyForm(flat(args)));
  hbs.registerHelper('sh', (value: unknown) => shellWord(String(value)));
  hbs.registerHelper('shs', (...args: unknown[]) => flat(args).map(shellWord).join(' '));
  hbs.registerHelper('env', (v: EnvVar) => envPair(v.name, v.value));
  hbs.registerHelper('arg', (name: unknown, value: unknown) => envPair(String(name), String(value)));
  hbs.registerHelper('label', (key: unknown, value: unknown) => labelPair(String(key), String(value)));
  hbs.registerHelper('word', (...args: unknown[]) => dockerWord(flat(args).join('')));
  hbs.registerHelper('image', (ref: ImageRef) => dockerWord(`${ref.name}:${ref.tag}`));
  hbs.registerHelper('yaml', (value: unknown) => yamlLiteral(value as string));
  hbs.registerHelper('yamlenv', (v: EnvVar) => (v.interpolate ? yamlInterpolated(v.value) : yamlLiteral(v.value)));
  hbs.registerHelper('kyaml', (value: unknown) => yamlPlain(value as string));
  hbs.registerHelper('kyamlcmd', (...args: unknown[]) => `[${flat(args).map((a) => yamlPlain(a)).join(', ')}]`);
  hbs.registerHelper('yamlcmd', (...args: unknown[]) => `[${flat(args).map((a) => yamlLiteral(a)).join(', ')}]`);
  hbs.registerHelper('yamlcmdi', (...args: unknown[]) => `[${flat(args).map((a) => yamlInterpolated(a)).join(', ')}]`);
  hbs.registerHelper('yamlref', (value: unknown) => yamlInterpolated(String(value)));
  hbs.registerHelper('name', (value: unknown) => plainName(String(value)));
  hbs.registerHelper('int', (value: unknown) => plainInt(value));
  hbs.registerHelper('line', (value: unknown) => plainLine(String(value)));
  hbs.registerHelper('dotenv', (value: unknown) => dotenvValue(String(value)));
  hbs.registerHelper('prefix', (pre: unknown, list: unknown) =>
    (Array.isArray(list) ? list : [list]).map((v) => `${String(pre)}${String(v)}`));
  hbs.registerHelper('concat', (...args: unknown[]) => flat(args).join(''));
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hbs.registerHelper('shlines', function (this: unknown, options: HandlebarsNs.HelperOptions) {
    return options.fn(this).replace(/\n$/, '').split('\n').map((l) => `    ${shellWord(l)} \\`).join('\n');
  });
}
