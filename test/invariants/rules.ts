import { DockerfileParser } from 'dockerfile-ast';
import YAML from 'yaml';

/** Names that hold credentials; such a variable may never get a literal value in a Dockerfile or compose file. */
export const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL|ACCESS_?KEY)/i;
/** Programs that must not exist in a distroless runtime stage: shells and package managers. */
export const SHELLS_AND_PMS = /(^|\/)(sh|bash|dash|ash|zsh|busybox|apt|apt-get|dpkg|apk|yum|dnf|rpm|pip3?|npm|npx|yarn|pnpm)$/;

/** One build stage: its base image (FROM argument, ARGs resolved) and its instructions (keyword + raw args). */
export interface Stage {
  from: string;
  name: string | undefined;
  instructions: { keyword: string; args: string; text: string }[];
}

/** Splits a Dockerfile into stages, resolving `${ARG}` references in FROM from the global ARGs. */
export function stages(text: string): Stage[] {
  const df = DockerfileParser.parse(text);
  const globals = new Map<string, string>();
  const out: Stage[] = [];
  for (const ins of df.getInstructions()) {
    const keyword = ins.getKeyword();
    const args = ins.getRawArgumentsContent() ?? '';
    if (keyword === 'ARG' && out.length === 0) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)="?([^"]*)"?$/.exec(args.trim());
      if (m) globals.set(m[1]!, m[2]!);
      continue;
    }
    if (keyword === 'FROM') {
      const [image, , name] = args.replace(/\$\{(\w+)\}/g, (_w, n: string) => globals.get(n) ?? '').split(/\s+/);
      out.push({ from: image!, name, instructions: [] });
      continue;
    }
    out.at(-1)?.instructions.push({ keyword, args, text: ins.getTextContent() });
  }
  return out;
}

/** Every `NAME` of ENV/ARG lines with its literal value (empty when declared without one). */
export function envAndArgs(text: string): { keyword: string; name: string; value: string }[] {
  const out: { keyword: string; name: string; value: string }[] = [];
  for (const ins of DockerfileParser.parse(text).getInstructions()) {
    const k = ins.getKeyword();
    if (k !== 'ENV' && k !== 'ARG') continue;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$/s.exec((ins.getRawArgumentsContent() ?? '').trim());
    if (m) out.push({ keyword: k, name: m[1]!, value: (m[2] ?? '').replace(/^"|"$/g, '') });
  }
  return out;
}

/** A compose value that is nothing but a reference to a variable the user sets (`${NAME}`, `${NAME:?msg}`). */
export const isPureReference = (v: string): boolean => /^\$\{[A-Za-z_][A-Za-z0-9_]*(?::[-?][^}]*)?\}$/.test(v);

/** Secret-looking variables embedded in a URL (postgres://u:${PW}@db) are references too; anything else is literal. */
export const hasLiteralSecret = (name: string, value: string): boolean =>
  SECRET_NAME.test(name) && value !== '' && !isPureReference(value);

/** Parsed compose services. */
export function composeServices(text: string): Record<string, Record<string, any>> {
  return (YAML.parse(text) as { services: Record<string, Record<string, any>> }).services;
}
