import path from 'node:path';
import { staysInside, type ProjectFs } from '../../src/fs/project-fs.js';
import { excerpt, UserError } from '../../src/errors.js';

/** PEP 503 normalised distribution name: lowercase, runs of `-`, `_`, `.` as one `-`. */
export const normaliseName = (name: string): string => name.toLowerCase().replace(/[-_.]+/g, '-');

/** What a set of requirements files says, following `-r` / `-c` includes. */
export interface RequirementsInfo {
  /** Every file the install reads (the root file first), relative to the project root. */
  files: string[];
  /** Normalised names of the requirements (extras expanded as `name[extra]` too). */
  names: string[];
  /** Requirements that point at the project itself or a local folder (`-e .`, `./pkg`): they need the source. */
  local: string[];
  /** True when every named requirement is pinned with `==` (a pip-compile style lock). */
  pinned: boolean;
}

/** Root requirements files, most production-like first. */
export const REQUIREMENTS_CANDIDATES = [
  'requirements.txt',
  'requirements/production.txt', 'requirements/prod.txt', 'requirements/base.txt', 'requirements/main.txt',
  'requirements/requirements.txt', 'requirements/common.txt',
  'requirements-production.txt', 'requirements-prod.txt', 'requirements-base.txt', 'requirements-main.txt',
];

const NAME = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[([^\]]*)\])?\s*(.*)$/;
const INCLUDE = /^(?:-r|--requirement|-c|--constraint)(?:\s+|=)(\S+)/;
const EDITABLE = /^(?:-e|--editable)(?:\s+|=)(\S+)/;

/** The first requirements file that exists, or undefined. */
export async function findRequirements(fs: ProjectFs): Promise<string | undefined> {
  for (const f of REQUIREMENTS_CANDIDATES) if (await fs.exists(f)) return f;
  return undefined;
}

/** Joins `\` continuations and drops comments; yields [line number, text]. */
function logicalLines(text: string): [number, string][] {
  const out: [number, string][] = [];
  let buf = '';
  let start = 0;
  text.split(/\r?\n/).forEach((raw, i) => {
    if (buf === '') start = i + 1;
    const line = raw.replace(/(^|\s)#.*$/, '');
    if (line.endsWith('\\')) {
      buf += `${line.slice(0, -1)} `;
      return;
    }
    buf += line;
    if (buf.trim()) out.push([start, buf.trim()]);
    buf = '';
  });
  if (buf.trim()) out.push([start, buf.trim()]);
  return out;
}

const isLocal = (spec: string): boolean => /^(?:\.|\/|file:)/.test(spec);
const joinPath = (dir: string, rel: string): string => {
  const out: string[] = dir ? dir.split('/') : [];
  for (const p of rel.split('/')) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
};

/** Parses a requirements file and its includes. Unreadable includes and lines that are no requirement are errors. */
export async function readRequirements(fs: ProjectFs, root: string): Promise<RequirementsInfo> {
  const info: RequirementsInfo = { files: [], names: [], local: [], pinned: true };
  const visit = async (file: string, from?: string): Promise<void> => {
    if (info.files.includes(file)) return;
    const text = await fs.readText(file);
    if (text === undefined) throw new UserError(`${from ?? file}: includes ${file}, which does not exist; fix the -r/-c line`);
    info.files.push(file);
    const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
    for (const [n, line] of logicalLines(text)) {
      const where = `${file}:${n}`;
      const inc = INCLUDE.exec(line);
      if (inc) {
        if (/^[a-z]+:\/\//.test(inc[1]!)) throw new UserError(`${where}: includes a remote file ${inc[1]}; vendor it into the project`);
        const target = path.posix.join(dir || '.', inc[1]!);
        if (!staysInside(fs.root, fs.boundary, target)) throw new UserError(`${where}: includes ${excerpt(inc[1]!)}, outside the project, where the Docker build cannot see it; move the file into the project`);
        await visit(joinPath(dir, inc[1]!), where);
        continue;
      }
      const ed = EDITABLE.exec(line);
      const spec = ed ? ed[1]! : line;
      if (ed || isLocal(spec)) {
        if (isLocal(spec)) info.local.push(spec);
        else addVcs(info, spec, where);
        continue;
      }
      if (line.startsWith('-')) continue; // --index-url, --find-links, --hash on its own line, ...
      if (/^[a-z+]+:\/\//i.test(spec)) {
        addVcs(info, spec, where);
        continue;
      }
      const m = NAME.exec(spec.replace(/\s--\S.*$/, ''));
      if (!m) throw new UserError(`${where}: ${excerpt(line)} is not a requirement; fix or remove the line`);
      const name = normaliseName(m[1]!);
      info.names.push(name, ...(m[2] ?? '').split(',').map((e) => e.trim()).filter(Boolean).map((e) => `${name}[${normaliseName(e)}]`));
      const rest = m[3]!.split(';')[0]!.trim();
      if (!rest.startsWith('@') && !/^===?\s*[\w.]+$/.test(rest)) info.pinned = false;
    }
  };
  await visit(root);
  return info;
}

function addVcs(info: RequirementsInfo, spec: string, where: string): void {
  const egg = /[#&]egg=([A-Za-z0-9._-]+)/.exec(spec);
  if (!egg) throw new UserError(`${where}: ${excerpt(spec)} names no package; add #egg=<name> or use "<name> @ <url>"`);
  info.names.push(normaliseName(egg[1]!));
}

/** Names (normalised, with `name[extra]` entries) of PEP 508 requirement strings, e.g. from pyproject or Pipfile. */
export function namesOf(specs: string[], where: string): string[] {
  return specs.flatMap((s) => {
    const m = NAME.exec(s.trim());
    if (!m) throw new UserError(`${where}: ${excerpt(s)} is not a PEP 508 requirement; fix the dependency`);
    const name = normaliseName(m[1]!);
    return [name, ...(m[2] ?? '').split(',').map((e) => e.trim()).filter(Boolean).map((e) => `${name}[${normaliseName(e)}]`)];
  });
}
