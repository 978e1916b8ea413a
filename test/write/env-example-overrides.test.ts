import { describe, expect, test } from 'vitest';
import { builtServiceEnvironments, namesReadFromEnv, overriddenVars, overrideNote } from '../../src/write/env-example-overrides.js';

const COMPOSE = `services:
  app:
    build: { context: . }
    environment:
      DATABASE_URL: "postgresql://app:\${POSTGRES_PASSWORD:?set it}@postgres:5432/\${POSTGRES_DB:-app}"
      LOG_LEVEL: "\${LOG_LEVEL:-info}"
      API_KEY: "\${API_KEY:?set API_KEY in .env}"
      PORT: "3000"
      MYSQL_PORT: "3306"
      REDIS_URL: "redis://redis:6379"
      SECRET_KEY:
  migrate:
    build: { context: ., target: migrate }
    restart: "no"
    environment:
      DATABASE_URL: "postgresql://app:\${POSTGRES_PASSWORD:?set it}@postgres:5432/\${POSTGRES_DB:-app}"
  postgres:
    image: postgres:18
    environment:
      POSTGRES_USER: "app"
`;

describe('lines of their example env file that compose overrides for the container', () => {
  const envs = builtServiceEnvironments(COMPOSE);

  test('only services compose builds are the app (a backing service image is not)', () => {
    expect([...envs.keys()]).toEqual(['app', 'migrate']);
  });

  test.each([
    // name, their value, services noted (none: no note)
    ['DATABASE_URL', 'postgres://me:pw@localhost:5432/dev', ['app', 'migrate']],
    ['REDIS_URL', 'redis://127.0.0.1:6379', ['app']],
    ['PORT', '8080', ['app']],
    // negative rows
    ['MYSQL_PORT', '3306', []], // the same value: nothing differs
    ['LOG_LEVEL', 'debug', []], // compose reads ${LOG_LEVEL} from .env: their line is used
    ['API_KEY', 'x', []], // ${API_KEY:?...} reads it too
    ['DATABASE_URL', '', []], // empty: nothing that looks used
    ['POSTGRES_USER', 'root', []], // set only for the backing service, not the app
    ['SESSION_SECRET', 'abc', []], // compose does not set it at all
    ['SECRET_KEY', 'changeme', []], // a pass-through entry (no value): compose passes their .env line on
  ] as const)('%s=%s -> %j', (name, value, services) => {
    const got = overriddenVars({ [name]: value }, envs);
    expect(got).toEqual(services.length === 0 ? [] : [{ name, services: [...services] }]);
  });

  test('the note names the variable, the compose file and the services, as a comment line', () => {
    const note = overrideNote({ name: 'DATABASE_URL', services: ['app', 'migrate'] }, 'compose.yaml');
    expect(note).toMatch(/^# DATABASE_URL above is for running outside compose: compose\.yaml sets its own value for the container \(app, migrate\)/);
    expect(note).not.toMatch(/\n/);
  });

  test('a compose file without services or environments gives nothing to note', () => {
    expect(overriddenVars({ A: '1' }, builtServiceEnvironments('services: {}\n'))).toEqual([]);
    expect(overriddenVars({ A: '1' }, builtServiceEnvironments('services:\n  app:\n    build: .\n'))).toEqual([]);
  });

  test('the variables a compose file of theirs takes from .env itself, map and list form, built services only', () => {
    const theirs = `services:
  web:
    build: .
    environment:
      - MYSQL_HOST=\${MYSQL_HOST}
      - SENTRY_DSN
      - MYSQL_USER=root
  worker:
    build: { context: . }
    environment:
      REDIS_URL: "\${REDIS_URL:-redis://localhost}"
      TOKEN:
      MODE: prod
  db:
    image: mysql:8
    environment:
      - MYSQL_PASSWORD=\${MYSQL_PASSWORD}
`;
    expect([...namesReadFromEnv(theirs)].sort()).toEqual(['MYSQL_HOST', 'REDIS_URL', 'SENTRY_DSN', 'TOKEN']);
    expect([...namesReadFromEnv('services: {}\n')]).toEqual([]);
  });
});
