import { TABLE_DATE } from './date.js';

/**
 * End of support of the distroless image sets (github.com/GoogleContainerTools/distroless support policy). The
 * debian12 images are no longer rebuilt after these dates; the debian13 ones have none announced.
 */
export const DISTROLESS_EOL: Record<string, Record<string, string>> = {
  debian12: { java: '2026-01-31', nodejs: '2026-01-31', python3: '2026-04-30', static: '2026-09-30', base: '2026-09-30', 'base-nossl': '2026-09-30', cc: '2026-09-30' },
};

/** Is the distroless `<kind>-<suffix>` set (kind: nodejs, python3, java, cc, static...) maintained at the table's date? */
export function distrolessMaintained(suffix: string, kind: string): boolean {
  const end = DISTROLESS_EOL[suffix]?.[kind];
  return end === undefined || end > TABLE_DATE;
}
