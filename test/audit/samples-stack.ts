import type { RuleCases, Sample } from './samples-dockerfile.js';

/** A stack service meeting every stack and compose rule that applies to a Swarm stack. */
const APP = [
  '  app:',
  '    image: "${APP_IMAGE:-shop:1.0.0}"',
  '    read_only: true',
  '    cap_drop: [ALL]',
  '    healthcheck: {test: ["CMD", "/probe"]}',
  '    deploy:',
  '      resources: {limits: {memory: 512M, cpus: "1"}}',
  '      restart_policy: {condition: any}',
];
/** docker-stack.yml with a version line, the clean app service and `extra` lines appended to it. */
const S = (line: number | undefined, extra: string[] = [], version = 'version: "3.8"'): Sample => ({
  files: { 'docker-stack.yml': [version, 'services:', ...APP, ...extra, ''].join('\n') },
  file: 'docker-stack.yml',
  line,
});

/** Samples for the Swarm stack rules; the clean stack alone passes (also the compose rules Swarm keeps). */
export const STACK_CASES: RuleCases[] = [
  { rule: 'stack-version', bad: [S(1, [], '# no version'), S(1, [], 'version: "2.4"')], good: [S(undefined), S(undefined, [], "version: '3'")] },
  {
    rule: 'stack-rejected-key',
    bad: [S(11, ['    pids_limit: 256']), S(11, ['    depends_on:', '      db:', '        condition: service_healthy'])],
    good: [S(undefined, ['    depends_on: [db]'])],
  },
  {
    rule: 'stack-ignored-key',
    bad: [S(11, ['    restart: unless-stopped']), S(11, ['    tmpfs: [/tmp]']), S(11, ['    security_opt: ["no-new-privileges:true"]'])],
    good: [S(undefined, ['    volumes:', '      - type: tmpfs', '        target: /tmp'])],
  },
  {
    rule: 'stack-no-restart-policy',
    bad: [{ files: { 'docker-stack.yml': 'version: "3.8"\nservices:\n  cache:\n    image: redis:8\n    deploy: {resources: {limits: {memory: 64M, cpus: "1"}}}\n' }, file: 'docker-stack.yml', line: 5 }],
    good: [S(undefined)],
  },
];
