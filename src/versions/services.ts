import type { VersionTable } from './types.js';

/** PostgreSQL majors (postgresql.org/support/versioning): five years each. 18 moved the image's data directory. */
export const POSTGRES: VersionTable = {
  name: 'postgres',
  title: 'PostgreSQL',
  defaultVersion: '18',
  releases: [
    { version: '18', released: '2025-09-25', eol: '2030-11-14', debian: ['trixie', 'bookworm'], alpine: true },
    { version: '17', released: '2024-09-26', eol: '2029-11-08', debian: ['trixie', 'bookworm'], alpine: true },
    { version: '16', released: '2023-09-14', eol: '2028-11-09', debian: ['trixie', 'bookworm'], alpine: true },
    { version: '15', released: '2022-10-13', eol: '2027-11-11', debian: ['trixie', 'bookworm'], alpine: true },
    { version: '14', released: '2021-09-30', eol: '2026-11-12', debian: ['trixie', 'bookworm'], alpine: true },
    { version: '13', released: '2020-09-24', eol: '2025-11-13', debian: ['trixie', 'bookworm'], alpine: true },
    { version: '12', released: '2019-10-03', eol: '2024-11-21', debian: ['bookworm', 'bullseye'], alpine: true },
    { version: '11', released: '2018-10-18', eol: '2023-11-09', debian: ['bookworm', 'bullseye'], alpine: true },
  ],
};

/** Redis (redis.io): the newest minor of the newest majors is maintained. */
export const REDIS: VersionTable = {
  name: 'redis',
  title: 'Redis',
  defaultVersion: '8',
  releases: [
    { version: '8', released: '2025-05-01', eol: null, debian: ['trixie', 'bookworm'], alpine: true },
    { version: '7', released: '2022-04-27', eol: null, debian: ['bookworm'], alpine: true },
    { version: '6', released: '2020-04-30', eol: '2025-02-28', debian: ['bookworm', 'bullseye'], alpine: true },
  ],
};

/** MariaDB long-term releases (mariadb.org/about/#maintenance-policy); images are Ubuntu based. */
export const MARIADB: VersionTable = {
  name: 'mariadb',
  title: 'MariaDB',
  defaultVersion: '11.8',
  releases: [
    { version: '11.8', released: '2025-06-04', eol: '2028-06-04', lts: true, debian: [] },
    { version: '11.4', released: '2024-05-29', eol: '2029-05-29', lts: true, debian: [] },
    { version: '10.11', released: '2023-02-16', eol: '2028-02-16', lts: true, debian: [] },
    { version: '10.6', released: '2021-07-06', eol: '2026-07-06', lts: true, debian: [] },
    { version: '10.5', released: '2020-06-24', eol: '2025-06-24', lts: true, debian: [] },
  ],
};

/** MongoDB majors (mongodb.com lifecycle); tags are pinned to a minor because `mongo:8` moved between minors. */
export const MONGO: VersionTable = {
  name: 'mongo',
  title: 'MongoDB',
  defaultVersion: '8.0',
  releases: [
    { version: '8.0', released: '2024-10-02', eol: '2029-10-31', debian: [] },
    { version: '7.0', released: '2023-08-15', eol: '2027-08-31', debian: [] },
    { version: '6.0', released: '2022-07-19', eol: '2025-07-31', debian: [] },
    { version: '5.0', released: '2021-07-13', eol: '2024-10-31', debian: [] },
  ],
};
