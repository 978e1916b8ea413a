import type { Detector } from './types.js';
import { nodeDetector } from './node/detector.js';
import { goDetector } from './go/detector.js';
import { pythonDetector } from './python/detector.js';
import { rustDetector } from './rust/detector.js';
import { javaDetector } from './java/detector.js';

/**
 * Every stack, in the order they are tried. When several match, the highest evidence weight wins and ties go
 * to the earlier entry. Adding a stack: one detectors/<stack>/ folder, one templates/<stack>/ folder, one line here.
 */
export const DETECTORS: readonly Detector[] = [nodeDetector, goDetector, rustDetector, pythonDetector, javaDetector];
