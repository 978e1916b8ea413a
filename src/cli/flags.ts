/** One command-line flag. This table drives parsing, `--help` and the README flags table. */
export interface FlagSpec {
  name: string;
  type: 'boolean' | 'string';
  short?: string;
  /** Placeholder shown in help for string flags. */
  value?: string;
  help: string;
}

/** Every flag, in help order. */
export const FLAGS: readonly FlagSpec[] = [
  { name: 'yes', short: 'y', type: 'boolean', help: 'Non-interactive: accept what was detected, never prompt (also when CI is set or stdin is not a TTY)' },
  { name: 'cwd', type: 'string', value: 'DIR', help: 'Project folder to inspect and write into (default: current folder)' },
  { name: 'stack', type: 'string', value: 'ID', help: 'Force the stack instead of detecting it' },
  { name: 'port', type: 'string', value: 'N', help: 'Port the app listens on (1-65535)' },
  { name: 'runtime-version', type: 'string', value: 'V', help: 'Runtime version, e.g. 22 for Node.js 22' },
  { name: 'base', type: 'string', value: 'FLAVOUR', help: 'Runtime image flavour: slim, distroless or alpine' },
  { name: 'start', type: 'string', value: 'CMD', help: 'Start command of the app, e.g. "node dist/server.js"' },
  { name: 'build', type: 'string', value: 'CMD', help: 'Build command; "" for none' },
  { name: 'main', type: 'string', value: 'ENTRY', help: 'Entry point when there are several: Go package (cmd/api), Rust binary (name or crate:name), Python module:app, Java main class' },
  { name: 'workspace', type: 'string', value: 'NAME', help: 'Project to containerise in a multi-project build (Gradle subproject)' },
  { name: 'compose', type: 'boolean', help: 'Write docker-compose.yml (default)' },
  { name: 'no-compose', type: 'boolean', help: 'Do not write docker-compose.yml' },
  { name: 'services', type: 'string', value: 'LIST', help: 'Backing services for compose, e.g. postgres,redis ("" for none)' },
  { name: 'memory', type: 'string', value: 'SIZE', help: 'Compose memory limit of the app (default 512M)' },
  { name: 'cpus', type: 'string', value: 'N', help: 'Compose CPU limit of the app (default 1)' },
  { name: 'force', short: 'f', type: 'boolean', help: 'Overwrite files that differ from what would be generated' },
  { name: 'dry-run', type: 'boolean', help: 'Show what would be written; write nothing' },
  { name: 'diff', type: 'boolean', help: 'Print unified diffs of every file that would change' },
  { name: 'json', type: 'boolean', help: 'Print the plan as JSON on stdout (implies --yes)' },
  { name: 'verbose', type: 'boolean', help: 'Show stack traces on errors' },
  { name: 'help', short: 'h', type: 'boolean', help: 'Show this help' },
  { name: 'version', short: 'v', type: 'boolean', help: 'Show the version' },
];

/** The README flags table (markdown), generated from {@link FLAGS}. */
export function flagsMarkdown(): string {
  const rows = FLAGS.map((f) => {
    const flag = `\`--${f.name}${f.value ? ` ${f.value}` : ''}\`${f.short ? ` (\`-${f.short}\`)` : ''}`;
    return `| ${flag} | ${f.help} |`;
  });
  return ['| flag | what it does |', '| --- | --- |', ...rows].join('\n');
}
