import { describe, expect, test } from 'vitest';
import { memProject, type Files } from '../../helpers/memfs.js';
import { buildPlan } from '../../../src/plan/detect.js';
import { configPort, unprivilegedPort } from '../../../detectors/go/config-port.js';

const MOD = 'module example.com/svc\n\ngo 1.23\n';
const MAIN = 'package main\n\nfunc main() { run() }\n';
const portEnv = (p: { env: { name: string; value: string }[] }) => p.env.filter((e) => /PORT$/.test(e.name)).map((e) => `${e.name}=${e.value}`);
const plan = async (files: Files) => (await buildPlan(memProject({ 'go.mod': MOD, 'main.go': MAIN, ...files }), {})).plan;

describe('Go: the port variable a settings package declares', () => {
  test.each<[string, string, string | undefined]>([
    ['configor-style tags', 'type Server struct {\n\tListenAddr string `default:""`\n\tPort int `env:"NOTIFY_SERVER_PORT" default:"8000"`\n}', 'NOTIFY_SERVER_PORT=8000'],
    ['caarlos0/env envDefault', 'type C struct {\n\tPort int `env:"API_PORT" envDefault:"9100"`\n}', 'API_PORT=9100'],
    ['cleanenv env-default', 'type C struct {\n\tPort string `yaml:"port" env:"HTTP_PORT" env-default:"7300"`\n}', 'HTTP_PORT=7300'],
    ['envconfig tag with the Process prefix', 'type C struct {\n\tPort int `envconfig:"PORT" default:"8800"`\n}\nfunc Load() { envconfig.Process("shop", &c) }', 'SHOP_PORT=8800'],
    ['a tag naming the variable without a default: 8080', 'type C struct {\n\tPort int `env:"WEB_PORT,required"`\n}', 'WEB_PORT=8080'],
    ['a database port tag is not the app port', 'type DB struct {\n\tPort int `env:"DB_PORT" default:"5432"`\n}', undefined],
    ['a tag without an env name is no evidence', 'type C struct {\n\tPort int `json:"port" default:"8000"`\n}', undefined],
    ['Getenv with a fallback in config/', 'func Load() {\n\tport := os.Getenv("LEDGER_PORT")\n\tif port == "" {\n\t\tport = "7100"\n\t}\n}', 'LEDGER_PORT=7100'],
    ['a constant holding the name, passed to a call beside the struct default', 'const EnvServerPort = "RELAY_SERVER_PORT"\nfunc Get() { c := Conf{Server: Server{Port: 8500, TLS: TLS{Port: 8443}}}\n\tparseInt(&c.Server.Port, EnvServerPort) }', 'RELAY_SERVER_PORT=8500'],
    ['a database port beside the app port in one literal', 'const EnvServerPort = "RELAY_SERVER_PORT"\nfunc Get() { cfg := Config{DBPort: 5432, Port: 80}\n\tparseInt(&cfg.Port, EnvServerPort) }', 'RELAY_SERVER_PORT=80'],
    ['a nested database literal before the server', 'const EnvServerPort = "RELAY_SERVER_PORT"\nfunc Get() { c := Conf{Database: DBConf{Port: 5432}, Postgres: Conn{Port: 5433}, HTTPPort: 9300}\n\tparseInt(&c.HTTPPort, EnvServerPort) }', 'RELAY_SERVER_PORT=9300'],
    ['only database ports in the literal: no default', 'const EnvServerPort = "RELAY_SERVER_PORT"\nfunc Get() { c := Conf{RedisPort: 6379, SMTPPort: 587}\n\tparseInt(&c.Port, EnvServerPort) }', 'RELAY_SERVER_PORT=8080'],
    ['caarlos0/env envPrefix heads the nested field', 'type Config struct {\n\tHTTP HTTPConfig `envPrefix:"HTTP_"`\n}\ntype HTTPConfig struct {\n\tPort int `env:"PORT" envDefault:"8300"`\n}', 'HTTP_PORT=8300'],
    ['envPrefix chains through two levels', 'type Config struct {\n\tApp AppConfig `envPrefix:"APP_"`\n}\ntype AppConfig struct {\n\tHTTP *HTTPConfig `envPrefix:"HTTP_"`\n}\ntype HTTPConfig struct {\n\tPort int `env:"PORT" envDefault:"8400"`\n}', 'APP_HTTP_PORT=8400'],
    ['a database struct under envPrefix DB_ is not the app port', 'type Config struct {\n\tDB DBConfig `envPrefix:"DB_"`\n\tHTTP HTTPConfig `envPrefix:"HTTP_"`\n}\ntype DBConfig struct {\n\tPort int `env:"PORT" envDefault:"5432"`\n}\ntype HTTPConfig struct {\n\tPort int `env:"PORT" envDefault:"8500"`\n}', 'HTTP_PORT=8500'],
    ['a constant never passed anywhere is no evidence', 'const EnvServerPort = "RELAY_SERVER_PORT"\nfunc Get() { c := Conf{Port: 8500} }', undefined],
  ])('%s', (_, text, want) => {
    const found = configPort([{ file: 'config/config.go', text }]);
    expect(found && `${found.name}=${found.value}`).toBe(want);
  });

  test('the plan sets that variable and the probe reads it', async () => {
    const p = await plan({ 'config/config.go': 'package config\ntype C struct {\n\tPort int `env:"NOTIFY_SERVER_PORT" default:"8000"`\n}\n' });
    expect(portEnv(p)).toEqual(['NOTIFY_SERVER_PORT=8000']);
    expect(p.healthcheck.cmd.at(-1)).toBe('NOTIFY_SERVER_PORT');
  });

  test('a default of 80 is privileged: the variable is set to 8080 and the note says why', async () => {
    const p = await plan({ 'config/config.go': 'package config\ntype C struct {\n\tPort int `env:"NOTIFY_SERVER_PORT" default:"80"`\n}\n' });
    expect(p.port).toBe(8080);
    expect(portEnv(p)).toEqual(['NOTIFY_SERVER_PORT=8080']);
    expect(p.notes.join('\n')).toMatch(/its default 80 is a privileged port .* set to 8080/);
  });

  test('a literal privileged port is the app\'s to change: kept', () => {
    expect(unprivilegedPort({ value: 80, file: 'main.go' })).toEqual({ value: 80 });
    expect(unprivilegedPort({ value: 8080, file: 'main.go', name: 'PORT' })).toEqual({ value: 8080 });
  });

  test.each<[string, Files, string]>([
    ['the main package\'s own variable wins', { 'main.go': 'package main\nfunc main() { p := os.Getenv("PORT"); if p == "" { p = "9000" } }\n', 'config/c.go': 'type C struct {\n\tPort int `env:"APP_PORT" default:"7000"`\n}' }, 'PORT=9000'],
    ['the project\'s Dockerfile ENV wins', { Dockerfile: 'FROM x\nENV APP_PORT=7500\n', 'config/c.go': 'type C struct {\n\tPort int `env:"APP_PORT" default:"7000"`\n}' }, 'APP_PORT=7500'],
    ['it beats a bare literal in main', { 'main.go': 'package main\nfunc main() { fmt.Println("db at localhost:5432") }\n', 'config/c.go': 'type C struct {\n\tPort int `env:"APP_PORT" default:"7000"`\n}' }, 'APP_PORT=7000'],
    ['a vendored module is not the app', { 'vendor/example.org/lib/c.go': 'type C struct {\n\tPort int `env:"LIB_PORT" default:"7000"`\n}', 'main.go': 'package main\nfunc main() { http.ListenAndServe(":6000", nil) }\n' }, 'PORT=6000'],
  ])('order: %s', async (_, files, want) => {
    expect(portEnv(await plan(files))).toEqual([want]);
  });
});
