import { describe, expect, test } from 'vitest';
import { pyTryBlocks, rescued } from '../../../detectors/shared/env/py-try-blocks.js';

const at = (text: string, needle: string): number => text.indexOf(needle);

describe('Python try blocks and what their handlers recover from', () => {
  const text = [
    'def load():',
    '    try:',
    '        # the worker count',
    '',
    '        n = int(os.environ["WORKERS"])',
    '    except (KeyError, TypeError) as e:',
    '        n = 4',
    '    else:',
    '        log(n)',
    '    finally:',
    '        done()',
    '    m = int(os.environ["AFTER"])',
    'try:',
    '    x = os.environ["ONLY_FINALLY"]',
    'finally:',
    '    cleanup()',
    'try:',
    '    try:',
    '        y = os.environ["INNER"]',
    '    except ValueError:',
    '        y = 0',
    'except LookupError:',
    '    y = 1',
  ].join('\n');
  const blocks = pyTryBlocks(text);

  test.each<[string, string[], boolean]>([
    ['WORKERS', ['KeyError'], true],
    ['WORKERS', ['AttributeError'], false],
    ['AFTER', ['KeyError'], false],
    ['ONLY_FINALLY', ['KeyError'], false],
    ['INNER', ['KeyError', 'LookupError'], true],
    ['INNER', ['TypeError'], false],
  ])('%s raising %s: rescued %s', (name, errors, expected) => {
    expect(rescued(blocks, at(text, name), errors)).toBe(expected);
  });

  test('a handler that raises again or exits recovers from nothing', () => {
    for (const handler of ['raise', 'raise RuntimeError("WORKERS")', 'sys.exit(1)', 'exit("no WORKERS")']) {
      const t = `try:\n    n = int(os.environ["WORKERS"])\nexcept Exception:\n    log("x")\n    ${handler}\n`;
      expect(rescued(pyTryBlocks(t), at(t, 'WORKERS'), ['KeyError'])).toBe(false);
    }
  });

  test('a comment that mentions raising or exiting is no exit: the handler still recovers', () => {
    for (const handler of ['# fall back; never raise here\n    n = 4', 'n = 4  # raise the default later', '# sys.exit(1) was too strict\n    n = 4']) {
      const t = `try:\n    n = int(os.environ["WORKERS"])\nexcept KeyError:\n    ${handler}\n`;
      expect(rescued(pyTryBlocks(t), at(t, 'WORKERS'), ['KeyError'])).toBe(true);
    }
    const t = 'try:\n    n = int(os.environ["WORKERS"])\nexcept KeyError:\n    # no default\n    raise\n';
    expect(rescued(pyTryBlocks(t), at(t, 'WORKERS'), ['KeyError'])).toBe(false);
  });
});
