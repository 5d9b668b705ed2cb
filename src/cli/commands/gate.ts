// `migcheck gate [manifest]`: the CI invariant gate (see docs/ci.md).
import type { Command } from 'commander';
import { runGate } from '../../gate/gate.ts';
import { BUILTINS } from '../builtins.ts';
import { stopRequest } from '../stop.ts';
import { say, warn } from '../terminal.ts';

export function register(program: Command): void {
  program
    .command('gate')
    .description('run the checks in a gate manifest and fail when a verdict differs from the expected one')
    .argument('[manifest]', 'the gate manifest (JSON)', 'specs/gate.json')
    .option('--junit <file>', 'write a JUnit XML report (one testcase per run and property)')
    .option('--json', 'print one JSON document on stdout (human lines go to stderr)')
    .option('--summary <file>', 'append a Markdown summary (e.g. to $GITHUB_STEP_SUMMARY)')
    .option('--only <name>', 'run only the run of this name')
    .action(async (manifest: string, o: { junit?: string; json?: boolean; summary?: string; only?: string }) => {
      const stop = stopRequest();
      process.exitCode = stop.exitCode(await runGate({ manifest, ...o, registry: BUILTINS, signal: stop.signal }, { out: (l) => say(`${l}\n`), err: (l) => warn(`${l}\n`) }));
    });
}
