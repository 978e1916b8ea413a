import { describe, expect, test } from 'vitest';
import { readImageMetadata, sourceUrl } from '../../../detectors/shared/image-metadata.js';
import { memProject, type Files } from '../../helpers/memfs.js';

const none = { description: '', licenses: '', source: '' };

describe('image metadata from the stack\'s manifest', () => {
  test.each<[string, string, Files, object]>([
    ['package.json', 'node', { 'package.json': { name: 'api', version: '2.1.0', license: 'MIT', description: 'An API', repository: { url: 'git+https://github.com/acme/api.git' } } }, { title: 'api', version: '2.1.0', licenses: 'MIT', description: 'An API', source: 'https://github.com/acme/api' }],
    ['package.json shorthand repository', 'node', { 'package.json': { name: 'x', repository: 'github:acme/x' } }, { title: 'x', version: '0.0.0', licenses: '', source: 'https://github.com/acme/x' }],
    ['pyproject [project]', 'python', { 'pyproject.toml': '[project]\nname = "svc"\nversion = "0.3.0"\nlicense = { text = "Apache-2.0" }\n[project.urls]\nRepository = "https://gitlab.com/a/svc"\n' }, { title: 'svc', version: '0.3.0', licenses: 'Apache-2.0', source: 'https://gitlab.com/a/svc' }],
    ['pyproject poetry', 'python', { 'pyproject.toml': '[tool.poetry]\nname = "p"\nversion = "1.0"\nlicense = "BSD-3-Clause"\n' }, { title: 'p', version: '1.0', licenses: 'BSD-3-Clause' }],
    ['Cargo.toml with workspace-inherited licence', 'rust', { 'Cargo.toml': '[workspace.package]\nlicense = "MIT OR Apache-2.0"\n[package]\nname = "srv"\nversion = "0.1.0"\n' }, { title: 'srv', version: '0.1.0', licenses: 'MIT OR Apache-2.0' }],
    ['pom.xml', 'java', { 'pom.xml': '<project><artifactId>shop</artifactId><version>3.0.0</version><licenses><license><name>EPL-2.0</name></license></licenses><scm><url>https://github.com/a/shop</url></scm></project>' }, { title: 'shop', version: '3.0.0', licenses: 'EPL-2.0', source: 'https://github.com/a/shop' }],
    ['go.mod on a known host', 'go', { 'go.mod': 'module github.com/acme/tool\n\ngo 1.23\n' }, { title: 'tool', version: '0.0.0', source: 'https://github.com/acme/tool' }],
    ['go.mod elsewhere: no source', 'go', { 'go.mod': 'module example.internal/tool\n' }, { title: 'tool', source: '' }],
    ['no manifest: folder name and defaults', 'go', {}, { title: 'proj', version: '0.0.0', ...none }],
    ['broken package.json: defaults, no throw', 'node', { 'package.json': '{ nope' }, { title: 'proj', version: '0.0.0', ...none }],
    ['a tooling package.json does not name a Go image', 'go', { 'go.mod': 'module example.internal/svc\n', 'package.json': { name: 'tooling', version: '9.9.9' } }, { title: 'svc', version: '0.0.0' }],
    ['line breaks become spaces', 'node', { 'package.json': { name: 'a\nLABEL evil=1', description: 'x\u2028y' } }, { title: 'a LABEL evil=1', description: 'x y' }],
  ])('%s', async (_name, stack, files, expected) => {
    expect(await readImageMetadata(memProject(files), stack, 'proj')).toMatchObject(expected);
  });

  test('only http(s) URLs become the source', () => {
    expect(sourceUrl('git@github.com:a/b.git')).toBe('');
    expect(sourceUrl('https://x.test/a"b')).toBe('');
    expect(sourceUrl('https://x.test/a/b')).toBe('https://x.test/a/b');
  });
});
