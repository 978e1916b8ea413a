import type { VersionTable } from './types.js';

/**
 * Java feature releases, with Eclipse Temurin's support end (adoptium.net/support). Temurin images are Ubuntu
 * based (noble), so `debian` lists none; the tables' `distroless` is gcr.io/distroless/java<N>-debian<12|13>.
 */
export const JAVA: VersionTable = {
  name: 'java',
  title: 'Java',
  defaultVersion: '25',
  releases: [
    { version: '25', released: '2025-09-16', eol: '2031-09-30', lts: true, debian: [], alpine: true, distroless: ['trixie'] },
    { version: '24', released: '2025-03-18', eol: '2025-09-16', debian: [], alpine: true },
    { version: '23', released: '2024-09-17', eol: '2025-03-18', debian: [], alpine: true },
    { version: '22', released: '2024-03-19', eol: '2024-09-17', debian: [], alpine: true },
    { version: '21', released: '2023-09-19', eol: '2029-12-31', lts: true, debian: [], alpine: true, distroless: ['trixie', 'bookworm'] },
    { version: '20', released: '2023-03-21', eol: '2023-09-19', debian: [], alpine: true },
    { version: '19', released: '2022-09-20', eol: '2023-03-21', debian: [], alpine: true },
    { version: '18', released: '2022-03-22', eol: '2022-09-20', debian: [], alpine: true },
    { version: '17', released: '2021-09-14', eol: '2027-10-31', lts: true, debian: [], alpine: true, distroless: ['trixie', 'bookworm'] },
    { version: '16', released: '2021-03-16', eol: '2021-09-14', debian: [], alpine: true },
    { version: '11', released: '2018-09-25', eol: '2027-10-31', lts: true, debian: [], alpine: true },
    { version: '8', released: '2014-03-18', eol: '2030-12-31', lts: true, debian: [], alpine: true },
  ],
};
