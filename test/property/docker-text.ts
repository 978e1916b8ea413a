import { DockerfileParser } from 'dockerfile-ast';

/** One instruction as the builder sees it: keyword and raw argument text (flags included). */
export interface ParsedInstruction {
  keyword: string;
  args: string;
}

/** Instructions of a Dockerfile, in order. */
export function instructions(text: string): ParsedInstruction[] {
  return DockerfileParser.parse(text).getInstructions().map((i) => ({ keyword: i.getKeyword(), args: i.getRawArgumentsContent() ?? '' }));
}

/** The JSON array of an exec-form instruction, after any `--flag=...` words (RUN --mount, HEALTHCHECK --interval). */
export function execArgs(args: string): string[] {
  const json = args.replace(/^(?:--\S+\s+)*(?:CMD\s+)?/, '');
  return JSON.parse(json) as string[];
}

/**
 * The value of `NAME="..."` the way Docker reads a double-quoted word: a backslash escapes only `"`, `$` and
 * itself (any other backslash stays), and an unescaped `$` would start a substitution, which we report as an error.
 */
export function dockerQuoted(args: string): { name: string; value: string } {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)="(.*)"$/s.exec(args);
  if (!m) throw new Error(`not NAME="value": ${args}`);
  const body = m[2]!;
  let value = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\' && i + 1 < body.length && '"$\\'.includes(body[i + 1]!)) {
      value += body[++i];
    } else if (c === '$') {
      throw new Error(`unescaped $ in ${args}`);
    } else if (c === '"') {
      throw new Error(`unescaped quote in ${args}`);
    } else {
      value += c;
    }
  }
  return { name: m[1]!, value };
}

/** Compose takes `$$` as a literal `$`; undoes the `yaml` helper's doubling of a parsed value. */
export const composeLiteral = (parsed: string): string => parsed.replace(/\$\$/g, '$');
