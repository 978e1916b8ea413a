import type { RuleCases, Sample } from './samples-dockerfile.js';

const HARDENED = [
  '    read_only: true',
  '    cap_drop: [ALL]',
  '    security_opt: ["no-new-privileges:true"]',
  '    deploy: {resources: {limits: {memory: 512M, cpus: "1"}}}',
  '    healthcheck: {test: ["CMD", "/probe"]}',
];
/** A compose file with one hardened built service `app` plus `extra` lines appended to it. */
const C = (line: number | undefined, ...extra: string[]): Sample => ({
  files: { 'docker-compose.yml': ['services:', '  app:', '    build: .', ...HARDENED, ...extra, ''].join('\n') },
  file: 'docker-compose.yml',
  line,
});
/** A compose file with the given raw lines. */
const R = (line: number | undefined, ...lines: string[]): Sample => ({ files: { 'compose.yaml': [...lines, ''].join('\n') }, file: 'compose.yaml', line });
const DB = ['  db:', '    image: postgres:17-alpine', '    security_opt: ["no-new-privileges:true"]', '    mem_limit: 512m', '    cpus: 1', '    healthcheck: {test: ["CMD", "pg_isready"]}'];

/** The hardening settings kept in an extension field and merged into the service with `<<: *hardening`. */
const MERGED = R(undefined, 'x-hardening: &hardening', '  read_only: true', '  cap_drop: [ALL]', '  security_opt: ["no-new-privileges:true"]',
  '  deploy: {resources: {limits: {memory: 512M, cpus: "1"}}}', 'services:', '  app:', '    <<: *hardening', '    build: .', '    healthcheck: {test: ["CMD", "/probe"]}');

/** Samples for the compose rules; the hardened base service alone must be clean (see the good lists). */
export const COMPOSE_CASES: RuleCases[] = [
  { rule: 'compose-privileged', bad: [C(9, '    privileged: true'), R(5, 'x-base: &base', '  privileged: true', 'services:', '  app:', '    <<: *base', '    image: redis:7')],
    good: [C(undefined), C(undefined, '    privileged: false'), R(undefined, 'x-base: &base', '  privileged: true', 'services:', '  app:', '    <<: *base', '    privileged: false', '    image: redis:7')] },
  { rule: 'compose-host-namespace',
    bad: [C(9, '    network_mode: host'), C(9, '    pid: "host"'), C(10, '    ports: ["8080:8080"]', '    ipc: host')],
    good: [C(undefined, '    network_mode: bridge'), C(undefined, '    pid: "service:db"')] },
  { rule: 'compose-docker-socket',
    bad: [C(10, '    volumes:', '      - /var/run/docker.sock:/var/run/docker.sock:ro'), C(10, '    volumes:', '      - type: bind', '        source: /var/run/docker.sock', '        target: /var/run/docker.sock')],
    good: [C(undefined, '    volumes:', '      - data:/data', '      - ./config:/etc/app:ro')] },
  { rule: 'compose-no-healthcheck',
    bad: [R(2, 'services:', '  cache:', '    image: redis:7'), R(4, 'services:', '  app:', '    build: .', '    healthcheck:', '      disable: true'),
      { files: { Dockerfile: 'FROM node:22-slim\nUSER 1000\nCMD ["node"]\n', 'compose.yaml': 'services:\n  app:\n    build: .\n' }, file: 'compose.yaml', line: 2 }],
    // One-shot services (migrations) serve nothing to probe: restart "no", or a Swarm policy that ends on success.
    good: [C(undefined), R(undefined, 'services:', '  migrate:', '    image: shop:1.0', '    restart: "no"'),
      R(undefined, 'services:', '  migrate:', '    image: shop:1.0', '    healthcheck: {disable: true}', '    deploy: {restart_policy: {condition: on-failure}}'), { files: { Dockerfile: 'FROM node:22-slim\nUSER 1000\nHEALTHCHECK CMD ["node", "h.js"]\nCMD ["node"]\n', 'compose.yaml': 'services:\n  app:\n    build: .\n' } }] },
  { rule: 'compose-no-resource-limits',
    bad: [R(2, 'services:', '  cache:', '    image: redis:7'), R(2, 'services:', '  cache:', '    image: redis:7', '    mem_limit: 256m')],
    good: [C(undefined), R(undefined, 'services:', '  cache:', '    image: redis:7', '    mem_limit: 256m', '    cpus: 0.5'), MERGED] },
  { rule: 'compose-not-read-only',
    bad: [R(2, 'services:', '  app:', '    build: .'), R(4, 'services:', '  app:', '    build: .', '    read_only: false'), R(2, 'services:', '  cache:', '    image: redis:7')],
    good: [C(undefined), R(undefined, 'services:', '  cache:', '    image: redis:7', '    read_only: true'), MERGED] },
  { rule: 'compose-capabilities-not-dropped',
    bad: [R(2, 'services:', '  app:', '    build: .'), R(4, 'services:', '  app:', '    build: .', '    cap_drop: [NET_RAW]'), R(2, 'services:', '  cache:', '    image: redis:7')],
    good: [C(undefined), R(undefined, 'services:', '  app:', '    build: .', '    cap_drop:', '      - all'), MERGED] },
  { rule: 'compose-no-new-privileges',
    bad: [R(2, 'services:', '  cache:', '    image: redis:7'), R(4, 'services:', '  cache:', '    image: redis:7', '    security_opt: ["label:disable"]')],
    good: [C(undefined), R(undefined, 'services:', '  cache:', '    image: redis:7', '    security_opt:', '      - no-new-privileges'), MERGED] },
  { rule: 'compose-literal-secret',
    bad: [C(10, '    environment:', '      DB_PASSWORD: hunter2'), C(10, '    environment:', '      - API_TOKEN=abc123'),
      C(10, '    environment:', '      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-devpass}'), C(10, '    environment:', '      DATABASE_URL: postgres://app:s3cret@db:5432/app')],
    good: [C(undefined, '    environment:', '      DB_PASSWORD: ${DB_PASSWORD:?set it in .env}', '      PORT: "8080"'),
      C(undefined, '    environment:', '      DATABASE_URL: "postgres://${POSTGRES_USER:-app}:${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env (see .env.example)}@db:5432/app"'),
      C(undefined, '    environment:', '      - DB_PASSWORD_FILE=/run/secrets/db', '      - REDIS_URL=redis://redis:6379')] },
  { rule: 'compose-depends-on-unhealthy',
    bad: [C(9, '    depends_on: [db]', ...DB), C(10, '    depends_on:', '      db:', '        condition: service_started', ...DB)],
    good: [C(undefined, '    depends_on:', '      db:', '        condition: service_healthy', ...DB)] },
  { rule: 'compose-image-eol',
    bad: [R(3, 'services:', '  db:', '    image: postgres:13-alpine'), R(3, 'services:', '  cache:', '    image: redis:6.2'), R(4, 'services:', '  db:', '    mem_limit: 1g', '    image: mongo:6.0')],
    good: [C(undefined), R(undefined, 'services:', '  db:', '    image: postgres:18-alpine'), R(undefined, 'services:', '  db:', '    image: mariadb:11.8'),
      R(undefined, '# create-dockerfile accept-eol: postgres 13', 'services:', '  db:', '    image: postgres:13-alpine')] },
  { rule: 'compose-image-untagged',
    bad: [R(3, 'services:', '  db:', '    image: postgres:latest'), R(3, 'services:', '  db:', '    image: postgres'), R(4, 'services:', '  cache:', '    mem_limit: 1g', '    image: ghcr.io/acme/cache')],
    good: [C(undefined), R(undefined, 'services:', '  db:', '    image: postgres:17-alpine'), R(undefined, 'services:', '  app:', '    build: .', '    image: acme/app'),
      R(undefined, 'services:', '  db:', '    image: postgres@sha256:0123abcd'), R(undefined, 'services:', '  db:', '    image: ${DB_IMAGE:-postgres:17}'),
      R(undefined, 'services:', '  db:', '    image: localhost:5000/pg:16')] },
];
