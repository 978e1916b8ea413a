import { describe, expect, test } from 'vitest';
import { memProject, type Files } from '../../helpers/memfs.js';
import { buildPlan } from '../../../src/plan/detect.js';

const plan = async (files: Files) => (await buildPlan(memProject(files), {})).plan;
const node = (files: Files) => plan({ 'package.json': { name: 'a', scripts: { start: 'node server.js' }, dependencies: { express: '4' } }, 'server.js': 'app.listen(3000)', ...files });
const hostEnv = (p: { env: { name: string; value: string }[] }) => p.env.filter((e) => e.name === 'HOST' || e.name === 'BIND').map((e) => `${e.name}=${e.value}`);

describe('a listen-address variable the code reads is set to every interface', () => {
  test.each<[string, Files, string[]]>([
    ['envalid schema requires HOST, the example says localhost', {
      'src/env.ts': "import { cleanEnv, host, port } from 'envalid';\nexport const env = cleanEnv(process.env, {\n  HOST: host({ devDefault: 'localhost' }),\n  PORT: port(),\n});",
      '.env.example': 'HOST=localhost\nPORT=3000\n',
    }, ['HOST=0.0.0.0']],
    ['zod schema with a loopback default', { 'src/env.ts': "const Env = z.object({\n  HOST: z.string().default('127.0.0.1'),\n});" }, ['HOST=0.0.0.0']],
    ['a plain read', { 'server.js': 'app.listen(3000, process.env.HOST)' }, ['HOST=0.0.0.0']],
    ['BIND', { 'server.js': "server.listen(3000, process.env.BIND || 'localhost')" }, ['BIND=0.0.0.0']],
    // Negative rows: a default that already binds every interface, a name only the example file lists, another name.
    ['all-interfaces default', { 'server.js': "app.listen(3000, process.env.HOST ?? '0.0.0.0')" }, []],
    ['only the example file names it', { '.env.example': 'HOST=localhost\n' }, []],
    ['HOST holding a domain name is the public host, not the listen address', { 'server.js': "const base = `https://${process.env.HOST || 'example.com'}`;\napp.listen(3000)" }, []],
    ['a public host name is not the listen address', { 'server.js': 'const url = `https://${process.env.PUBLIC_HOST}`' }, []],
  ])('%s', async (_, files, want) => {
    expect(hostEnv(await node(files))).toEqual(want);
  });

  test('Python: a settings class field', async () => {
    const p = await plan({
      'requirements.txt': 'fastapi\nuvicorn\npydantic-settings\n',
      'main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
      'settings.py': 'from pydantic_settings import BaseSettings\nclass Settings(BaseSettings):\n    host: str\n',
    });
    expect(hostEnv(p)).toEqual(['HOST=0.0.0.0']);
    expect(p.notes.join('\n')).toMatch(/listen address \$HOST \(settings\.py/);
  });
});
