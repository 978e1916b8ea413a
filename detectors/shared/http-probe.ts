/**
 * A HEALTHCHECK for runtime images that hold no shell, curl or interpreter (distroless static/cc): a tiny HTTP
 * client compiled in a build stage with the stack's own toolchain, from a fixed program in templates/partials
 * (probe-go.hbs: Go 1.0-compatible, std only, no net/http, so the static binary stays about 1.6 MB; probe-rust.hbs:
 * Rust 2015 edition, std only, built with `-C target-feature=+crt-static`), and copied next to the app. The
 * Dockerfile writes the program with `printf '%s\n' <line>...` (the `shlines` helper makes each line one quoted
 * shell word), so nothing but the toolchain image is needed and the probe is rebuilt only when its text or the
 * toolchain changes.
 *
 * Behaviour (both languages): `healthcheck URL BELOW PORTVAR`. GET the URL over HTTP/1.1 with a 3 s connect and
 * 4 s read timeout; when the variable named PORTVAR is set, use its value instead of the URL's port, so overriding
 * the app's port at run time keeps the check right; exit 0 on a status from 200 up to (not including) BELOW (400: a
 * health route must succeed; 500: the server only has to answer), 1 otherwise, 2 on a malformed call. Only IP
 * literals are accepted: no resolver is needed.
 */

/** Where the probe lives in the runtime image. */
export const PROBE_BIN = '/usr/local/bin/healthcheck';

/** The exec-form HEALTHCHECK command: the probe, the URL it checks, the status limit and the port variable. */
export function probeHealthcheck(port: number, path: string, below: number, portVar: string): string[] {
  return [PROBE_BIN, `http://127.0.0.1:${port}${path}`, String(below), portVar];
}
