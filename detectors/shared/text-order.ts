/**
 * Orders two strings by UTF-16 code units: the same order on every machine. `localeCompare` follows the user's
 * locale (in Czech, `chat.js` sorts after `h.js`, so a detector that reads files in that order could pick another
 * port), and its first call loads ICU's collation data, ~11 ms of a ~200 ms run.
 */
export const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
