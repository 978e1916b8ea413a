import type { SourceText } from '../shared/health-route.js';

/**
 * Where a Node server binds. Fastify's `listen({ port })` (and `listen(port)`) without a host binds 127.0.0.1 only:
 * inside a container the HEALTHCHECK passes but the published port resets every connection.
 */
export interface HostFacts {
  /** The variable the app reads its host from (`host: process.env.HOST`): set it to 0.0.0.0. */
  hostVar?: string;
  /** A listen call that binds localhost and cannot be changed from the environment: warn with the fix. */
  loopback?: { file: string; call: string };
}

const LISTEN_OBJECT = /\.listen\(\s*\{([^}]*)\}/g;
const HOST_VAR = /\bhost\s*:\s*(?:process\.env\.([A-Z][A-Z0-9_]*)|process\.env\[['"]([A-Z][A-Z0-9_]*)['"]\]|(?:env|config)\.([A-Z][A-Z0-9_]*))/;

/** Fastify apps: the host variable to set, or the localhost-only listen call to warn about. */
export function fastifyHost(sources: SourceText[]): HostFacts {
  for (const { file, text } of sources) {
    for (const m of text.matchAll(LISTEN_OBJECT)) {
      const body = m[1]!;
      const v = HOST_VAR.exec(body);
      // `host: process.env.HOST ?? '0.0.0.0'` already binds every interface.
      if (v && /^\s*(?:\?\?|\|\|)\s*['"`](?:0\.0\.0\.0|::)['"`]/.test(body.slice(v.index + v[0].length))) return {};
      if (v) return { hostVar: (v[1] ?? v[2] ?? v[3])! };
      if (!/\bhost\b/.test(body)) return { loopback: { file, call: `listen({${body.replace(/\s+/g, ' ').trim()}})` } };
    }
  }
  return {};
}
