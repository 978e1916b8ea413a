import { describe, expect, test } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { DETECTORS } from '../../detectors/index.js';

// Rendering the fixtures with strict Handlebars catches a missing `details.*` field only on the branches some
// fixture takes; this reads every `details.a.b` path of each stack's templates and resolves it against the
// `<Stack>Details` interface its detector.ts exports, with the TypeScript checker, branch or no branch.
const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const files = DETECTORS.map((d) => path.join(ROOT, 'detectors', d.id, 'detector.ts'));
const program = ts.createProgram(files, { strict: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, noEmit: true, skipLibCheck: true, types: [] });
const checker = program.getTypeChecker();

/** The exported `...Details` interface of a stack's detector.ts. */
function detailsType(stack: string): { name: string; type: ts.Type } {
  const source = program.getSourceFile(path.join(ROOT, 'detectors', stack, 'detector.ts'))!;
  const decl = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text.endsWith('Details') && Boolean(s.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)));
  if (!decl) throw new Error(`detectors/${stack}/detector.ts exports no ...Details interface`);
  return { name: decl.name.text, type: checker.getTypeAtLocation(decl) };
}

/** The types of `name` on any of `types`, looking through null/undefined and into every member of a union. */
function member(types: ts.Type[], name: string): ts.Type[] {
  return types
    .flatMap((t) => (t.isUnion() ? t.types : [t]))
    .filter((t) => !(t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)))
    .map((t) => checker.getPropertyOfType(checker.getApparentType(t), name))
    .filter((s): s is ts.Symbol => s !== undefined)
    .map((s) => checker.getTypeOfSymbol(s));
}

/** Every `details.x.y` path a stack's templates read. */
function templatePaths(stack: string): string[] {
  const dir = path.join(ROOT, 'templates', stack);
  const text = readdirSync(dir).filter((f) => f.endsWith('.hbs')).map((f) => readFileSync(path.join(dir, f), 'utf8')).join('\n');
  return [...new Set([...text.matchAll(/\bdetails((?:\.[A-Za-z_$][\w$]*)+)/g)].map((m) => m[1]!.slice(1)))].sort();
}

describe.each(DETECTORS.map((d) => d.id))('templates/%s', (stack) => {
  test('reads only details.* paths its Details type declares', () => {
    const { name, type } = detailsType(stack);
    const paths = templatePaths(stack);
    expect(paths.length).toBeGreaterThan(0);
    const missing = paths.filter((p) => {
      let types = [type];
      for (const segment of p.split('.')) types = member(types, segment);
      return types.length === 0;
    });
    expect(missing, `paths missing from ${name}`).toEqual([]);
  });
});
