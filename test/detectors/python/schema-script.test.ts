import { describe, expect, test } from 'vitest';
import { schemaScript } from '../../../detectors/python/schema-script.js';
import { memProject, type Files } from '../../helpers/memfs.js';

const PY = '/opt/venv/bin/python';
const CREATE = 'from app import app, db\nwith app.app_context():\n    db.create_all()\n';

describe('a script creating the tables (SQLAlchemy create_all)', () => {
  test.each<[string, Files, string[], string[] | null]>([
    ['create_db.py with Flask-SQLAlchemy', { 'create_db.py': CREATE }, ['flask', 'flask-sqlalchemy'], [PY, 'create_db.py']],
    ['init_db.py with plain SQLAlchemy', { 'init_db.py': 'from models import Base, engine\nBase.metadata.create_all(engine)\n' }, ['sqlalchemy'], [PY, 'init_db.py']],
    ['create_tables.py', { 'create_tables.py': CREATE }, ['flask-sqlalchemy'], [PY, 'create_tables.py']],
    ['the first by name when there are two', { 'init_db.py': CREATE, 'create_db.py': CREATE }, ['flask-sqlalchemy'], [PY, 'create_db.py']],
    ['no SQLAlchemy dependency: not this kind of script', { 'create_db.py': CREATE }, ['flask'], null],
    ['a script that also drops the tables must not run before every start', { 'create_db.py': 'db.drop_all()\ndb.create_all()\n' }, ['flask-sqlalchemy'], null],
    ['a script that prompts', { 'init_db.py': 'if input("sure? ") == "y":\n    db.create_all()\n' }, ['flask-sqlalchemy'], null],
    ['a script that truncates', { 'init_db.py': 'db.create_all()\ndb.session.execute(text("TRUNCATE post"))\n' }, ['sqlalchemy'], null],
    ['a seed script by another name', { 'seed.py': CREATE }, ['flask-sqlalchemy'], null],
    ['the name but no create_all', { 'create_db.py': 'import sqlite3\nsqlite3.connect("x.db").executescript(open("schema.sql").read())\n' }, ['flask-sqlalchemy'], null],
    ['only in a subfolder: the app\'s own module, not a script', { 'app/create_db.py': CREATE }, ['flask-sqlalchemy'], null],
  ])('%s', async (_, files, deps, command) => {
    const m = await schemaScript(memProject(files), new Set(deps), PY);
    expect(m?.command ?? null).toEqual(command);
    if (m) expect(m.tool).toBe('create-all');
  });
});
