import { describe, expect, test } from 'vitest';
import { usedModules } from '../../../detectors/go/imported-modules.js';
import type { GoRequire } from '../../../detectors/go/go-mod.js';

const DRIVER = 'github.com/go-sql-driver/mysql';
const req = (path: string, indirect: boolean): GoRequire => ({ path, version: 'v1.8.1', indirect });
const used = (text: string, indirect = true): string[] =>
  usedModules([req('github.com/labstack/echo/v4', false), req(DRIVER, indirect)], [{ file: 'main.go', text }]);

describe('modules the app uses (go.mod direct requirements, plus indirect ones its code imports)', () => {
  test.each<[string, string, boolean]>([
    ['blank import in a block', 'package main\n\nimport (\n\t"database/sql"\n\n\t_ "github.com/go-sql-driver/mysql"\n)\n', true],
    ['single-line import', 'package main\n\nimport "github.com/go-sql-driver/mysql"\n', true],
    ['named import with a trailing comment', 'package main\n\nimport (\n\tdrv "github.com/go-sql-driver/mysql" // the driver\n)\n', true],
    ['a package of the module', 'package db\n\nimport (\n\t"github.com/go-sql-driver/mysql/internal"\n)\n', true],
    ['negative: not imported (a dependency of a dependency)', 'package main\n\nimport "fmt"\n', false],
    ['negative: a string literal holding the path is no import', 'package main\n\nvar doc = "github.com/go-sql-driver/mysql"\n', false],
    ['negative: another module with that prefix', 'package main\n\nimport _ "github.com/go-sql-driver/mysqlx"\n', false],
  ])('%s', (_, text, expected) => {
    expect(used(text).includes(DRIVER)).toBe(expected);
    expect(used(text)).toContain('github.com/labstack/echo/v4');
  });

  test('a direct requirement counts without an import (go.mod says so)', () => {
    expect(used('package main\n', false)).toEqual(['github.com/labstack/echo/v4', DRIVER]);
  });
});
