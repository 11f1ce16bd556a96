#!/usr/bin/env node
import { main } from '../dist/src/cli/main.js';

// A reader that stops early (`pgwarden rules | head`) is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  // the report could not be written (a full disk, a closed terminal): never an exit code that means "findings"
  process.stderr.write(`pgwarden: cannot write the report: ${error.message}\n`);
  process.exit(2);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`pgwarden: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 2;
  },
);
