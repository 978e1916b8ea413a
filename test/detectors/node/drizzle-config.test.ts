import { describe, expect, test } from 'vitest';
import { drizzleOut } from '../../../detectors/node/drizzle-config.js';
import { keepMigrations } from '../../../detectors/node/image.js';

// drizzle-kit's `out`, read from the config's syntax (Babel), never by pattern: only a literal counts.
describe('drizzle config out', () => {
  test.each<[string, string, string | undefined]>([
    ['defineConfig', "import { defineConfig } from 'drizzle-kit';\nexport default defineConfig({ dialect: 'postgresql', out: './out' });", './out'],
    ['object literal satisfies Config', "import type { Config } from 'drizzle-kit';\nexport default { out: 'db/migrations', schema: './s.ts' } satisfies Config;", 'db/migrations'],
    ['const exported as default, `as`', "const config = { out: `./.drizzle` } as Config;\nexport default config;", './.drizzle'],
    ['module.exports (CommonJS)', "module.exports = { out: 'migrations', dialect: 'sqlite' };", 'migrations'],
    ['quoted key', "export default defineConfig({ 'out': './x' });", './x'],
    // Negative rows.
    ['no out: drizzle-kit uses its default', "export default defineConfig({ dialect: 'postgresql' });", undefined],
    ['computed out', 'export default defineConfig({ out: process.env.OUT });', undefined],
    ['template with an expression', 'export default defineConfig({ out: `./${dir}` });', undefined],
    ['an out in another object, not the config', "const other = { out: './nope' };\nexport default defineConfig({ dialect: 'mysql' });", undefined],
    ['out inside a nested object', "export default defineConfig({ migrations: { out: './nope' } });", undefined],
    ['a call other than defineConfig', "export default make({ out: './nope' });", undefined],
    ['not a program', 'export default defineConfig({ out: ', undefined],
  ])('%s', async (_, text, want) => {
    expect(await drizzleOut(text, 'drizzle.config.ts')).toBe(want);
  });

  test.each<[boolean, string[], string | undefined, string[]]>([
    [true, ['dist'], 'dist/migrations', ['!dist/migrations']],
    [true, ['.next', 'out'], 'out', ['!out']],
    // Negative rows: not inside an output, no build (outputs are kept), no folder, a prefix that is not a parent.
    [true, ['dist'], 'drizzle', []],
    [false, ['dist'], 'dist/migrations', []],
    [true, ['dist'], undefined, []],
    [true, ['dist'], 'distribution/migrations', []],
  ])('build %s, outputs %j, folder %s: .dockerignore adds %j', (build, outputs, folder, want) => {
    expect(keepMigrations(build, outputs, folder === undefined ? null : { folder })).toEqual(want);
  });
});
