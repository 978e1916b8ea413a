import { DockerfileParser } from 'dockerfile-ast';

/** Source paths of every COPY that reads the build context (no --from), in order. */
export function contextCopySources(text: string): string[] {
  const out: string[] = [];
  for (const ins of DockerfileParser.parse(text).getInstructions()) {
    if (ins.getKeyword() !== 'COPY') continue;
    const raw = ins.getRawArgumentsContent() ?? '';
    const args = raw.trim().startsWith('[') ? (JSON.parse(raw.trim()) as string[]) : raw.trim().split(/\s+/).filter((a) => !a.startsWith('--'));
    if (/--from=/.test(ins.getTextContent())) continue;
    out.push(...args.slice(0, -1).filter((a) => !a.startsWith('--')));
  }
  return out;
}
