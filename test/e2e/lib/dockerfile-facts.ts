import { DockerfileParser, type Dockerfile, type Instruction } from 'dockerfile-ast';

/** What the suite needs to know about a generated Dockerfile's final stage. */
export interface DockerfileFacts {
  /** The final stage's last USER, verbatim (e.g. `65532:65532`), or undefined when absent. */
  user: string | undefined;
  /** Numeric uid from {@link user}, or undefined when the user is a name. */
  uid: number | undefined;
  /** First EXPOSEd TCP port of the final stage. */
  port: number | undefined;
  /** The final stage's HEALTHCHECK arguments, or undefined when there is none (or it is NONE). */
  healthcheck: string | undefined;
  /** URL path the HEALTHCHECK probes, or `/` when it names none. */
  healthPath: string;
  /** First status the HEALTHCHECK fails on: 400 (a health route must succeed) or 500 (the server only has to answer). */
  healthBelow: number;
}

/**
 * Reads the final stage's USER, EXPOSE and HEALTHCHECK from Dockerfile text.
 * ARG/ENV references in USER and EXPOSE are resolved the way the parser sees them.
 */
export function dockerfileFacts(text: string): DockerfileFacts {
  const df = DockerfileParser.parse(text);
  const final = finalStage(df);
  const last = (kw: string): Instruction | undefined => final.filter((i) => i.getKeyword() === kw).at(-1);

  const userInstr = last('USER');
  const user = userInstr ? resolve(df, userInstr) : undefined;
  const uidText = user?.split(':')[0];
  const uid = uidText !== undefined && /^\d+$/.test(uidText) ? Number(uidText) : undefined;

  const exposeInstr = final.find((i) => i.getKeyword() === 'EXPOSE');
  const firstPort = exposeInstr ? resolve(df, exposeInstr).split(/\s+/)[0] : undefined;
  const portMatch = firstPort?.match(/^(\d+)(?:\/tcp)?$/i);
  const port = portMatch?.[1] !== undefined ? Number(portMatch[1]) : undefined;

  const hc = last('HEALTHCHECK')?.getArgumentsContent() ?? undefined;
  const healthcheck = hc && !/^NONE\b/i.test(hc.trim()) ? hc : undefined;
  return { user, uid, port, healthcheck, healthPath: healthPathOf(healthcheck), healthBelow: healthBelowOf(healthcheck) };
}

/** The URL path a HEALTHCHECK command probes (first http(s) URL, node's `path:'/x'`, http.client's `request('GET','/x')`), or `/`. */
export function healthPathOf(healthcheck: string | undefined): string {
  const m = healthcheck?.match(/https?:\/\/[^/\s"'`]+(\/[^\s"'`)\\]*)?/) ?? healthcheck?.match(/\bpath:'(\/[^']*)'|request\('GET','(\/[^']*)'/);
  return m?.slice(1).find((g) => g !== undefined) ?? '/';
}

/** The status limit of our probes (`statusCode<500`, `status<500`, or the probe's `"500"` argument); 400 otherwise. */
export function healthBelowOf(healthcheck: string | undefined): number {
  const m = healthcheck?.match(/status(?:Code)?<([45]00)\b|", "([45]00)"/);
  return Number(m?.[1] ?? m?.[2] ?? 400);
}

function finalStage(df: Dockerfile): Instruction[] {
  const instructions = df.getInstructions();
  const lastFrom = instructions.map((i) => i.getKeyword()).lastIndexOf('FROM');
  return instructions.slice(lastFrom + 1);
}

function resolve(df: Dockerfile, instr: Instruction): string {
  const raw = (instr.getArgumentsContent() ?? '').trim();
  const line = instr.getRange().start.line;
  return raw.replace(/\$\{(\w+)(?::?-([^}]*))?\}|\$(\w+)/g, (whole, braced?: string, dflt?: string, bare?: string) => {
    const name = braced ?? bare;
    if (name === undefined) return whole;
    const value = df.resolveVariable(name, line);
    return value ?? dflt ?? whole;
  });
}
