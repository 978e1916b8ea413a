import type { VersionTable } from './types.js';

/**
 * Node.js majors (nodejs.org release schedule). Odd majors are never LTS up to 25; from 27 on there is one major a
 * year and it becomes LTS, so LTS is a column, not a parity rule. Distroless: gcr.io/distroless/nodejs<N>-debian<12|13>.
 * Majors before 12 have no image on a Debian release that still has package mirrors, so they are not listed.
 */
export const NODE: VersionTable = {
  name: 'node',
  title: 'Node.js',
  defaultVersion: '26',
  releases: [
    { version: '26', released: '2026-04-22', eol: '2029-04-30', lts: true, debian: ['trixie', 'bookworm'], alpine: true, distroless: ['trixie'] },
    { version: '25', released: '2025-10-15', eol: '2026-06-01', debian: ['trixie', 'bookworm'], alpine: true },
    { version: '24', released: '2025-05-06', eol: '2028-04-30', lts: true, debian: ['trixie', 'bookworm', 'bullseye'], alpine: true, distroless: ['trixie', 'bookworm'] },
    { version: '23', released: '2024-10-16', eol: '2025-06-01', debian: ['bookworm', 'bullseye'], alpine: true },
    { version: '22', released: '2024-04-24', eol: '2027-04-30', lts: true, debian: ['trixie', 'bookworm', 'bullseye'], alpine: true, distroless: ['trixie', 'bookworm'] },
    { version: '21', released: '2023-10-17', eol: '2024-06-01', debian: ['bookworm', 'bullseye'], alpine: true },
    { version: '20', released: '2023-04-18', eol: '2026-04-30', lts: true, debian: ['trixie', 'bookworm', 'bullseye'], alpine: true, distroless: ['bookworm'] },
    { version: '19', released: '2022-10-18', eol: '2023-06-01', debian: ['bullseye'], alpine: true },
    { version: '18', released: '2022-04-19', eol: '2025-04-30', lts: true, debian: ['bookworm', 'bullseye'], alpine: true, distroless: ['bookworm'] },
    { version: '17', released: '2021-10-19', eol: '2022-06-01', debian: ['bullseye'], alpine: true },
    { version: '16', released: '2021-04-20', eol: '2023-09-11', lts: true, debian: ['bookworm', 'bullseye'], alpine: true },
    { version: '15', released: '2020-10-20', eol: '2021-06-01', debian: ['bullseye'], alpine: true },
    { version: '14', released: '2020-04-21', eol: '2023-04-30', lts: true, debian: ['bullseye'], alpine: true },
    { version: '12', released: '2019-04-23', eol: '2022-04-30', lts: true, debian: ['bullseye'], alpine: true },
  ],
};
