/**
 * Context-specific escaping. Every value that reaches a Dockerfile or YAML goes through exactly one of these.
 * Each either returns text that cannot change the structure around it, or throws.
 */

export class EscapeError extends Error {
  constructor(message: string) {
    // The message quotes the rejected value, which may hold line breaks or terminal control codes.
    super(oneLine(message));
  }
}

/** Shows control characters and line separators as `\uXXXX`, so a message stays one harmless line. */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// Besides the line separators, YAML forbids raw C1 controls, DEL, BOM and U+FFFE/U+FFFF in a document.
const LINE_SEPARATORS = /[\u2028\u2029\u0085\u007f-\u009f\ufeff\ufffe\uffff]/g;
const HAS_SEPARATOR = /[\u2028\u2029\u0085]/;
const escapeSeparators = (s: string): string => s.replace(LINE_SEPARATORS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * A JSON array for exec-form RUN/CMD/ENTRYPOINT/HEALTHCHECK and COPY. JSON escapes quotes, backslashes and
 * control characters, and Docker does no variable substitution in exec-form RUN/CMD, so any string is safe.
 */
export function execForm(args: readonly string[]): string {
  for (const a of args) {
    if (typeof a !== 'string') throw new EscapeError(`exec-form argument is not a string: ${String(a)}`);
    if (a.includes('\0')) throw new EscapeError('exec-form argument contains a NUL byte');
  }
  // `<<` is written `<\u003c` (same JSON string): Dockerfile tools that scan for heredocs must not see one here.
  return `[${args.map((a) => escapeSeparators(JSON.stringify(a)).replace(/<</g, '<\\u003c')).join(', ')}]`;
}

/** Exec-form for COPY: the builder expands `$VAR` in COPY sources, so a `$` must not reach it unescaped. */
export function copyForm(args: readonly string[]): string {
  for (const a of args) {
    if (!/^[A-Za-z0-9._@/+=-][A-Za-z0-9._@/+= -]*$/.test(a) || a.includes('..')) {
      throw new EscapeError(`path "${a}" has characters a COPY instruction cannot hold safely`);
    }
  }
  return execForm(args);
}

/** A POSIX shell word for shell-form RUN: single-quoted, with embedded quotes closed and reopened. */
export function shellWord(value: string): string {
  if (/[\n\r\0]/.test(value) || HAS_SEPARATOR.test(value)) throw new EscapeError('a shell word cannot contain a line break or NUL');
  if (/^[A-Za-z0-9._\/:=@%+,-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `NAME="value"` for ENV and ARG: quotes, backslashes and `$` escaped (a backtick is literal there); line breaks are rejected. */
export function envPair(name: string, value: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new EscapeError(`"${name}" is not a valid environment variable name`);
  if (/[\n\r\0]/.test(value) || HAS_SEPARATOR.test(value)) throw new EscapeError(`the value of ${name} cannot contain a line break or NUL`);
  // Docker's double-quote rules unescape only backslash, quote and dollar: an escaped backtick keeps its backslash.
  return `${name}="${value.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
}

/** `key="value"` for LABEL: an OCI-style key (lower-case, dots, dashes), the value quoted as {@link envPair} quotes. */
export function labelPair(key: string, value: string): string {
  if (!/^[a-z0-9]+([.-][a-z0-9]+)*$/.test(key)) throw new EscapeError(`"${key}" is not a label key of lower-case words, dots and dashes`);
  return envPair('X', value).replace(/^X=/, `${key}=`);
}

/** A Dockerfile word we generate ourselves (stage names, cache targets, image references): checked, never quoted. */
export function dockerWord(value: string): string {
  if (!/^[A-Za-z0-9._\/:@${}+-]+$/.test(value)) throw new EscapeError(`"${value}" is not a safe Dockerfile word`);
  return value;
}

/**
 * A YAML double-quoted scalar read by a tool with no `$` interpolation (Kubernetes manifests): the text as is.
 * Kubernetes expands `$(NAME)` only in a container's command, args and env values, where we emit none.
 */
export function yamlPlain(value: string | number): string {
  const s = String(value);
  if (s.includes('\0')) throw new EscapeError('a YAML value cannot contain NUL');
  return escapeSeparators(JSON.stringify(s));
}

/** A YAML double-quoted scalar whose content compose must take literally: `$` becomes `$$`. */
export function yamlLiteral(value: string | number): string {
  const s = String(value);
  if (s.includes('\0')) throw new EscapeError('a YAML value cannot contain NUL');
  return escapeSeparators(JSON.stringify(s.replace(/\$/g, '$$$$')));
}

/**
 * A YAML scalar that holds compose interpolation on purpose (`${NAME}`, `${NAME:-default}`, `${NAME:?message}`).
 * Only references of that shape are allowed; every other `$` is escaped.
 */
export function yamlInterpolated(value: string): string {
  const parts = value.split(/(\$\{[A-Za-z_][A-Za-z0-9_]*(?::[-?][^${}"\\\n]*)?\})/);
  const text = parts.map((p, i) => (i % 2 === 1 ? p : p.replace(/\$/g, '$$$$'))).join('');
  if (text.includes('\0')) throw new EscapeError('a YAML value cannot contain NUL');
  return escapeSeparators(JSON.stringify(text));
}

/** A name used as a YAML key or dotenv name (variables, services, volumes): checked, never quoted. */
export function plainName(value: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(value)) throw new EscapeError(`"${value}" is not a valid name`);
  // As a plain YAML key these would read as null or a boolean, not as the name.
  if (/^(null|true|false|yes|no|on|off|y|n)$/i.test(value)) throw new EscapeError(`"${value}" cannot be a YAML key; rename it`);
  return value;
}

/** A non-negative integer. */
export function plainInt(value: unknown): string {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new EscapeError(`${String(value)} is not a whole number`);
  return String(value);
}

/** One line of a line-based file (.dockerignore): no line breaks. */
export function plainLine(value: string): string {
  if (/[\n\r\0]/.test(value) || HAS_SEPARATOR.test(value)) throw new EscapeError('a line cannot contain a line break');
  return value;
}

/**
 * A value after `NAME=` in a dotenv file (.env.example): plain when it holds only URL-safe characters, else
 * single-quoted (taken literally by Compose and dotenv); a value that cannot be quoted that way is refused.
 */
export function dotenvValue(value: string): string {
  if (/^[A-Za-z0-9_./:@%+,=~-]*$/.test(value)) return value;
  if (/[\n\r\0']/.test(value) || HAS_SEPARATOR.test(value)) throw new EscapeError('a .env value cannot hold a line break or a single quote');
  return `'${value}'`;
}
