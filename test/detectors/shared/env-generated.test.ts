import { describe, expect, test } from 'vitest';
import { readEnvExamples } from '../../../detectors/shared/env/env-files.js';
import { collectAppVariables } from '../../../detectors/shared/env/index.js';
import { memProject } from '../../helpers/memfs.js';

const OURS = '# Copy to .env and fill in every empty value: docker compose reads .env from this folder. Never commit .env.\n';
const BLOCK = '# Added by create-dockerfile: variables the compose file reads (fill in the empty ones).\n';
const names = (vars: { name: string }[]): string[] => vars.map((v) => v.name);

describe('example env files: what an earlier run of ours wrote is kept apart from the authors\' lines', () => {
  test.each<[string, string, string[], string[]]>([
    ['their own file', 'A=1\nB=\n', ['A', 'B'], []],
    ['our whole .env.example, a line the user added included', `${OURS}\nPOSTGRES_PASSWORD=\n# x.go\nKEEP=50\nMY_OWN=1\n`, [], ['POSTGRES_PASSWORD', 'KEEP', 'MY_OWN']],
    ['their file with our block appended', `A=1\n\n${BLOCK}# x.go\nKEEP=50\nTOKEN=\n`, ['A'], ['KEEP', 'TOKEN']],
    ['their lines after our block (past its blank line) and a note block', `A=1\n\n${BLOCK}KEEP=50\n\n# A above is for running outside compose\nLATER=2\n`, ['A', 'LATER'], ['KEEP']],
    ['CRLF line ends', `A=1\r\n\r\n${BLOCK.replace('\n', '\r\n')}KEEP=50\r\n\r\nLATER=2\r\n`, ['A', 'LATER'], ['KEEP']],
    // Only our exact header marks a block: their own comment naming the tool does not.
    ['a comment of theirs mentioning us', '# Added by hand after create-dockerfile ran\nA=1\n', ['A'], []],
  ])('%s', async (_, text, theirs, ours) => {
    const [f] = await readEnvExamples(memProject({ '.env.example': text }));
    expect([names(f!.vars), names(f!.generated)]).toEqual([theirs, ours]);
  });
});

describe('variables: an earlier run\'s .env.example neither reorders nor overrides what the project says', () => {
  const code = { 'go.mod': 'module x\n', 'main.go': 'package main\nimport "os"\nfunc main() { _ = os.Getenv("FIRST"); _ = os.Getenv("SECOND"); _ = os.Getenv("KEEP") }\n' };

  test('code order and code values, whatever order and values our file lists', async () => {
    const vars = await collectAppVariables(memProject({ ...code, '.env.example': `${OURS}KEEP=50\nSECOND=stale\n` }), 'go');
    expect(names(vars)).toEqual(['FIRST', 'SECOND', 'KEEP']);
    expect(vars.find((v) => v.name === 'SECOND')).not.toHaveProperty('value');
    expect(vars.find((v) => v.name === 'KEEP')!.sources).toEqual(['main.go (os.Getenv)']);
  });

  test('a variable only our file names (the user added it) is kept, after the rest, with its value', async () => {
    const vars = await collectAppVariables(memProject({ ...code, '.env.example': `${OURS}MY_OWN=1\nKEEP=50\n` }), 'go');
    expect(names(vars)).toEqual(['FIRST', 'SECOND', 'KEEP', 'MY_OWN']);
    expect(vars.at(-1)).toMatchObject({ name: 'MY_OWN', value: '1', sources: ['.env.example'] });
  });

  test('their own file still comes first and gives its values; our block in it does not', async () => {
    const vars = await collectAppVariables(memProject({ ...code, '.env.example': `KEEP=7\n\n${BLOCK}SECOND=stale\n` }), 'go');
    expect(names(vars)).toEqual(['KEEP', 'FIRST', 'SECOND']);
    expect(vars[0]).toMatchObject({ name: 'KEEP', value: '7', sources: ['.env.example', 'main.go (os.Getenv)'] });
    expect(vars[2]).not.toHaveProperty('value');
  });
});
