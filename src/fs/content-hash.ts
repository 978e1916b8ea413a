import { crypto } from './lazy-builtins.js';

/**
 * `sha256:<hex>` of a file's text, as the saved-state file records it. Here, below both write/ (statuses compare a
 * file with its record) and state/ (records and merge bases), so neither imports the other for it.
 */
export function contentHash(text: string): string {
  return `sha256:${crypto().createHash('sha256').update(text, 'utf8').digest('hex')}`;
}
