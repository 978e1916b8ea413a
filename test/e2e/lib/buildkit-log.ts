/** One Dockerfile step as BuildKit's `--progress=plain` output reports it. */
export interface BuildStep {
  /** BuildKit vertex number (`#12`). */
  id: number;
  /** Stage name from `[deps 4/4]`, or `` for an unnamed single stage. */
  stage: string;
  /** Position inside the stage, from `[deps 4/4]`. */
  index: number;
  /** The instruction text, e.g. `RUN --mount=type=cache,target=/root/.npm npm ci`. */
  instruction: string;
  cached: boolean;
}

const HEADER = /^#(\d+) \[(?:(\S+) )?(\d+)\/(\d+)\] (.+)$/;
const CACHED = /^#(\d+) CACHED\s*$/;

/** `RUN --mount=... ["npm", "ci"]` -> `RUN --mount=... npm ci`, so one pattern matches both instruction forms. */
function execFormAsWords(instruction: string): string {
  const m = /^(.*?)(\[.*\])\s*$/.exec(instruction);
  if (!m) return instruction;
  try {
    const argv = JSON.parse(m[2]!) as unknown;
    return Array.isArray(argv) && argv.every((a) => typeof a === 'string') ? `${m[1]}${argv.join(' ')}` : instruction;
  } catch {
    return instruction;
  }
}

/** Parses the Dockerfile steps (internal vertices left out) from BuildKit plain progress output. */
export function parseBuildSteps(log: string): BuildStep[] {
  const steps = new Map<number, BuildStep>();
  const cached = new Set<number>();
  for (const line of log.split(/\r?\n/)) {
    const h = HEADER.exec(line);
    if (h) {
      const id = Number(h[1]);
      if (!steps.has(id)) {
        steps.set(id, { id, stage: h[2] ?? '', index: Number(h[3]), instruction: execFormAsWords(h[5] ?? ''), cached: false });
      }
      continue;
    }
    const c = CACHED.exec(line);
    if (c) cached.add(Number(c[1]));
  }
  return [...steps.values()].map((s) => ({ ...s, cached: cached.has(s.id) })).sort((a, b) => a.id - b.id);
}

/**
 * Commands that install a project's dependencies (not the ones that build the app itself).
 * `cargo build` counts because the dependency-only build of a dummy crate is the cacheable step.
 */
const INSTALL = new RegExp(
  [
    String.raw`\bnpm\s+(?:ci|install|i)\b`,
    String.raw`\bpnpm\s+(?:install|i|fetch)\b`,
    String.raw`\byarn(?:\s+install\b|\s+--(?:frozen-lockfile|immutable)\b|\s+workspaces\s+focus\b|\s*(?:&&|;|$))`,
    String.raw`\bbun\s+install\b`,
    String.raw`\bpip3?\s+(?:install|wheel)\b`,
    String.raw`\bpython3?(?:\.\d+)?\s+-m\s+pip\s+(?:install|wheel)\b`,
    String.raw`\buv\s+(?:sync|pip\s+install)\b`,
    String.raw`\bpoetry\s+install\b`,
    String.raw`\bgo\s+mod\s+download\b`,
    String.raw`\bcargo\s+(?:fetch|build|chef\s+cook)\b`,
    String.raw`\bmvnw?\b.*\bdependency:(?:go-offline|resolve)\b`,
    String.raw`\bgradlew?\b.*\b(?:dependencies|--refresh-dependencies)\b`,
  ].join('|'),
);

/**
 * The dependency-install step of each stage: per stage, the first RUN step whose command installs
 * dependencies. Later matching steps in the same stage (e.g. `pip install .` after
 * `pip install -r requirements.txt`, or the real `cargo build`) need the sources and are not included.
 */
export function dependencyInstallSteps(steps: BuildStep[]): BuildStep[] {
  const byStage = new Map<string, BuildStep>();
  for (const s of [...steps].sort((a, b) => a.index - b.index)) {
    const words = shellWords(s.instruction);
    // `pip install --no-deps .` installs the project itself after its dependencies: it needs the sources.
    if (!/^RUN\b/.test(s.instruction) || !INSTALL.test(words) || /\s--no-deps\b/.test(words)) continue;
    if (!byStage.has(s.stage)) byStage.set(s.stage, s);
  }
  return [...byStage.values()];
}

/** Exec-form arrays (`["npm", "ci"]`) as the words they run (`npm ci`), so one pattern fits both forms. */
function shellWords(instruction: string): string {
  return instruction.replace(/\[\s*"(?:[^"\\]|\\.)*"(?:\s*,\s*"(?:[^"\\]|\\.)*")*\s*\]/g, (arr) => {
    try {
      return (JSON.parse(arr) as string[]).join(' ');
    } catch {
      return arr;
    }
  });
}
