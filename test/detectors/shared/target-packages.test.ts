import { expect, test } from 'vitest';
import { packagesByArch } from '../../../detectors/shared/target-packages.js';

test.each<[string, string[], string[], string[]]>([
  ['a library\'s -dev package is the target\'s, pkg-config the build machine\'s', ['libssl-dev', 'pkg-config'], ['libssl-dev'], ['pkg-config']],
  ['several libraries, order kept', ['libpq-dev', 'default-libmysqlclient-dev', 'pkg-config'], ['libpq-dev', 'default-libmysqlclient-dev'], ['pkg-config']],
  ['negative: linkers and compilers run on the build machine', ['clang', 'lld', 'mold', 'make', 'perl'], [], ['clang', 'lld', 'mold', 'make', 'perl']],
  ['negative: libc6-dev comes with the cross toolchain, not multiarch', ['libc6-dev', 'build-essential'], [], ['libc6-dev', 'build-essential']],
  ['negative: a name merely containing -dev is no -dev package', ['libdevmapper1.02.1', 'dev-tools-x'], [], ['libdevmapper1.02.1', 'dev-tools-x']],
  ['nothing to install', [], [], []],
])('%s', (_, packages, target, tools) => {
  expect(packagesByArch(packages)).toEqual({ target, tools });
});
