import type { BaseFlavour } from '../../src/plan/types.js';

/** Numeric users of the runtime images: distroless `nonroot` is 65532; the node images' `node` user is 1000. */
export function runtimeUser(base: BaseFlavour, slimUid = 1000): { uid: number; gid: number } {
  return base === 'distroless' ? { uid: 65532, gid: 65532 } : { uid: slimUid, gid: slimUid };
}

/**
 * A healthcheck that needs no shell and no curl: the runtime's own JavaScript engine (node or bun) requests the
 * health path on the port from the app's port variable, so overriding it at run time keeps the check right; a
 * status at or above `below` (400 for a health route, 500 when the server only has to answer) fails.
 */
export function jsHealthcheck(runtimeBin: string, port: number, path: string, below: number, portVar: string): string[] {
  const script = `require('http').get({host:'127.0.0.1',port:process.env.${portVar}||${port},path:${JSON.stringify(path).replace(/"/g, "'")},timeout:4000},r=>process.exit(r.statusCode<${below}?0:1)).on('error',()=>process.exit(1))`;
  return [runtimeBin, '-e', script];
}
