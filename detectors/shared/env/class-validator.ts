import type { FoundVar } from './source-reads.js';

const LITERAL = /^(?:'([^'\n]*)'|"([^"\n]*)"|`([^`$\n]*)`|(-?\d+(?:\.\d+)?|true|false))\s*;?$/;
// A property of an env class: `NAME: string;`, `NAME?: number = 3000;`, `readonly NAME!: Env;`.
const PROPERTY = /^\s*(?:(?:public|readonly|declare)\s+)*([A-Z][A-Z0-9_]*)\s*[?!]?\s*(?::\s*[^=;]+?)?\s*(?:=\s*(.+?))?\s*;?\s*$/;
const DECORATOR = /^\s*@(\w+)\s*\(/;

/**
 * Properties of a class-validator class over the environment (NestJS' `validate` with `plainToInstance` +
 * `validateSync`): upper-case properties under at least one decorator. `@IsOptional()` or `@ValidateIf(...)` (checked
 * only under a condition, such as another driver being chosen) makes one optional; an
 * initializer gives its default value (optional too); any other decorated property is required, unless the file
 * validates with `skipMissingProperties: true`.
 */
export function classValidatorFields(text: string, file: string): FoundVar[] {
  if (!/from\s+['"]class-validator['"]/.test(text)) return [];
  const skipMissing = /skipMissingProperties\s*:\s*true/.test(text);
  const out: FoundVar[] = [];
  let decorators: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const d = DECORATOR.exec(line);
    if (d) {
      decorators.push(d[1]!);
      continue;
    }
    const p = PROPERTY.exec(line);
    if (p && decorators.length) {
      const init = p[2] !== undefined ? LITERAL.exec(p[2]) : undefined;
      const value = init ? (init[1] ?? init[2] ?? init[3] ?? init[4]) : undefined;
      const optional = decorators.some((d) => d === 'IsOptional' || d === 'ValidateIf') || p[2] !== undefined || skipMissing;
      out.push({ name: p[1]!, source: `${file} (class-validator)`, ...(value !== undefined ? { value } : {}), ...(optional ? { optional } : { required: true }) });
    }
    // A decorator's arguments may span lines (`@IsIn([` ... `])`): only a property or a statement ends the run.
    if (p || /[;{}]\s*$/.test(line)) decorators = [];
  }
  return out;
}
