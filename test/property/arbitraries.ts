import fc from 'fast-check';

/**
 * Runs per property: a few dozen in `npm test`, `FUZZ_RUNS` of them under `npm run fuzz` (vitest.fuzz.config.ts).
 * `FUZZ_SEED` replays a failure that fast-check printed.
 */
export function runs(quick: number): fc.Parameters<unknown> {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
  return { numRuns: Number(process.env.FUZZ_RUNS) || quick, ...(seed !== undefined ? { seed } : {}) };
}

/** Pieces that break naive quoting in Dockerfiles, POSIX shells and YAML. */
export const DANGEROUS = [
  '"', "'", '`', '\\', '$', '$(', '${', '}', '$$', '\n', '\r', '\r\n', '\0', '\t', '\u2028', '\u2029', '\u0085',
  ':', ': ', '#', ' #', '-', '- ', '?', '{', '[', ']', '&', '*', '!', '|', '>', '%', '@', ',', ' ', '=', ';', '&&',
  '\u007f', '\u009b', '\ufeff', '\ufffe', '\u001b[31m', 'é', '😀', '\ud800', 'RUN ', '\nRUN rm -rf /', 'FROM scratch',
  '\nprivileged: true', '../', '~', '0x1F', 'null', 'true', 'yes', 'on', '1e3', '<<', '---', '...',
];

/** Strings made of hostile pieces and arbitrary code points (lone surrogates included). */
export const hostile = (maxLength = 12): fc.Arbitrary<string> =>
  fc.string({
    unit: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...DANGEROUS) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
      { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 3 }) },
    ),
    maxLength,
  });

/** Environment variable names, valid or not (a `=` or a space in one must be refused, never rendered). */
export const envName: fc.Arbitrary<string> = fc.oneof(
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,12}$/),
  hostile(6),
);
