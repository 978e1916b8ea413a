import { UserError } from '../../src/errors.js';

/**
 * A minimal reader for go.mod and go.work (no maintained npm parser exists). It knows the line grammar only:
 * `verb args`, `verb ( ... )` blocks, `//` comments and quoted paths. It reads the directives the Dockerfile
 * needs (module, go, toolchain, require, replace, use) and ignores the rest.
 */

/** One `require` line. */
export interface GoRequire {
  path: string;
  version: string;
  /** Marked `// indirect`: needed only by other dependencies. */
  indirect: boolean;
}

/** What a go.mod or go.work says. */
export interface GoModFile {
  module?: string;
  /** `go` directive, e.g. "1.22" or "1.22.3". */
  go?: string;
  /** `toolchain` directive without the "go" prefix, e.g. "1.23.4". */
  toolchain?: string;
  requires: GoRequire[];
  /** Local directories of `replace ... => ./dir` lines (relative, as written). */
  localReplaces: string[];
  /** Module paths those lines replace: built from the project's own folder, nothing downloaded, no go.sum line. */
  locallyReplaced: string[];
  /** go.work `use` directories, as written. */
  uses: string[];
}

interface Directive {
  verb: string;
  args: string[];
  comment: string;
  line: number;
}

/** Splits a line into words: bare tokens and "quoted" or `raw` strings; returns the words and the comment. */
function tokens(text: string, file: string, line: number): { words: string[]; comment: string } {
  const words: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t') { i++; continue; }
    if (text.startsWith('//', i)) return { words, comment: text.slice(i + 2).trim() };
    if (c === '"' || c === '`') {
      const end = c === '"' ? findQuoteEnd(text, i) : text.indexOf('`', i + 1);
      if (end < 0) throw new UserError(`${file}:${line}:${i + 1}: unterminated string; close the quote`);
      const raw = text.slice(i, end + 1);
      words.push(c === '"' ? (JSON.parse(raw) as string) : raw.slice(1, -1));
      i = end + 1;
      continue;
    }
    let j = i;
    while (j < text.length && !' \t'.includes(text[j]!) && !text.startsWith('//', j)) j++;
    words.push(text.slice(i, j));
    i = j;
  }
  return { words, comment: '' };
}

function findQuoteEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

/** Flattens blocks: `require ( a v1 \n b v2 )` becomes two `require` directives. */
function directives(text: string, file: string): Directive[] {
  const out: Directive[] = [];
  let block: { verb: string; line: number } | undefined;
  text.split(/\r?\n/).forEach((raw, idx) => {
    const line = idx + 1;
    const { words, comment } = tokens(raw, file, line);
    if (words.length === 0) return;
    if (block) {
      if (words.length === 1 && words[0] === ')') block = undefined;
      else out.push({ verb: block.verb, args: words, comment, line });
      return;
    }
    if (words[words.length - 1] === '(' && words.length === 2) {
      block = { verb: words[0]!, line };
      return;
    }
    if (words[0] === ')') throw new UserError(`${file}:${line}:${raw.indexOf(')') + 1}: unexpected ")"; remove it or open a block with "verb ("`);
    out.push({ verb: words[0]!, args: words.slice(1), comment, line });
  });
  if (block) throw new UserError(`${file}:${block.line}: "${block.verb} (" block is never closed; add a line with ")"`);
  return out;
}

const GO_VERSION = /^1(\.\d+){1,2}((rc|beta)\d+)?$/;

/** Reads go.mod or go.work text. `file` names the file in error messages. */
export function parseGoMod(text: string, file: string): GoModFile {
  const mod: GoModFile = { requires: [], localReplaces: [], locallyReplaced: [], uses: [] };
  for (const d of directives(text, file)) {
    const want = (n: number, shape: string): void => {
      if (d.args.length !== n) throw new UserError(`${file}:${d.line}: "${d.verb}" expects ${shape}; fix the line`);
    };
    switch (d.verb) {
      case 'module':
        want(1, 'one module path');
        mod.module = d.args[0];
        break;
      case 'go':
        want(1, 'a version such as 1.22');
        if (!GO_VERSION.test(d.args[0]!)) throw new UserError(`${file}:${d.line}: "go ${d.args[0]}" is not a Go version; write one such as "go 1.22"`);
        mod.go = d.args[0];
        break;
      case 'toolchain': {
        want(1, 'a toolchain name such as go1.23.4');
        const v = d.args[0]!.replace(/^go/, '').replace(/[-+].*$/, '');
        if (d.args[0] !== 'default' && !GO_VERSION.test(v)) {
          throw new UserError(`${file}:${d.line}: "toolchain ${d.args[0]}" is not a Go toolchain; write one such as "toolchain go1.23.4"`);
        }
        if (d.args[0] !== 'default') mod.toolchain = v;
        break;
      }
      case 'require':
        want(2, 'a module path and a version');
        mod.requires.push({ path: d.args[0]!, version: d.args[1]!, indirect: /^indirect\b/.test(d.comment) });
        break;
      case 'replace': {
        const arrow = d.args.indexOf('=>');
        if (arrow < 1) throw new UserError(`${file}:${d.line}: "replace" needs "old => new"; fix the line`);
        const target = d.args[arrow + 1];
        if (target && /^\.\.?(\/|$)/.test(target)) {
          mod.localReplaces.push(target);
          mod.locallyReplaced.push(d.args[0]!);
        }
        break;
      }
      case 'use':
        want(1, 'one directory');
        mod.uses.push(d.args[0]!);
        break;
      default:
        break; // exclude, retract, godebug, ignore: nothing the image needs
    }
  }
  return mod;
}

/** The minor number of a Go 1.x version: "1.22.3" -> 22, "1.21rc2" -> 21; undefined when not a version. */
export function goMinor(version: string): number | undefined {
  const m = /^1\.(\d+)/.exec(version);
  return m ? Number(m[1]) : undefined;
}
