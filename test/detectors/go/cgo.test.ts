import { describe, expect, test } from 'vitest';
import { memProject, type Files } from '../../helpers/memfs.js';
import { buildPlan } from '../../../src/plan/detect.js';
import { render } from '../../../src/render/render.js';
import { dockerfileProblems } from '../../helpers/validate.js';
import type { Answers } from '../../../src/plan/answers.js';
import type { Plan } from '../../../src/plan/types.js';
import type { GoDetails } from '../../../detectors/go/detector.js';

const MAIN = 'package main\n\nfunc main() {}\n';
const mod = (requires = '', go = '1.22') => `module example.com/app\n\ngo ${go}\n${requires}`;
const plan = async (files: Files, answers: Answers = {}): Promise<Plan> => (await buildPlan(memProject(files), answers)).plan;
const details = (p: Plan): GoDetails => p.details as unknown as GoDetails;
const dockerfile = (p: Plan): string => render(p).find((f) => f.path === 'Dockerfile')!.text;
const CGO_C = 'package main\n\n/*\n#include <unistd.h>\n*/\nimport "C"\n\nfunc pid() int { return int(C.getpid()) }\n';

describe('cgo: modules and import "C" that need CGO_ENABLED=1 and a glibc runtime', () => {
  test.each<[string, Files, RegExp]>([
    ['go-sqlite3 as a direct require', { 'go.mod': mod('require github.com/mattn/go-sqlite3 v1.14.22\n') }, /github.com\/mattn\/go-sqlite3 \(go.mod\) compiles its bundled SQLite/],
    ['go-sqlite3 indirect, through gorm\'s sqlite driver', { 'go.mod': mod('require (\n\tgorm.io/driver/sqlite v1.5.6\n\tgithub.com/mattn/go-sqlite3 v1.14.22 // indirect\n)\n') }, /github.com\/mattn\/go-sqlite3 \(go.mod, indirect\)/],
    ['confluent-kafka-go v2', { 'go.mod': mod('require github.com/confluentinc/confluent-kafka-go/v2 v2.5.0\n') }, /confluent-kafka-go\/v2 \(go.mod\) links its bundled librdkafka/],
    ['a go 1.16 module: go.sum holds go-sqlite3\'s code', { 'go.mod': mod('require gorm.io/driver/sqlite v1.1.4\n', '1.16'), 'go.sum': 'github.com/mattn/go-sqlite3 v1.14.5 h1:abc=\ngithub.com/mattn/go-sqlite3 v1.14.5/go.mod h1:def=\n' }, /github.com\/mattn\/go-sqlite3 \(go.sum\)/],
    ['import "C" in the project\'s own file', { 'go.mod': mod(), 'pid.go': CGO_C }, /pid.go has import "C"/],
    ['import "C" inside an import block', { 'go.mod': mod(), 'pid.go': 'package main\n\n// #include <unistd.h>\nimport (\n\t"C"\n\t"fmt"\n)\n' }, /pid.go has import "C"/],
  ])('%s', async (_, files, reason) => {
    const p = await plan({ 'main.go': MAIN, 'go.sum': '', ...files });
    const d = details(p);
    expect(d.cgo).toBe(true);
    expect(p.notes.join('\n')).toMatch(new RegExp(`cgo: .*${reason.source}.*CGO_ENABLED=1.*distroless base-debian13 \\(glibc\\)`));
    expect(d.images.runtime).toEqual({ name: 'gcr.io/distroless/base-debian13', tag: 'nonroot' });
    const text = dockerfile(p);
    expect(text).toContain('ENV CGO_ENABLED="1"');
    expect(text).not.toContain('CGO_ENABLED="0"');
    expect(text).toMatch(/go env -w CC="\$cc"/);
    // Bundled C sources link no system library: no target-architecture packages, no pkg-config switch.
    expect(text).not.toContain('dpkg --add-architecture');
    expect(text).not.toContain('PKG_CONFIG');
    expect(dockerfileProblems(text)).toEqual([]);
  });

  test.each<[string, Files]>([
    ['modernc.org/sqlite is pure Go', { 'go.mod': mod('require modernc.org/sqlite v1.33.1\n') }],
    ['glebarez/sqlite (gorm on modernc) is pure Go', { 'go.mod': mod('require (\n\tgithub.com/glebarez/sqlite v1.11.0\n\tmodernc.org/sqlite v1.23.1 // indirect\n)\n') }],
    ['ncruces/go-sqlite3 (WebAssembly) is pure Go', { 'go.mod': mod('require github.com/ncruces/go-sqlite3 v0.17.1\n') }],
    ['segmentio/kafka-go is pure Go', { 'go.mod': mod('require github.com/segmentio/kafka-go v0.4.47\n') }],
    ['a go 1.17+ module: go.sum alone is not the build graph', { 'go.mod': mod('', '1.21'), 'go.sum': 'github.com/mattn/go-sqlite3 v1.14.5 h1:abc=\n' }],
    ['go.sum has only go-sqlite3\'s go.mod hash', { 'go.mod': mod('', '1.16'), 'go.sum': 'github.com/mattn/go-sqlite3 v1.14.5/go.mod h1:def=\n' }],
    ['import "C" only in a test file', { 'go.mod': mod(), 'pid_test.go': CGO_C }],
    ['import "C" behind //go:build cgo (a !cgo sibling exists)', { 'go.mod': mod(), 'pid.go': `//go:build cgo\n\n${CGO_C}` }],
    ['import "C" in a windows-only file', { 'go.mod': mod(), 'pid_windows.go': CGO_C }],
    ['"C" as a plain string is no import', { 'go.mod': mod(), 'grade.go': 'package main\n\nvar grade = "C"\n' }],
  ])('negative: %s', async (_, files) => {
    const p = await plan({ 'main.go': MAIN, 'go.sum': '', ...files });
    expect(details(p).cgo).toBe(false);
    expect(details(p).images.runtime).toEqual({ name: 'gcr.io/distroless/static-debian13', tag: 'nonroot' });
    expect(dockerfile(p)).toContain('ENV CGO_ENABLED="0"');
    expect(p.notes.join('\n')).not.toMatch(/cgo/);
  });

  test('a module linking a system library (bimg: libvips) gets its -dev package in the build and Debian slim with the library', async () => {
    const p = await plan({ 'main.go': MAIN, 'go.sum': '', 'go.mod': mod('require github.com/h2non/bimg v1.1.9\n') });
    expect(p.base).toBe('slim');
    expect(details(p).buildPackages).toEqual(['libvips-dev']);
    expect(details(p).runtimePackages).toEqual(['libvips42t64']);
    const text = dockerfile(p);
    // libvips-dev of the target architecture (multiarch), found by that architecture's pkg-config in a cross build.
    expect(text).toMatch(/FROM --platform=\$BUILDPLATFORM golang:\S+ AS deps\n[\s\S]*dpkg --add-architecture "\$TARGETARCH" && cross="\$cross pkgconf:\$TARGETARCH" && go env -w PKG_CONFIG="\$\{cc%-gcc\}-pkg-config"[\s\S]*apt-get install -y --no-install-recommends \$cross libvips-dev:"\$TARGETARCH" \\[\s\S]*AS build/);
    expect(p.notes.join('\n')).toMatch(/cross builds: libvips-dev is installed for the target architecture/);
    expect(text).toMatch(/FROM debian:trixie-slim AS runtime[\s\S]*apt-get install -y --no-install-recommends libvips42t64/);
    expect(p.notes.join('\n')).toMatch(/runtime debian:trixie-slim: github.com\/h2non\/bimg \(go.mod\) links libvips, which needs libvips42t64/);
    expect(dockerfileProblems(text)).toEqual([]);
  });

  test('on Debian 12 (Go 1.22) the library package has its bookworm name', async () => {
    const p = await plan({ 'main.go': MAIN, 'go.sum': '', 'go.mod': mod('require github.com/davidbyttow/govips/v2 v2.15.0\n') }, { runtimeVersion: '1.22' });
    expect(details(p).runtimePackages).toEqual(['libvips42']);
  });

  test('--base slim keeps the slim runtime (glibc) with no extra package; --base distroless picks base, not static', async () => {
    const files = { 'main.go': MAIN, 'go.sum': '', 'go.mod': mod('require github.com/mattn/go-sqlite3 v1.14.22\n') };
    const slim = await plan(files, { base: 'slim' });
    expect(details(slim).images.runtime).toEqual({ name: 'debian', tag: 'trixie-slim' });
    expect(details(slim).runtimePackages).toEqual([]);
    expect(details((await plan(files, { base: 'distroless' }))).images.runtime.name).toBe('gcr.io/distroless/base-debian13');
  });

  test.each<[string, string, Answers, RegExp]>([
    ['--base alpine with a cgo module', 'require github.com/mattn/go-sqlite3 v1.14.22\n', { base: 'alpine' }, /^--base alpine: github.com\/mattn\/go-sqlite3 \(go.mod\) compiles its bundled SQLite C source, so the binary links glibc, which alpine lacks; use --base distroless/],
    ['--base distroless with libvips', 'require github.com/h2non/bimg v1.1.9\n', { base: 'distroless' }, /^--base distroless: .*bimg.* needs libvips42t64 that distroless lacks; use --base slim$/],
  ])('negative: %s is refused', async (_, requires, answers, error) => {
    await expect(plan({ 'main.go': MAIN, 'go.sum': '', 'go.mod': mod(requires) }, answers)).rejects.toThrow(error);
  });
});
