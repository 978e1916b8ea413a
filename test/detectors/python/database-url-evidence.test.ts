import { describe, expect, test } from 'vitest';
import { memProject, type Files } from '../../helpers/memfs.js';
import { buildPlan } from '../../../src/plan/detect.js';

const databaseUrl = async (files: Files): Promise<string | undefined> => {
  const { plan } = await buildPlan(memProject({ 'main.py': 'from fastapi import FastAPI\napp = FastAPI()\n', ...files }), {});
  return plan.serviceDetails.flatMap((s) => s.appEnvironment).find((v) => v.name === 'DATABASE_URL')?.value;
};
const reqs = (...deps: string[]): Files => ({ 'requirements.txt': ['fastapi', 'uvicorn', ...deps].join('\n') });
const pool = "import asyncpg, os\n\nasync def connect():\n    return await asyncpg.create_pool(os.environ['DATABASE_URL'])\n";
const alembicEnv = 'from alembic import context\nfrom sqlalchemy import engine_from_config\nconnectable = engine_from_config(config.get_section(config.config_ini_section))\n';
const asyncEngine = "from sqlalchemy.ext.asyncio import create_async_engine\nengine = create_async_engine(os.environ['DATABASE_URL'])\n";

describe('DATABASE_URL scheme from who reads it', () => {
  test.each<[string, Files, RegExp]>([
    ['asyncpg + psycopg2-binary for alembic (no SQLAlchemy in the app): plain postgresql://',
      { ...reqs('asyncpg', 'psycopg2-binary', 'alembic'), 'alembic/env.py': alembicEnv }, /^postgresql:\/\/\$\{POSTGRES_USER:-app\}:/],
    ['the app calls asyncpg.create_pool itself, SQLAlchemy listed for alembic: plain postgresql://',
      { ...reqs('asyncpg', 'sqlalchemy', 'psycopg2-binary', 'alembic'), 'app/db.py': pool, 'alembic/env.py': alembicEnv }, /^postgresql:\/\/\$\{/],
    ['from asyncpg import create_pool', { ...reqs('asyncpg', 'sqlalchemy', 'psycopg'), 'app/db.py': 'from asyncpg import create_pool\n' }, /^postgresql:\/\/\$\{/],
    ['databases.Database(url) with psycopg2 beside asyncpg', { ...reqs('databases', 'asyncpg', 'psycopg2', 'sqlalchemy'), 'app/db.py': 'import databases\ndatabase = databases.Database(DATABASE_URL)\n' }, /^postgresql:\/\/\$\{/],
    ['negative: the app builds a SQLAlchemy async engine (asyncpg also imported): +asyncpg kept',
      { ...reqs('asyncpg', 'sqlalchemy'), 'app/db.py': `${asyncEngine}${pool}` }, /^postgresql\+asyncpg:\/\//],
    ['negative: SQLAlchemy + psycopg 3, asyncpg never called: +psycopg kept', { ...reqs('sqlalchemy', 'psycopg', 'asyncpg'), 'app/db.py': "from sqlalchemy import create_engine\nengine = create_engine(url)\n" }, /^postgresql\+psycopg:\/\//],
    ['negative: SQLModel with asyncpg installed (the ORM is the consumer): +asyncpg kept', { ...reqs('sqlmodel', 'asyncpg') }, /^postgresql\+asyncpg:\/\//],
    ['negative: psycopg2 + alembic, no asyncpg: +psycopg2 kept', { ...reqs('psycopg2-binary', 'alembic'), 'alembic/env.py': alembicEnv }, /^postgresql\+psycopg2:\/\//],
    ['negative: asyncpg calls only in alembic/env.py are the migration tool\'s', { ...reqs('asyncpg', 'sqlalchemy', 'psycopg2'), 'alembic/env.py': `from alembic import context\n${pool}` }, /^postgresql\+psycopg2:\/\//],
    ['negative: asyncpg calls in an alembic/ helper module without the import', { ...reqs('asyncpg', 'sqlalchemy', 'psycopg2'), 'alembic/util.py': pool }, /^postgresql\+psycopg2:\/\//],
    ['asyncpg alone (no SQLAlchemy at all): unchanged postgres://', { ...reqs('asyncpg') }, /^postgres:\/\/\$\{/],
  ])('%s', async (_, files, expected) => {
    expect(await databaseUrl(files)).toMatch(expected);
  });
});
