#!/usr/bin/env node
'use strict';
// CommonJS, as the loader it requires: an ES module here would start Node's ES module loader, a few ms of every run.

// Node 22.1+ keeps compiled code of this file and the loader between runs; the CLI's own scripts get theirs from
// the loader (dist/create-dockerfile.cjs), on every Node. Only there: requiring node:module loads Node's ES module
// loader, which Node 20 would pay for nothing.
if (Number(process.versions.node.split('.')[0]) >= 22) require('node:module').enableCompileCache?.();

const argv = process.argv.slice(2);
// `--version` on its own is answered here: loading the CLI's scripts for it cost about as much as Node's own start.
// With other arguments it goes through the CLI (which then prints the same line), so every combination parses alike.
if (!(argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v') && printedVersion())) start();

/** Whether the version line went out; a reader that went away (`| head -c0`) counts, as in the CLI's output guard. */
function printedVersion() {
  try {
    require('node:fs').writeSync(1, `${require('../package.json').version}\n`);
    return true;
  } catch (err) {
    // Any other failure (a full device) is the CLI's to report, with its message and exit code.
    return err.code === 'EPIPE';
  }
}

function start() {
  let settled = false;
  // Input that ends at a prompt (Ctrl-D, a closed pipe) leaves main() waiting with nothing left to run, and Node then
  // exits on its own with 0: for a caller (`npx create-dockerfile && docker build .`) that is a cancel, not a success.
  process.on('exit', (code) => {
    if (settled || code !== 0) return;
    process.exitCode = 1;
    try {
      require('node:fs').writeSync(2, 'create-dockerfile: input ended before every question was answered; nothing was written\n');
    } catch {} // standard error gone as well: the exit code says it
  });
  // The bundle with every run-time dependency inside (npm run build: tsc, then scripts/bundle.mjs).
  const { main, guardStdio, runKind, saveCodeCache } = require('../dist/create-dockerfile.cjs');

  async function run() {
    // A full device or a reader that went away (`| head`) must neither print a stack trace nor stop the run midway.
    const stdio = guardStdio();
    process.exitCode = await stdio.finish(await main(argv));
    settled = true;
    // After the run, so the cache holds the functions this run compiled, and its output is already out; a new kind
    // of run (command and stack) adds its functions to every script's cache.
    saveCodeCache(runKind());
  }
  void run();
}
