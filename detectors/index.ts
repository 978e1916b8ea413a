import type { Detector } from './types.js';
import { nodeDetector } from './node.js';
import { goDetector } from './go.js';
import { pythonDetector } from './python.js';
import { rustDetector } from './rust.js';
import { javaDetector } from './java.js';

/**
 * Every stack, in the order they are tried. When several match, the highest evidence weight wins and ties go
 * to the earlier entry. Adding a stack: one detector file, one templates/<stack>/ folder, one line here.
 */
export const DETECTORS: readonly Detector[] = [nodeDetector, goDetector, rustDetector, pythonDetector, javaDetector];
