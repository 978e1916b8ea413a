import { diff3Merge } from 'node-diff3';

/** Lines where the user's edit and the new generation touch the same place. */
export interface MergeConflict {
  /** 1-based first line of the user's side in their file. */
  line: number;
  ours: string[];
  generated: string[];
}

/** The outcome of merging the user's file with a new generation over the last generated text. */
export type MergeResult =
  | { clean: true; text: string }
  | { clean: false; conflicts: MergeConflict[]; withMarkers: string };

/**
 * Three-way line merge: `base` is what was generated last time, `mine` the file on disk (with the user's
 * edits), `next` the new generation. Non-overlapping changes from both sides are combined.
 */
export function mergeThreeWay(base: string, mine: string, next: string): MergeResult {
  const regions = diff3Merge(lines(mine), lines(base), lines(next), { excludeFalseConflicts: true });
  const out: string[] = [];
  const marked: string[] = [];
  const conflicts: MergeConflict[] = [];
  for (const r of regions) {
    if (r.ok) {
      out.push(...r.ok);
      marked.push(...r.ok);
    } else if (r.conflict) {
      conflicts.push({ line: r.conflict.aIndex + 1, ours: r.conflict.a, generated: r.conflict.b });
      marked.push('<<<<<<< yours', ...r.conflict.a, '=======', ...r.conflict.b, '>>>>>>> generated');
    }
  }
  if (conflicts.length > 0) return { clean: false, conflicts, withMarkers: text(marked, mine, next) };
  return { clean: true, text: text(out, mine, next) };
}

// Split so that a final newline is a property of the file, not an empty last line both sides "changed".
function lines(s: string): string[] {
  const body = s.endsWith('\n') ? s.slice(0, -1) : s;
  return body === '' ? [] : body.split('\n');
}

function text(out: string[], mine: string, next: string): string {
  const newline = next.endsWith('\n') || mine.endsWith('\n');
  return out.length === 0 ? '' : `${out.join('\n')}${newline ? '\n' : ''}`;
}
