// The last stop for errors: a user-facing paragraph and the documented exit code, never a
// stack trace unless asked for (--debug / -v).

import { CommanderError } from 'commander';
import { ModelError } from '../engine/instance.ts';
import { EXIT, exitCodeOfModelError, UserError } from '../errors.ts';
import { say, warn } from './terminal.ts';

const debugging = () => process.argv.includes('--debug') || process.argv.includes('-v');

export function exitOnError(e: unknown): void {
  if (e instanceof CommanderError) {
    // Commander has printed the usage error (or the help or version, which exit 0).
    process.exitCode = e.exitCode === 0 ? EXIT.ok : EXIT.config;
    return;
  }
  let code: number = EXIT.other;
  let message: string;
  if (e instanceof UserError) {
    code = e.exitCode;
    message = e.message;
  } else if (e instanceof ModelError) {
    code = exitCodeOfModelError(e.part);
    message = `Error: evaluating ${e.message}`;
  } else {
    message = `Internal error: ${e instanceof Error ? e.message : String(e)}${debugging() ? '' : ' (run with --debug for the stack trace)'}`;
  }
  warn(`${message}\n`);
  // Keep the promise of one JSON document on stdout, failures included.
  if (process.argv.includes('--json')) say(JSON.stringify({ tool: 'migcheck', result: 'error', exitCode: code, message }) + '\n');
  if (debugging() && e instanceof Error && e.stack) warn(`${e.stack}\n`);
  process.exitCode = code;
}
