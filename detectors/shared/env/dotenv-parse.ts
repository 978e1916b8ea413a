/**
 * The variables of a dotenv text (dotenv's own parser). dotenv is loaded on first use, through its own module
 * (./dotenv-module.ts) as the bundle only splits our modules well: dotenv's module requires node:crypto and node:os
 * when it loads, ~5 ms that a run meeting no env file need not pay at start-up.
 */
export async function parseDotenv(text: string): Promise<Record<string, string>> {
  const { parse } = await import('./dotenv-module.js');
  return parse(text);
}
