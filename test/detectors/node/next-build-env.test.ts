import { describe, expect, test } from 'vitest';
import { nextBuildEnv } from '../../../detectors/node/next-build-env.js';

const GUARD = (name: string): string => `if (!process.env.${name}) throw new Error('${name} is not set');\nexport const v = process.env.${name};\n`;

describe('next build placeholders', () => {
  test.each<[string, { file: string; text: string }[], string[], RegExp | null]>([
    ['a route module\'s guard: a placeholder on the build line', [{ file: 'lib/db.ts', text: GUARD('DATABASE_URL') }], ['/usr/bin/env', 'DATABASE_URL=postgres://build@localhost:5432/build'], /placeholder values/],
    // Negative rows: next.config's values are baked into the build output, so a placeholder would ship as the setting.
    ['next.config\'s guard: no placeholder, a warning to pass it at build time', [{ file: 'next.config.js', text: GUARD('API_URL') }], [], /next\.config\.js needs API_URL .*ARG API_URL/],
    ['next.config.mjs beside a route module: only the route module\'s', [{ file: 'next.config.mjs', text: GUARD('API_URL') }, { file: 'lib/pay.ts', text: GUARD('STRIPE_KEY') }], ['/usr/bin/env', 'STRIPE_KEY=build-only-placeholder'], /API_URL/],
    ['no guard: nothing', [{ file: 'lib/db.ts', text: 'export const url = process.env.DATABASE_URL ?? "";' }], [], null],
  ])('%s', async (_, texts, want, note) => {
    const notes: string[] = [];
    expect(await nextBuildEnv(texts, ['postgres'], notes)).toEqual(want);
    if (note) expect(notes.join('\n')).toMatch(note);
    else expect(notes).toEqual([]);
  });
});
