import type { Draft } from './types.js';
import { copySources, fromContext, isWholeContext, type DockerfileModel } from './dockerfile-model.js';
import { CREDENTIAL_PATTERNS } from '../fs/credential-files.js';
import { compileIgnoreRule, type SegmentHint } from './ignore-glob.js';
import { indexPatterns, lastMatch, type PatternIndex } from './ignore-index.js';

interface Pattern {
  matches: (path: string) => boolean;
  hint: SegmentHint | undefined;
  exclude: boolean;
  line: number;
  text: string;
}

/** A .dockerignore's rules in order, indexed for lookups. */
export type DockerignoreRules = PatternIndex<Pattern>;

/** The .dockerignore rules in order; blank lines and comments dropped, paths cleaned like the builder does. */
export function parseDockerignore(text: string): DockerignoreRules {
  const out: Pattern[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const trimmed = raw.trim();
    if (!trimmed || trimmed.startsWith('#')) return;
    const exclude = !trimmed.startsWith('!');
    const body = cleanPath(exclude ? trimmed : trimmed.slice(1).trim());
    if (!body) return;
    out.push({ ...compileIgnoreRule(body), exclude, line: i + 1, text: trimmed });
  });
  return indexPatterns(out);
}

/** `./a//b/` -> `a/b`; `/x` -> `x`. */
function cleanPath(p: string): string {
  const parts: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

/** The pattern that decides whether `path` (relative to the context) is excluded, or undefined when it is kept. */
export function excludedBy(rules: DockerignoreRules, path: string): Pattern | undefined {
  const clean = cleanPath(path);
  if (!clean) return undefined;
  // The self-audit probes every credential sample, once per run, before any of this code is warm: the index tests
  // only the patterns whose last segment can match, instead of every pattern against every parent folder.
  const found = lastMatch(rules, clean);
  const p = found < 0 ? undefined : rules.patterns[found]!;
  return p?.exclude ? p : undefined;
}

// `.env.example` (and .sample/.template) is documentation meant to ship, so it is not a sample; `.env.local` is not.
const SECRET_SAMPLES = ['.env', '.env.production', '.env.local', 'server.key', 'cert.pem', 'id_rsa'];

/** The credential patterns some sample of which `patterns` lets into the context: the lines to add. */
export function leakingCredentials(patterns: DockerignoreRules): string[] {
  return CREDENTIAL_PATTERNS.filter((c) => c.samples.some((s) => !excludedBy(patterns, s))).map((c) => c.ignore);
}

/** dockerignore-missing, dockerignore-secrets, dockerignore-credentials, dockerignore-git, dockerignore-excludes-copy-source. */
export function checkDockerignore(model: DockerfileModel, ignoreText: string | undefined): { dockerfile: Draft[]; dockerignore: Draft[] } {
  const copiesContext = model.stages.flatMap((s) => s.steps).find((s) => (s.keyword === 'COPY' || s.keyword === 'ADD') && fromContext(s) && copySources(s).some(isWholeContext));
  if (ignoreText === undefined) {
    const line = copiesContext?.line ?? model.stages[0]?.fromLine ?? 1;
    return { dockerfile: [{ rule: 'dockerignore-missing', line, message: 'no .dockerignore: the whole folder is sent to the builder' }], dockerignore: [] };
  }
  const patterns = parseDockerignore(ignoreText);
  const lastLine = Math.max(1, ignoreText.split(/\r?\n/).length - (ignoreText.endsWith('\n') ? 1 : 0));
  const ignore: Draft[] = [];
  // Secrets in the context only reach the image through a whole-context COPY; named sources are the author's choice.
  const leaking = copiesContext ? SECRET_SAMPLES.filter((f) => !excludedBy(patterns, f)) : [];
  if (copiesContext && leaking.length) {
    const copy = `${copiesContext.keyword} ${copiesContext.args.trim()}`;
    ignore.push({ rule: 'dockerignore-secrets', line: lastLine, message: `.dockerignore lets ${leaking.join(', ')} into the build context and \`${copy}\` (Dockerfile line ${copiesContext.line}) copies them into the image` });
  }
  const credentials = copiesContext ? leakingCredentials(patterns) : [];
  if (copiesContext && credentials.length) {
    const copy = `${copiesContext.keyword} ${copiesContext.args.trim()}`;
    const shown = credentials.length > 6 ? `${credentials.slice(0, 6).join(', ')} and ${credentials.length - 6} more` : credentials.join(', ');
    ignore.push({ rule: 'dockerignore-credentials', line: lastLine, message: `.dockerignore does not exclude credential files (${shown}) and \`${copy}\` (Dockerfile line ${copiesContext.line}) would copy them into the image` });
  }
  if (!excludedBy(patterns, '.git/HEAD')) ignore.push({ rule: 'dockerignore-git', line: lastLine, message: '.dockerignore lets .git into the build context' });
  const dockerfile: Draft[] = [];
  for (const s of model.stages.flatMap((st) => st.steps)) {
    if ((s.keyword !== 'COPY' && s.keyword !== 'ADD') || !fromContext(s)) continue;
    for (const src of copySources(s)) {
      if (isWholeContext(src) || /[*?[$]/.test(src) || /^[a-z]+:\/\//.test(src)) continue;
      const by = excludedBy(patterns, src);
      if (by) dockerfile.push({ rule: 'dockerignore-excludes-copy-source', line: s.line, message: `${s.keyword} source ${src} is excluded by .dockerignore line ${by.line} (${by.text})` });
    }
  }
  return { dockerfile, dockerignore: ignore };
}
