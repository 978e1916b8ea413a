import type { StackEvidence } from '../types.js';

/** Gradle build files, any of which makes a Gradle project. */
export const GRADLE_FILES = ['build.gradle.kts', 'build.gradle', 'settings.gradle.kts', 'settings.gradle'];

/**
 * The Java stack as detection sees it: its names and the cheap evidence check. The planning code
 * (./detector.ts) is loaded only when this stack is the one planned (detectors/index.ts).
 */
export const javaStack: StackEvidence = {
  id: 'java',
  title: 'Java',
  manifests: ['pom.xml', 'build.gradle', 'build.gradle.kts'],

  async detect(fs) {
    for (const file of ['pom.xml', ...GRADLE_FILES]) {
      if (await fs.exists(file)) return { stack: 'java', reason: file, weight: 55 };
    }
    return undefined;
  },
};
