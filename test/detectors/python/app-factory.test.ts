import { describe, expect, test } from 'vitest';
import { memProject, type Files } from '../../helpers/memfs.js';
import { buildPlan } from '../../../src/plan/detect.js';
import { detectApp } from '../../../detectors/python/app.js';

const plan = async (files: Files) => (await buildPlan(memProject(files), {})).plan;
const fastapi = { 'requirements.txt': 'fastapi\nuvicorn\n' };
const UV = '/opt/venv/bin/uvicorn';
const factoryModule = [
  'from fastapi import FastAPI',
  'from app.core.config import settings',
  '',
  '',
  'def get_application() -> FastAPI:',
  '    application = FastAPI(title=settings.name)',
  '    application.include_router(router)',
  '    return application',
  '',
  '',
  'app = get_application()',
  '',
].join('\n');

describe('a module-level app made by a factory call', () => {
  test.each<[string, Files, string]>([
    ['FastAPI factory in app/main.py', { ...fastapi, 'app/__init__.py': '', 'app/main.py': factoryModule }, `${UV} app.main:app`],
    ['FastAPI factory in main.py at the root', { ...fastapi, 'main.py': factoryModule }, `${UV} main:app`],
    ['async factory, annotated object, black-style signature', {
      ...fastapi,
      'main.py': 'import fastapi\n\nasync def _x(): ...\n\ndef build(\n    debug: bool = False,\n) -> fastapi.FastAPI:\n    return fastapi.FastAPI(debug=debug)\n\napi: fastapi.FastAPI = build()\n',
    }, `${UV} main:api`],
    ['factory imported from a project module', {
      ...fastapi, 'app/factory.py': 'from fastapi import FastAPI\n\ndef create_app():\n    return FastAPI()\n', 'app/main.py': 'from app.factory import create_app\n\napp = create_app()\n',
    }, `${UV} app.main:app`],
    ['factory imported relatively, under an alias', {
      ...fastapi, 'svc/factory.py': 'import fastapi\n\ndef make():\n    return fastapi.FastAPI(routes=[])\n', 'svc/asgi.py': 'from .factory import make as make_app\n\napp = make_app()\n',
    }, `${UV} svc.asgi:app`],
    ['Starlette factory', { 'requirements.txt': 'starlette\nuvicorn\n', 'server.py': 'from starlette.applications import Starlette\n\ndef make_app():\n    return Starlette()\n\napplication = make_app()\n' }, `${UV} server:application`],
  ])('%s', async (_, files, start) => {
    const p = await plan(files);
    expect(p.start.join(' ')).toBe(`${start} --host 0.0.0.0 --port 8000`);
    expect(p.notes.join('\n')).toMatch(/: \w+ = \w+\(\) \(builds (FastAPI|Starlette)( in [\w/]+\.py)?\) in /);
  });

  test('Flask: the object a factory call made is served, not the factory', async () => {
    const p = await plan({ 'requirements.txt': 'flask\ngunicorn\n', 'wsgi.py': 'from shop import create_app\napp = create_app()\n', 'shop/__init__.py': 'from flask import Flask\ndef create_app():\n    return Flask(__name__)\n' });
    expect(p.start.at(-1)).toBe('wsgi:app');
  });

  test.each<[string, Files]>([
    ['a module-level call of an unrelated function', { 'app/main.py': 'from fastapi import FastAPI\n\ndef get_settings():\n    return {"debug": False}\n\nsettings = get_settings()\n' }],
    ['a factory run only under if __name__ == "__main__"', { 'app/main.py': 'from fastapi import FastAPI\n\ndef get_application():\n    return FastAPI()\n\nif __name__ == "__main__":\n    app = get_application()\n' }],
    ['an imported function that builds no app', { 'app/util.py': 'def load():\n    return 1\n', 'app/main.py': 'from app.util import load\n\napp = load()\n' }],
    ['a FastAPI(...) call in a different function than the one called', { 'app/main.py': 'from fastapi import FastAPI\n\ndef other():\n    return FastAPI()\n\ndef get_db():\n    return None\n\ndb = get_db()\n' }],
  ])('negative: %s', async (_, files) => {
    await expect(detectApp(memProject({ ...fastapi, ...files }), new Set(['fastapi', 'uvicorn']), {}, undefined)).rejects.toThrow(/found no app to run/);
  });

  test('negative at the root: an unrelated module-level call falls back to python main.py', async () => {
    const p = await plan({ ...fastapi, 'main.py': 'from fastapi import FastAPI\n\ndef get_settings():\n    return {}\n\nsettings = get_settings()\n' });
    expect(p.start.join(' ')).toBe('/opt/venv/bin/python main.py');
  });
});
