import { createTwoFilesPatch } from 'diff';

/** A unified diff from the file on disk (or nothing) to the generated text. */
export function unifiedDiff(file: string, before: string | null, after: string): string {
  return createTwoFilesPatch(before === null ? '/dev/null' : `a/${file}`, `b/${file}`, before ?? '', after, '', '', { context: 3 });
}
