#!/usr/bin/env node
import module from 'node:module';

// Node 22.1+ keeps compiled code between runs: a large share of a short CLI's start-up.
module.enableCompileCache?.();
// One file with every run-time dependency inside (npm run build: tsc, then scripts/bundle.mjs).
const { main } = await import('../dist/create-dockerfile.mjs');

// Output piped into a command that stops reading early (`| head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

process.exitCode = await main(process.argv.slice(2));
