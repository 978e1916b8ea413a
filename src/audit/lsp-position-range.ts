// What dockerfile-ast uses of vscode-languageserver-types: Position.create and Range.create, nothing else (checked by
// test/audit/lsp-position-range.test.ts). scripts/bundle.mjs puts this module in that package's place in the bundle:
// the package's ~60 other namespaces are built when it loads, on every audit, and its checks call a helper per
// field (Object.prototype.toString each), on every one of the thousands of ranges a long RUN makes. Same results
// for the same arguments, thrown error included.

const MAX_UINTEGER = 2147483647;
const toString = Object.prototype.toString;

/** The package's `uinteger.is` test (a Number object counts too); the common case is a plain number. */
function isUinteger(value: unknown): boolean {
  if (typeof value === 'number') return value >= 0 && value <= MAX_UINTEGER;
  return toString.call(value) === '[object Number]' && 0 <= (value as number) && (value as number) <= MAX_UINTEGER;
}

/** A position in a text document: zero-based line and character (UTF-16 unit) offset. */
export interface PositionLiteral {
  line: number;
  character: number;
}

/** A range in a text document: start and end positions. */
export interface RangeLiteral {
  start: PositionLiteral;
  end: PositionLiteral;
}

/** vscode-languageserver-types' Position namespace, as far as dockerfile-ast uses it. */
export const Position = {
  create(line: number, character: number): PositionLiteral {
    return { line: line === Number.MAX_VALUE ? MAX_UINTEGER : line, character: character === Number.MAX_VALUE ? MAX_UINTEGER : character };
  },
  is(value: unknown): value is PositionLiteral {
    const candidate = value as PositionLiteral | null;
    return candidate !== null && typeof candidate === 'object' && isUinteger(candidate.line) && isUinteger(candidate.character);
  },
};

/** vscode-languageserver-types' Range namespace, as far as dockerfile-ast uses it. */
export const Range = {
  create(one: unknown, two: unknown, three?: unknown, four?: unknown): RangeLiteral {
    if (isUinteger(one) && isUinteger(two) && isUinteger(three) && isUinteger(four)) {
      return { start: Position.create(one as number, two as number), end: Position.create(three as number, four as number) };
    }
    if (Position.is(one) && Position.is(two)) return { start: one, end: two };
    throw new Error(`Range#create called with invalid arguments[${String(one)}, ${String(two)}, ${String(three)}, ${String(four)}]`);
  },
  is(value: unknown): value is RangeLiteral {
    const candidate = value as RangeLiteral | null;
    return candidate !== null && typeof candidate === 'object' && Position.is(candidate.start) && Position.is(candidate.end);
  },
};
