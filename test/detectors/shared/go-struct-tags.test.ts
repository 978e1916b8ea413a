import { describe, expect, test } from 'vitest';
import { goStructTagVars } from '../../../detectors/shared/env/go-struct-tags.js';
import { appEnvPlan } from '../../../detectors/shared/env/app-env-plan.js';
import { collectAppVariables } from '../../../detectors/shared/env/collect.js';
import { servicePlan } from '../../../detectors/shared/services.js';
import { memProject } from '../../helpers/memfs.js';

const go = (body: string): string => `package config\n\n${body}\n`;
type Row = [string, string, { name: string; value?: string; required?: boolean; optional?: boolean }[]];

describe('Go settings-struct tags', () => {
  test.each<Row>([
    ['caarlos0/env required', go('type C struct {\n\tTZ string `env:"TZ,required"`\n}'), [{ name: 'TZ', required: true }]],
    ['caarlos0/env notEmpty', go('type C struct {\n\tKey string `env:"API_KEY,notEmpty"`\n}'), [{ name: 'API_KEY', required: true }]],
    ['caarlos0/env default', go('type C struct {\n\tRead time.Duration `env:"READ_TIMEOUT" envDefault:"5s"`\n}'), [{ name: 'READ_TIMEOUT', value: '5s', optional: true }]],
    ['a default wins over required', go('type C struct {\n\tN int `env:"WORKERS,required" envDefault:"4"`\n}'), [{ name: 'WORKERS', value: '4', optional: true }]],
    ['a bare name is a plain read', go('type C struct {\n\tHost string `env:"DB_HOST"`\n}'), [{ name: 'DB_HOST' }]],
    ['cleanenv', go('type C struct {\n\tA string `env:"APP_MODE" env-default:"prod"`\n\tB string `env:"APP_TOKEN" env-required:"true"`\n}'), [{ name: 'APP_MODE', value: 'prod', optional: true }, { name: 'APP_TOKEN', required: true }]],
    ['envconfig with an explicit name', go('type C struct {\n\tQ string `envconfig:"QUEUE_NAME" required:"true"`\n}'), [{ name: 'QUEUE_NAME', required: true }]],
    ['envPrefix on a nested struct heads its fields', go('type C struct {\n\tDB DBConf `envPrefix:"DB_"`\n}\n\ntype DBConf struct {\n\tUser string `env:"USER,required"`\n}'), [{ name: 'DB_USER', required: true }]],
    ['other tags only (json, yaml): nothing', go('type C struct {\n\tName string `json:"name" yaml:"name"`\n}'), []],
    ['a lower-case or dashed name is no variable', go('type C struct {\n\tName string `env:"name"`\n\tX string `env:"-"`\n}'), []],
    ['no struct tags at all', go('var port = 8080'), []],
  ])('%s', (_, text, expected) => {
    expect(goStructTagVars(text, 'config/config.go').map(({ source: _s, ...v }) => v)).toEqual(expected);
  });

  test('compose gets every variable the struct demands, wired to the database where the name says so', async () => {
    const fs = memProject({
      'go.mod': 'module x\n\ngo 1.24\n',
      'config/config.go': go([
        'type Conf struct {',
        '\tTZ string `env:"TZ,required"`',
        '\tDebug bool `env:"SERVER_DEBUG,required"`',
        '\tIdle time.Duration `env:"SERVER_TIMEOUT_IDLE" envDefault:"5s"`',
        '\tHost string `env:"DB_HOST,required"`',
        '\tPass string `env:"DB_PASS,required"`',
        '\tHome string `env:"HOME"`',
        '}',
      ].join('\n')),
    });
    const vars = await collectAppVariables(fs, 'go');
    const plan = appEnvPlan(vars, { env: [], serviceDetails: [servicePlan('postgres', 'dependency github.com/jackc/pgx/v5')] });
    const byName = new Map(plan.compose.map((v) => [v.name, v.value]));
    // A platform name the code demands gets a working default; one it merely reads stays the image's.
    expect(byName.get('TZ')).toBe('${TZ:-UTC}');
    expect(byName.has('HOME')).toBe(false);
    expect(byName.get('SERVER_DEBUG')).toBe('${SERVER_DEBUG:?set SERVER_DEBUG in .env (see .env.example)}');
    expect(byName.get('SERVER_TIMEOUT_IDLE')).toBe('${SERVER_TIMEOUT_IDLE:-5s}');
    expect(byName.get('DB_HOST')).toBe('postgres');
    expect(byName.get('DB_PASS')).toContain('POSTGRES_PASSWORD');
    expect(plan.required).toEqual(['SERVER_DEBUG']);
  });
});
