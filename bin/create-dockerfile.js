#!/usr/bin/env node
import module from 'node:module';

// Node 22.1+ keeps compiled code between runs: a large share of a short CLI's start-up.
module.enableCompileCache?.();
// One file with every run-time dependency inside (npm run build: tsc, then scripts/bundle.mjs).
const { main, guardStdio } = await import('../dist/create-dockerfile.mjs');

// A full device or a reader that went away (`| head`) must neither print a stack trace nor stop the run midway.
const stdio = guardStdio();
process.exitCode = await stdio.finish(await main(process.argv.slice(2)));
