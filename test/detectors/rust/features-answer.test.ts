import { describe, expect, test } from 'vitest';
import { memProject, type Files } from '../../helpers/memfs.js';
import { buildPlan } from '../../../src/plan/detect.js';
import { render } from '../../../src/render/render.js';
import { ANSWERS } from '../../../src/answers/table.js';
import { parseOptions } from '../../../src/cli/options.js';
import { answersFromYaml } from '../../../src/state/answers-codec.js';
import type { Answers } from '../../../src/plan/answers.js';
import type { Plan } from '../../../src/plan/types.js';
import type { RustDetails } from '../../../detectors/rust/detector.js';

// A crate that refuses to build without a database feature, with an optional dependency (an implicit feature) and
// one hidden behind dep: (no feature of its own).
const GUARDED = 'fn main() {}\n#[cfg(not(any(feature = "postgres", feature = "sqlite")))]\ncompile_error!("pick a database");\n';
const CARGO = `[package]\nname = "orders"\nversion = "0.1.0"\nedition = "2021"\n\n[features]\npostgres = []\nsqlite = []\ntls = ["dep:rustls"]\n\n[dependencies]\nserde = "1"\nrustls = { version = "0.23", optional = true }\nmetrics = { version = "0.24", optional = true }\n`;
const FILES: Files = { 'Cargo.toml': CARGO, 'src/main.rs': GUARDED };
const plan = async (answers: Answers, files: Files = FILES): Promise<Plan> => (await buildPlan(memProject(files), answers)).plan;
const buildLine = (p: Plan): string => render(p).find((f) => f.path === 'Dockerfile')!.text.split('\n').find((l) => l.includes('cargo build --release'))!;
const features = (argv: string[]): Answers => parseOptions(['--yes', ...argv], {}, false).answers;

describe('--features: the Cargo features of the release build', () => {
  test.each<[string, string[], string, string[]]>([
    ['no answer: the feature the compile_error! guard needs (detected)', [], '--features postgres', ['postgres']],
    ['one of the declared features instead', ['--features', 'sqlite'], '--features sqlite', ['sqlite']],
    ['spaces and commas, each once, as cargo takes them', ['--features', 'sqlite tls,  sqlite'], '--features sqlite,tls', ['sqlite', 'tls']],
    ['an optional dependency is a feature of its own', ['--features', 'sqlite,metrics'], '--features sqlite,metrics', ['sqlite', 'metrics']],
    ['a dependency\'s feature', ['--features', 'sqlite,serde/derive'], '--features sqlite,serde/derive', ['sqlite', 'serde/derive']],
  ])('%s', async (_, argv, flag, chosen) => {
    const p = await plan(features(argv));
    expect(buildLine(p)).toContain(`cargo build --release --bin orders ${flag} `);
    expect((p.details as unknown as RustDetails).features).toEqual({ chosen, declared: ['postgres', 'sqlite', 'tls', 'metrics'] });
    // Your answer replaces the detected one, and the summary says so once.
    const notes = p.notes.filter((n) => n.startsWith('features'));
    expect(notes).toHaveLength(1);
    if (argv.length) expect(notes[0]).toMatch(/--features \(your answer; detected: postgres\)/);
  });

  test('"" builds with the default set only: no --features at all', async () => {
    const p = await plan(features(['--features', '']));
    expect(buildLine(p)).not.toContain('--features');
    expect(p.notes).toContain('features: none (--features ""): the default set only (detected: postgres)');
  });

  test.each<[string, string[], RegExp]>([
    ['negative: a feature the package does not declare fails with the declared ones', ['--features', 'mysql'], /^Cargo\.toml: --features mysql: package orders declares no such feature \(declared: postgres, sqlite, tls, metrics\); pass one of those, or dependency\/feature$/],
    ['negative: an optional dependency behind dep: is no feature', ['--features', 'rustls'], /--features rustls: package orders declares no such feature/],
    ['negative: not a feature name', ['--features', 'sql lite!'], /^--features: "lite!" is not a Cargo feature name .*; pass names separated by commas$/],
  ])('%s', async (_, argv, error) => {
    await expect((async () => plan(features(argv)))()).rejects.toThrow(error);
  });

  test('negative: --features on a project of another stack is refused in one line', async () => {
    await expect(plan(features(['--features', 'x']), { 'package.json': '{"name":"a","scripts":{"start":"node s.js"}}', 's.js': 'require("http").createServer().listen(3000)\n' }))
      .rejects.toThrow(/^--features: Cargo features apply to Rust projects only, and this is a node project; drop it/);
  });

  test('a required feature of the binary left out is a warning (cargo would skip the binary)', async () => {
    const files = { 'Cargo.toml': `${CARGO}\n[[bin]]\nname = "orders"\npath = "src/main.rs"\nrequired-features = ["postgres"]\n`, 'src/main.rs': 'fn main() {}\n' };
    expect(((await plan({}, files)).warnings ?? []).join('\n')).not.toMatch(/required-features/);
    expect((await plan(features(['--features', 'sqlite']), files)).warnings).toContain('Cargo.toml: binary orders has required-features postgres, which --features leaves out, so cargo skips it and the build fails; add them to --features');
  });

  test('a saved answer is read back as given (the saved file holds cargo\'s form)', () => {
    expect(answersFromYaml({ features: 'sqlite,tls' })).toEqual({ features: 'sqlite,tls' });
    expect(answersFromYaml({ features: '' })).toEqual({ features: '' });
    expect(() => answersFromYaml({ features: 'a b!' })).toThrow(/answers\.features: "b!" is not a Cargo feature name/);
  });
});

describe('--features prompt', () => {
  const row = ANSWERS.find((r) => r.key === 'features')!;

  test('asked for a Rust crate with features, offering them, the detected set as the default; the default kept is no answer', async () => {
    const p = await plan({});
    const q = row.question!(p, {});
    expect(q).toMatchObject({ kind: 'text', initial: 'postgres' });
    expect(q!.kind === 'text' && q!.message).toContain('declared: postgres, sqlite, tls, metrics');
    expect(q!.kind === 'text' && q!.validate('sqlite,tls')).toBeUndefined();
    expect(q!.kind === 'text' && q!.validate('no way')).toBeUndefined();
    expect(q!.kind === 'text' && q!.validate('bad!')).toMatch(/not a Cargo feature name/);
    expect(row.fromReply!('postgres', p)).toBeUndefined();
    expect(row.fromReply!('sqlite, tls', p)).toBe('sqlite,tls');
    expect(row.fromReply!('', p)).toBe('');
  });

  test('negative: not asked for a crate without features, nor for another stack', async () => {
    expect(row.question!(await plan({}, { 'Cargo.toml': '[package]\nname = "x"\nversion = "0.1.0"\n', 'src/main.rs': 'fn main() {}\n' }), {})).toBeUndefined();
    expect(row.question!(await plan({}, { 'package.json': '{"name":"a","scripts":{"start":"node s.js"}}', 's.js': '' }), {})).toBeUndefined();
  });
});
