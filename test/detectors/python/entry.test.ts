import { describe, expect, test } from 'vitest';
import { memProject, type Files } from '../../helpers/memfs.js';
import { buildPlan } from '../../../src/plan/detect.js';

const plan = async (files: Files) => (await buildPlan(memProject(files), {})).plan;
const flaskApp = 'from app import create_app\n\napp = create_app()\n';
const pkg = { 'app/__init__.py': 'from flask import Flask\n\ndef create_app():\n    return Flask(__name__)\n' };

describe('the app the project declares', () => {
  test.each<[string, Files, string]>([
    ['Procfile web: gunicorn', { 'requirements.txt': 'flask\ngunicorn\n', 'Procfile': 'web: gunicorn blog:app\n', 'blog.py': flaskApp, ...pkg }, 'blog:app'],
    ['Procfile with migrations before the server', { 'requirements.txt': 'flask\ngunicorn\n', 'Procfile': 'web: flask db upgrade; gunicorn -w 2 blog:app\n', 'blog.py': flaskApp, ...pkg }, 'blog:app'],
    ['.flaskenv FLASK_APP file: its app object', { 'requirements.txt': 'flask\ngunicorn\n', '.flaskenv': 'FLASK_APP=blog.py\nFLASK_DEBUG=0\n', 'blog.py': flaskApp, ...pkg }, 'blog:app'],
    ['.flaskenv FLASK_APP package with a factory', { 'requirements.txt': 'flask\ngunicorn\n', '.flaskenv': 'FLASK_APP=app\n', ...pkg }, 'app:create_app()'],
    ['.flaskenv FLASK_APP module:factory', { 'requirements.txt': 'flask\ngunicorn\n', '.flaskenv': 'FLASK_APP="app:create_app()"\n', ...pkg }, 'app:create_app()'],
  ])('%s', async (_, files, target) => {
    const p = await plan(files);
    expect(p.start.at(-1)).toBe(target);
    expect(p.start[0]).toBe('/opt/venv/bin/gunicorn');
  });

  test.each<[string, Files]>([
    ['a Procfile naming a module that does not exist', { 'Procfile': 'web: gunicorn nowhere:app\n' }],
    ['a Procfile without a server', { 'Procfile': 'web: python worker.py\n' }],
  ])('negative: %s falls back to the source scan', async (_, files) => {
    const p = await plan({ 'requirements.txt': 'flask\ngunicorn\n', 'main.py': 'from flask import Flask\napp = Flask(__name__)\n', ...files });
    expect(p.start.at(-1)).toBe('main:app');
  });

  test('fastapi[standard] brings uvicorn: no server added', async () => {
    const p = await plan({ 'requirements.txt': 'fastapi[standard]==0.115.0\n', 'main.py': 'from fastapi import FastAPI\napp = FastAPI()\n' });
    expect(p.start[0]).toBe('/opt/venv/bin/uvicorn');
    expect(p.notes.join('\n')).not.toMatch(/no ASGI server/);
  });
});
