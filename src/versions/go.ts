import type { VersionTable } from './types.js';

/**
 * Go minors (go.dev/doc/devel/release): each is supported until the second newer minor is released. golang's
 * -trixie tags start with 1.24 (1.24.6) and 1.25. The runtime is distroless static, whatever the Go version.
 */
export const GO: VersionTable = {
  name: 'go',
  title: 'Go',
  defaultVersion: '1.27',
  releases: [
    { version: '1.27', released: '2026-08-11', eol: null, debian: ['trixie', 'bookworm'], alpine: true },
    { version: '1.26', released: '2026-02-10', eol: null, debian: ['trixie', 'bookworm'], alpine: true },
    { version: '1.25', released: '2025-08-12', eol: '2026-08-11', debian: ['trixie', 'bookworm'], alpine: true },
    { version: '1.24', released: '2025-02-11', eol: '2026-02-10', debian: ['trixie', 'bookworm'], alpine: true },
    { version: '1.23', released: '2024-08-13', eol: '2025-08-12', debian: ['bookworm', 'bullseye'], alpine: true },
    { version: '1.22', released: '2024-02-06', eol: '2025-02-11', debian: ['bookworm', 'bullseye'], alpine: true },
    { version: '1.21', released: '2023-08-08', eol: '2024-08-13', debian: ['bookworm', 'bullseye'], alpine: true },
    { version: '1.20', released: '2023-02-01', eol: '2024-02-06', debian: ['bookworm', 'bullseye'], alpine: true },
  ],
};
