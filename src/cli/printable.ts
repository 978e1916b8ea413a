/**
 * Text from project files made safe for a terminal: control characters (ESC sequences that move the cursor,
 * retitle the window or hide text, C1 controls, NUL, carriage returns) become visible `\u001b` escapes. Line
 * breaks and tabs stay. Every path that prints project-derived text to a terminal goes through this one helper;
 * the colours our own formatter adds are applied after it.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
