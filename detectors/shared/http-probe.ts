/**
 * A HEALTHCHECK for runtime images that hold no shell, curl or interpreter (distroless static/cc): a tiny HTTP
 * client compiled in a build stage, from a fixed program in templates/partials/probe-c.hbs, and copied next to the
 * app. It is freestanding C (no libc: five Linux system calls through inline assembly, for x86_64 and aarch64), built
 * with the gcc the Go and Rust toolchain images already hold (Debian's cross gcc when TARGETARCH differs from the
 * build machine), flags in probe-c-flags.hbs; the static binary is about 2 KB on amd64 (66 KB on arm64: 64 KB page
 * alignment), where a Go std-only probe was 1.6 MB, a quarter of a small Go image. The Dockerfile writes the program
 * with `printf '%s\n' <line>...` (the `shlines` helper makes each line one quoted shell word), so nothing but the
 * toolchain image is needed and the probe stage, which reads nothing from the project, is cached across projects.
 *
 * Behaviour (as the Java probe's): `healthcheck URL BELOW PORTVAR`. GET the URL over HTTP/1.1 with a 3 s connect
 * and 4 s read timeout; when the variable named PORTVAR holds a port number (1-65535), use it instead of the URL's
 * port, so overriding the app's port at run time keeps the check right; exit 0 on a status from 200 up to (not
 * including) BELOW (400: a health route must succeed; 500: the server only has to answer), 1 otherwise, 2 on a
 * malformed call. The URL is `http://` + an IPv4 literal + `:port` + an optional path: no resolver is needed.
 */

/** Where the probe lives in the runtime image. */
export const PROBE_BIN = '/usr/local/bin/healthcheck';

/** The exec-form HEALTHCHECK command: the probe, the URL it checks, the status limit and the port variable. */
export function probeHealthcheck(port: number, path: string, below: number, portVar: string): string[] {
  return [PROBE_BIN, `http://127.0.0.1:${port}${path}`, String(below), portVar];
}
