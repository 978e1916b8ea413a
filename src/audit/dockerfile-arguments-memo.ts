import { Argument, From, Instruction } from 'dockerfile-ast';

/** The parts of a dockerfile-ast instruction its argument tokeniser reads (fixed once the instruction is built). */
interface TokeniserInputs {
  document: { offsetAt(position: { line: number; character: number }): number };
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  instructionRange: { start: { line: number; character: number }; end: { line: number; character: number } };
  escapeChar: string;
}

type Tokeniser = (this: Instruction) => Argument[];

const prototype = Instruction.prototype as unknown as { getRawArguments?: Tokeniser };
const original = prototype.getRawArguments;
// Per parsed document: the argument list of each instruction span, so a span is tokenised once.
const byDocument = new WeakMap<object, Map<string, Argument[]>>();

function memoised(this: Instruction): Argument[] {
  const self = this as unknown as TokeniserInputs;
  const doc = self.document;
  const at = (p: { line: number; character: number }): number => doc.offsetAt(p);
  const key = `${at(self.range.start)} ${at(self.range.end)} ${at(self.instructionRange.start)} ${at(self.instructionRange.end)} ${self.escapeChar}`;
  let spans = byDocument.get(doc);
  if (!spans) byDocument.set(doc, (spans = new Map()));
  let args = spans.get(key);
  if (!args) spans.set(key, (args = original!.call(this)));
  // A fresh list on every call, as without the memo: callers shift flags off it and replace expanded arguments in it.
  // Arguments are never changed once made, but FROM's image-name getters move the start and end of its first
  // argument's range, so a FROM gets fresh arguments too.
  return this instanceof From ? args.map(copy) : args.slice();
}

function copy(arg: Argument): Argument {
  const { start, end } = arg.getRange();
  return new Argument(arg.getValue(), { start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character } });
}

/**
 * Turns dockerfile-ast's argument memo on (default) or off. dockerfile-ast re-tokenises an instruction's text
 * character by character on every getArguments()/getFlags()/getArgumentsContent()/getArgumentsRanges() call, in
 * its JSON-form constructor and in heredoc detection, and its parser builds each instruction twice: about eleven
 * passes over a long RUN. The tokens depend only on the document, the instruction's span and the escape character,
 * all fixed once it is built, so with the memo each span is tokenised once. Returns whether the memo is on (false
 * when this dockerfile-ast version has no such tokeniser to wrap).
 */
export function memoiseDockerfileArguments(on = true): boolean {
  if (typeof original !== 'function') return false;
  prototype.getRawArguments = on ? memoised : original;
  return on;
}
