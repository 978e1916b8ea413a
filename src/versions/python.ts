import type { VersionTable } from './types.js';

/**
 * CPython minors (python.org/downloads, PEP 602 schedule). Tags: python:<minor>-slim-<debian>. Distroless:
 * gcr.io/distroless/python3-debian13 holds 3.13, python3-debian12 held 3.11 (see DISTROLESS_PYTHON).
 * 2.7's last images are Debian 10 (buster), whose packages moved to the archive.
 */
export const PYTHON: VersionTable = {
  name: 'python',
  title: 'Python',
  defaultVersion: '3.13',
  releases: [
    { version: '3.15', released: '2026-10-01', eol: '2031-10-31', debian: ['trixie', 'bookworm'], alpine: true },
    { version: '3.14', released: '2025-10-07', eol: '2030-10-31', debian: ['trixie', 'bookworm'], alpine: true },
    { version: '3.13', released: '2024-10-07', eol: '2029-10-31', debian: ['trixie', 'bookworm', 'bullseye'], alpine: true, distroless: ['trixie'] },
    { version: '3.12', released: '2023-10-02', eol: '2028-10-31', debian: ['trixie', 'bookworm', 'bullseye'], alpine: true },
    { version: '3.11', released: '2022-10-24', eol: '2027-10-31', debian: ['trixie', 'bookworm', 'bullseye'], alpine: true, distroless: ['bookworm'] },
    { version: '3.10', released: '2021-10-04', eol: '2026-10-31', debian: ['trixie', 'bookworm', 'bullseye'], alpine: true },
    { version: '3.9', released: '2020-10-05', eol: '2025-10-31', debian: ['trixie', 'bookworm', 'bullseye'], alpine: true },
    { version: '3.8', released: '2019-10-14', eol: '2024-10-07', debian: ['bookworm', 'bullseye'], alpine: true },
    { version: '3.7', released: '2018-06-27', eol: '2023-06-27', debian: ['bookworm', 'bullseye'], alpine: true },
    { version: '3.6', released: '2016-12-23', eol: '2021-12-23', debian: ['bullseye', 'buster'], alpine: true },
    { version: '2.7', released: '2010-07-03', eol: '2020-01-01', debian: ['buster'], alpine: true },
  ],
};

/** The Python minor of each distroless python3 image. */
export const DISTROLESS_PYTHON: Partial<Record<'trixie' | 'bookworm', string>> = { trixie: '3.13', bookworm: '3.11' };
