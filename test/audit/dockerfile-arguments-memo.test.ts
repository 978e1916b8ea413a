import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import fg from 'fast-glob';
import { DockerfileParser, type From, type Instruction } from 'dockerfile-ast';
import { memoiseDockerfileArguments } from '../../src/audit/dockerfile-arguments-memo.js';
import { parseDockerfile } from '../../src/audit/dockerfile-model.js';
import { auditFiles } from '../../src/audit/audit.js';
import { FIXTURES_DIR } from '../helpers/fixtures.js';
import { DOCKERFILE_CASES } from './samples-dockerfile.js';

// Everything dockerfile-ast can tell about an instruction, in an order where FROM's image getters (which move its
// first argument's range) run before the arguments are read again.
const GETTERS = [
  'getKeyword', 'getInstruction', 'getRange', 'getInstructionRange', 'getArguments', 'getArgumentsContent',
  'getRawArgumentsContent', 'getArgumentsRange', 'getArgumentsRanges', 'getExpandedArguments', 'getVariables', 'getFlags',
  'getJSONStrings', 'getOpeningBracket', 'getClosingBracket', 'getHeredocs', 'getProperties', 'getImageNameRange',
  'getImageName', 'getRegistryRange', 'getRegistry', 'getImage', 'getImageTag', 'getImageDigest', 'getBuildStage',
  'getTriggerWord', 'getSubcommand', 'getTextContent', 'toString', 'getArguments', 'getExpandedArguments', 'getFlags',
];

function describeInstruction(node: Instruction): unknown[] {
  const self = node as unknown as Record<string, unknown>;
  const out: unknown[] = GETTERS.map((name) => {
    if (typeof self[name] !== 'function') return null;
    try {
      return JSON.parse(JSON.stringify((self[name] as () => unknown).call(node), (k, v: unknown) => (k === 'document' || k === 'dockerfile' ? undefined : v)) ?? 'null') as unknown;
    } catch (err) {
      return `throws ${(err as Error).message}`;
    }
  });
  const trigger = (node as unknown as { getTriggerInstruction?: () => Instruction | null }).getTriggerInstruction?.();
  if (trigger) out.push(describeInstruction(trigger));
  return out;
}

/** dockerfile-ast's whole view of a text, our model of it and its audit findings. */
function everything(text: string): unknown {
  const ast = DockerfileParser.parse(text);
  const model = parseDockerfile(text);
  const steps = (s: { steps: object[] }): unknown => s.steps.map((st) => ({ ...st, node: undefined }));
  return {
    instructions: ast.getInstructions().map(describeInstruction),
    comments: ast.getComments().map((c) => [c.getRange(), c.getContent()]),
    directives: ast.getDirectives().map((d) => [d.getName(), d.getValue()]),
    escape: ast.getEscapeCharacter(),
    preamble: steps({ steps: model.preamble }),
    stages: model.stages.map((s) => ({ ...s, parent: s.parent?.index, steps: steps(s) })),
    findings: auditFiles([{ path: 'Dockerfile', text }, { path: '.dockerignore', text: '*\n!src\n' }], { today: '2026-01-01' }),
  };
}

const fixtureDockerfiles = fg.sync('*/expected/**/Dockerfile*', { cwd: FIXTURES_DIR, dot: true })
  .map((f) => ({ name: f, text: readFileSync(path.join(FIXTURES_DIR, f), 'utf8') }));

const sampleDockerfiles = DOCKERFILE_CASES.flatMap((c) => [...c.bad, ...c.good].map((s, i) => ({ name: `${c.rule} sample ${i}`, text: s.files.Dockerfile })))
  .filter((s): s is { name: string; text: string } => typeof s.text === 'string');

// Odd inputs: escape directive, CRLF, heredocs, comments and blank escapes inside continuations, flags, JSON forms,
// ONBUILD, a BOM, a trailing escape at the end of the file, an escaped keyword and the same text twice.
const ODD = [
  '# escape=`\nFROM mcr.microsoft.com/windows:ltsc2022\nRUN dir `\n  c:\\ `\n  && echo "a`"b"\nCOPY ["a b", "c:\\\\x"]\n',
  'FROM node:22\r\nRUN apt-get update \\\r\n && apt-get install -y curl \\\r\n # a comment\r\n && echo done\r\nCMD ["node", \\\r\n "s.js"]\r\n',
  'FROM alpine\nRUN <<EOF\nset -e\necho "$HOME" \\\n  more\nEOF\nRUN <<-EOT bash\n\techo tabbed\n\tEOT\nCOPY <<EOF /etc/x.conf\nkey = value\nEOF\nRUN <<A cat > /a && <<"B" cat > /b\na\nA\nb $x\nB\n',
  'FROM alpine\nRUN echo a \\\n# inner comment\n\n  # indented comment \\\n  b \\  \n  c\\\n\td\n',
  'FROM --platform=$BUILDPLATFORM reg.example:5000/team/img:1.2@sha256:0123abcd AS Build\nFROM build\nRUN --mount=type=cache,target=/root/.cache --mount=type=secret,id=npm,required=true --network=none \\\n  --security=insecure npm ci\nCOPY --from=build --chown=1000:1000 --chmod=0755 --link ["/a", "/b"]\nADD --checksum=sha256:00 --keep-git-dir=true https://x/y.tgz /z\n',
  'FROM scratch\nCMD []\nCMD [ ]\nENTRYPOINT ["a\\"b", "c\\\\d"]\nRUN ["a", \\\n  "b"]\nCMD ["broken"\nSHELL ["/bin/sh", "-c"]\nVOLUME ["/data", "/logs"]\nVOLUME /a /b\n',
  'FROM alpine\nONBUILD RUN --mount=type=cache,target=/x echo $X\nONBUILD COPY . .\nONBUILD\nHEALTHCHECK --interval=5s --timeout=3s CMD wget -q -O- http://localhost/ || exit 1\nHEALTHCHECK NONE\nSTOPSIGNAL SIGTERM\n',
  'ARG BASE=node TAG=22\nFROM ${BASE}:${TAG:-20}-slim\nARG X=1\nENV Y=${X:-d} Z="$X two" W=\'$Y\' \\\n    V=a\\ b\nLABEL a=b c="d e" "f g"=h\nENV OLD form value\nUSER ${UID:-1000}:$GID\nWORKDIR $HOME/${DIR}\nEXPOSE 80/tcp ${PORT}\n',
  '\uFEFFFROM alpine\nRUN echo hi\nRUN echo trailing \\',
  'FROM alpine\nRU\\\nN echo escaped keyword\nRUN\nEXPOSE\nrun echo lower case\nRUN echo same\nRUN echo same\n',
];

afterAll(() => {
  memoiseDockerfileArguments();
});

test('the memo wraps this dockerfile-ast version and every list it gives is fresh', () => {
  expect(memoiseDockerfileArguments()).toBe(true);
  const [from, run] = DockerfileParser.parse('FROM reg.example/a/b:1\nRUN --mount=type=cache,target=/x echo one two\n').getInstructions() as [From, Instruction];
  const first = run.getArguments();
  first.shift();
  expect(run.getArguments().map((a) => [a.getValue(), a.getRange().start.character])).toEqual([['echo', 33], ['one', 38], ['two', 42]]);
  expect([from.getImageNameRange()?.start.character, from.getRegistryRange()?.end.character]).toEqual([17, 16]);
  expect(from.getArguments().map((a) => [a.getRange().start.character, a.getRange().end.character])).toEqual([[5, 22]]);
});

test.each([...fixtureDockerfiles, ...sampleDockerfiles, ...ODD.map((text, i) => ({ name: `odd input ${i}`, text }))])(
  '$name: same parse with and without the memo',
  ({ text }) => {
    memoiseDockerfileArguments(false);
    const plain = everything(text);
    memoiseDockerfileArguments(true);
    expect(everything(text)).toEqual(plain);
  },
);

test('every fixture Dockerfile and odd input is compared', () => {
  expect(fixtureDockerfiles.length).toBeGreaterThanOrEqual(80);
  expect(sampleDockerfiles.length).toBeGreaterThanOrEqual(50);
});
