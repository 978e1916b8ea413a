/**
 * The day the version tables were last checked against upstream. The generator compares end-of-life dates with
 * this date, never with today, so a re-run or `--check` of the same tool version gives the same files whatever the
 * calendar says; only the summary and `audit` compare with today (an injectable clock).
 */
export const TABLE_DATE = '2026-11-29';

/** Today as YYYY-MM-DD (UTC); tests pass a fixed date instead. */
export function today(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
