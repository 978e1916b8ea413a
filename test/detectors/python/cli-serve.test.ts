import { describe, expect, test } from 'vitest';
import { memProject, type Files } from '../../helpers/memfs.js';
import { buildPlan } from '../../../src/plan/detect.js';

const plan = async (files: Files, start?: string) => (await buildPlan(memProject(files), start ? { start } : {})).plan;
const BIN = '/opt/venv/bin/tally';
const pyproject = (deps: string[], entry = 'tally.cli:cli'): string =>
  `[project]\nname = "tally"\nversion = "1.0.0"\nrequires-python = ">=3.11"\ndependencies = [${deps.map((d) => `"${d}"`).join(', ')}]\n\n[project.scripts]\ntally = "${entry}"\n\n[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n`;
const app = (cli: string, deps = ['click', 'uvicorn'], entry?: string): Files => ({ 'pyproject.toml': pyproject(deps, entry), 'tally/__init__.py': '', 'tally/cli.py': cli });

const serveCmd = '@cli.command()\n@click.option("--port", default=8000)\ndef serve(port):\n    uvicorn.run("tally.web:app", host="0.0.0.0", port=port)\n';
const group = (opts = '') => `import click\nimport uvicorn\n\n\n@click.group(${opts})\ndef cli():\n    """Tally."""\n\n\n`;
const initDb = '@cli.command("init-db")\ndef init_db():\n    pass\n';

describe('serve subcommands of Python console scripts (click, typer)', () => {
  test.each<[string, Files, string[]]>([
    ['a click group with a serve command', app(group() + serveCmd + initDb), [BIN, 'serve']],
    ['a click command named by its decorator', app(`${group()}@cli.command(name="web")\ndef start_web():\n    uvicorn.run("tally.web:app")\n\n${initDb}`), [BIN, 'web']],
    ['click 8.1 decorators without parentheses, underscores as dashes', app(`${group()}@cli.command\ndef run():\n    uvicorn.run("tally.web:app")\n`), [BIN, 'run']],
    ['a command added with add_command', app(`${group()}@click.command()\ndef serve():\n    uvicorn.run("tally.web:app")\n\ncli.add_command(serve)\n`), [BIN, 'serve']],
    ['of two serve-like commands, the one starting a server', app(`${group()}@cli.command()\ndef run():\n    migrate()\n\n@cli.command()\ndef serve():\n    uvicorn.run("tally.web:app")\n`), [BIN, 'serve']],
    ['a main() entry calling the only group', app(`${group()}${serveCmd}\ndef main():\n    cli()\n`, ['click', 'uvicorn'], 'tally.cli:main'), [BIN, 'serve']],
    ['a typer app with several commands', app('import typer\nimport uvicorn\n\napp = typer.Typer()\n\n\n@app.command()\ndef serve(port: int = 8000):\n    uvicorn.run("tally.web:app", port=port)\n\n\n@app.command()\ndef export():\n    pass\n', ['typer', 'uvicorn'], 'tally.cli:app'), [BIN, 'serve']],
    ['the app\'s own Procfile names the subcommand', { ...app(group() + initDb), Procfile: 'web: tally serve --port $PORT\n' }, [BIN, 'serve']],
    // Negative rows: the script serves as it is.
    ['a click group that runs without a subcommand', app(group('invoke_without_command=True') + serveCmd), [BIN]],
    ['a typer app with a single command runs it without its name', app('import typer\n\napp = typer.Typer()\n\n\n@app.command()\ndef serve():\n    pass\n', ['typer'], 'tally.cli:app'), [BIN]],
    ['a typer callback that runs without a subcommand', app('import typer\n\napp = typer.Typer()\n\n\n@app.callback(invoke_without_command=True)\ndef main():\n    pass\n\n\n@app.command()\ndef serve():\n    pass\n\n\n@app.command()\ndef export():\n    pass\n', ['typer'], 'tally.cli:app'), [BIN]],
    ['a group with nothing serve-like', app(group() + initDb), [BIN]],
    ['a plain click command (no group)', app('import click\n\n\n@click.command()\ndef cli():\n    serve_forever()\n'), [BIN]],
    ['another module\'s group that is not the entry\'s', { ...app('def cli():\n    pass\n'), 'tally/admin.py': group().replace('def cli', 'def admin') + serveCmd.replace('@cli', '@admin') }, [BIN]],
  ])('%s', async (_, files, start) => {
    expect((await plan(files)).start).toEqual(start);
  });

  test('the note says where the subcommand comes from', async () => {
    expect((await plan(app(group() + serveCmd))).notes).toContain('start: tally serve (tally/cli.py command table): the console script serves through that subcommand');
  });

  test('--start wins over the command table', async () => {
    expect((await plan(app(group() + serveCmd), '/opt/venv/bin/tally web')).start).toEqual([BIN, 'web']);
  });

  test('a framework app object is served directly, not through the CLI', async () => {
    const p = await plan({ ...app(group() + serveCmd, ['click', 'fastapi', 'uvicorn']), 'tally/web.py': 'from fastapi import FastAPI\napp = FastAPI()\n' });
    expect(p.start).toEqual(['/opt/venv/bin/uvicorn', 'tally.web:app', '--host', '0.0.0.0', '--port', '8000']);
  });
});
