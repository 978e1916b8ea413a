import { describe, expect, test } from 'vitest';
import { ardanlabsConfVars, camelSplit } from '../../../detectors/shared/env/go-ardanlabs-conf.js';
import { collectAppVariables } from '../../../detectors/shared/env/index.js';
import { appEnvPlan } from '../../../detectors/shared/env/app-env-plan.js';
import { servicePlan } from '../../../detectors/shared/services.js';
import { memProject } from '../../helpers/memfs.js';

const MAIN = `package main

import (
	"time"

	"github.com/ardanlabs/conf/v3"
)

func run() error {
	cfg := struct {
		conf.Version
		Web struct {
			ReadTimeout time.Duration \`conf:"default:5s"\`
			APIHost     string        \`conf:"default:0.0.0.0:3000"\`
			CORSAllowedOrigins []string \`conf:"default:*"\`
		}
		DB struct {
			User       string \`conf:"default:postgres"\`
			Password   string \`conf:"mask"\`
			Host       string \`conf:"required"\`
			Name       string
			DisableTLS bool \`conf:"default:true"\`
		}
		Auth AuthConfig
		Token string \`conf:"env:API_TOKEN,noprint"\`
		Skipped string \`conf:"-"\`
		hidden  string
	}{}

	const prefix = "SALES"
	if _, err := conf.Parse(prefix, &cfg); err != nil {
		return err
	}
	return nil
}

type AuthConfig struct {
	// The auth service.
	Host string \`conf:"default:http://auth:6000"\`
}
`;

describe('ardanlabs/conf prefixed settings', () => {
  test('conf.Parse(prefix, &cfg): PREFIX_<NESTED>_<FIELD>, defaults, required, secrets, env: names, named struct types', () => {
    const { vars, roles } = ardanlabsConfVars(MAIN, 'main.go');
    expect(vars.map(({ name, value, required, optional, source }) => [name, value, required ?? optional ?? null, source.includes('secret')])).toEqual([
      ['SALES_WEB_READ_TIMEOUT', '5s', true, false],
      ['SALES_WEB_API_HOST', '0.0.0.0:3000', true, false],
      ['SALES_WEB_CORS_ALLOWED_ORIGINS', '*', true, false],
      ['SALES_DB_USER', 'postgres', true, false],
      ['SALES_DB_PASSWORD', undefined, null, true],
      ['SALES_DB_HOST', undefined, true, false],
      ['SALES_DB_NAME', undefined, null, false],
      ['SALES_DB_DISABLE_TLS', 'true', true, false],
      ['SALES_AUTH_HOST', 'http://auth:6000', true, false],
      ['SALES_API_TOKEN', undefined, null, true],
    ]);
    expect(roles.map((r) => [r.name, r.role])).toEqual([['SALES_DB_USER', 'user'], ['SALES_DB_PASSWORD', 'password'], ['SALES_DB_HOST', 'host'], ['SALES_DB_NAME', 'db']]);
  });

  test('v1 (os.Args first), a literal prefix, var cfg of a named type; an empty prefix adds no underscore', () => {
    const v1 = 'import "github.com/ardanlabs/conf"\ntype config struct {\n\tPort int `conf:"default:8080"`\n}\nfunc main() {\n\tvar cfg config\n\tconf.Parse(os.Args[1:], "APP", &cfg)\n}\n';
    expect(ardanlabsConfVars(v1, 'm.go').vars.map((v) => v.name)).toEqual(['APP_PORT']);
    expect(ardanlabsConfVars(v1.replace('"APP"', '""'), 'm.go').vars.map((v) => v.name)).toEqual(['PORT']);
  });

  test('negative: without the conf import, or with an unresolvable prefix, nothing is read', () => {
    expect(ardanlabsConfVars(MAIN.replace('"github.com/ardanlabs/conf/v3"', '"example.com/conf"'), 'main.go').vars).toEqual([]);
    expect(ardanlabsConfVars(MAIN.replace('const prefix = "SALES"', 'prefix := os.Args[0]'), 'main.go').vars).toEqual([]);
  });

  test.each([['APIHost', ['API', 'Host']], ['MaxIdleConns', ['Max', 'Idle', 'Conns']], ['DB', ['DB']], ['S3Bucket', ['S', '3', 'Bucket']], ['CORSAllowedOrigins', ['CORS', 'Allowed', 'Origins']], ['X', ['X']]])('camelSplit(%s)', (name, words) => {
    expect(camelSplit(name)).toEqual(words);
  });

  test('with a postgres service, the prefixed DB settings are wired from it and the rest listed', async () => {
    const fs = memProject({ 'go.mod': 'module x\n\ngo 1.22\n', 'main.go': MAIN });
    const p = appEnvPlan(await collectAppVariables(fs, 'go'), { env: [], serviceDetails: [servicePlan('postgres', 'dependency pgx')] });
    const compose = Object.fromEntries(p.compose.map((c) => [c.name, c.passThrough ? null : c.value]));
    expect(compose).toMatchObject({ SALES_DB_HOST: 'postgres', SALES_DB_USER: '${POSTGRES_USER:-app}', SALES_DB_NAME: '${POSTGRES_DB:-app}', SALES_WEB_READ_TIMEOUT: '${SALES_WEB_READ_TIMEOUT:-5s}' });
    expect(compose.SALES_DB_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
    expect(p.required).toEqual(['SALES_API_TOKEN']);
  });
});
