/**
 * A HEALTHCHECK for runtime images that hold no shell, curl or interpreter (distroless static/cc): a tiny HTTP
 * client compiled in a build stage from the fixed program below, with the stack's own toolchain, and copied next to
 * the app. The Dockerfile writes the program with `printf '%s\n' <line>...` (each line one quoted shell word), so
 * nothing but the toolchain image is needed and the probe is rebuilt only when its text or the toolchain changes.
 *
 * Behaviour (both languages): GET the URL in argv[1] over HTTP/1.1 with a 3 s connect and 4 s read timeout; when
 * $PORT is set, use it instead of the URL's port, so overriding PORT at run time keeps the check right; exit 0 on a
 * 2xx/3xx status, 1 otherwise, 2 on a malformed URL. Only IP literals are accepted: no resolver is needed.
 */

/** Where the probe lives in the runtime image. */
export const PROBE_BIN = '/usr/local/bin/healthcheck';

/** The exec-form HEALTHCHECK command: the probe and the URL it checks. */
export function probeHealthcheck(port: number, path: string): string[] {
  return [PROBE_BIN, `http://127.0.0.1:${port}${path}`];
}

/** Go 1.0-compatible (std only, no net/http: the static binary stays about 1.6 MB). */
export const GO_PROBE_SOURCE: readonly string[] = [
  '// healthcheck: GET the URL in argv[1], on $PORT when set; exit 0 on a 2xx/3xx answer, else 1.',
  'package main',
  '',
  'import (',
  '    "io"',
  '    "net"',
  '    "os"',
  '    "strings"',
  '    "time"',
  ')',
  '',
  'func main() {',
  '    if len(os.Args) < 2 {',
  '        os.Exit(2)',
  '    }',
  '    rest, path := strings.TrimPrefix(os.Args[1], "http://"), "/"',
  '    if i := strings.Index(rest, "/"); i >= 0 {',
  '        rest, path = rest[:i], rest[i:]',
  '    }',
  '    host, port, err := net.SplitHostPort(rest)',
  '    if err != nil {',
  '        os.Exit(2)',
  '    }',
  '    if p := os.Getenv("PORT"); p != "" {',
  '        port = p',
  '    }',
  '    conn, err := net.DialTimeout("tcp", net.JoinHostPort(host, port), 3*time.Second)',
  '    if err != nil {',
  '        os.Exit(1)',
  '    }',
  '    conn.SetDeadline(time.Now().Add(4 * time.Second))',
  '    conn.Write([]byte("GET " + path + " HTTP/1.1\\r\\nHost: " + rest + "\\r\\nConnection: close\\r\\n\\r\\n"))',
  '    head := make([]byte, 12)',
  '    if _, err := io.ReadFull(conn, head); err != nil {',
  '        os.Exit(1)',
  '    }',
  '    if code := string(head[9:12]); code < "200" || code >= "400" {',
  '        os.Exit(1)',
  '    }',
  '}',
];

/** Rust 2015 edition, std only; built with `-C target-feature=+crt-static`, so it runs on any glibc-less image too. */
export const RUST_PROBE_SOURCE: readonly string[] = [
  '// healthcheck: GET the URL in argv[1], on $PORT when set; exit 0 on a 2xx/3xx answer, else 1.',
  'use std::io::{Read, Write};',
  'use std::net::{SocketAddr, TcpStream};',
  'use std::time::Duration;',
  '',
  'fn main() {',
  '    let url = std::env::args().nth(1).unwrap_or_default();',
  '    let rest = url.trim_start_matches("http://");',
  '    let (host, path) = rest.split_at(rest.find("/").unwrap_or(rest.len()));',
  '    let mut addr: SocketAddr = match host.parse() {',
  '        Ok(a) => a,',
  '        Err(_) => std::process::exit(2),',
  '    };',
  '    if let Some(p) = std::env::var("PORT").ok().and_then(|p| p.parse().ok()) {',
  '        addr.set_port(p);',
  '    }',
  '    let get = || -> std::io::Result<bool> {',
  '        let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(3))?;',
  '        s.set_read_timeout(Some(Duration::from_secs(4)))?;',
  '        let path = if path.is_empty() { "/" } else { path };',
  '        write!(s, "GET {} HTTP/1.1\\r\\nHost: {}\\r\\nConnection: close\\r\\n\\r\\n", path, host)?;',
  '        let mut head = [0u8; 12];',
  '        s.read_exact(&mut head)?;',
  '        let code = String::from_utf8_lossy(&head[9..12]).into_owned();',
  '        Ok(code.as_str() >= "200" && code.as_str() < "400")',
  '    };',
  '    std::process::exit(if get().unwrap_or(false) { 0 } else { 1 });',
  '}',
];
