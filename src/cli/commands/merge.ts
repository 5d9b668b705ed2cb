// `migcheck merge <files...>`: the partial results of every shard of a sharded `necessity` or
// `gate` run (`--shard k/n`), combined into the report, table and exit code the unsharded run
// gives. What the shards must agree on, and the refusals: src/cli/shard.ts.
import type { Command } from 'commander';
import type { DesignResult } from '../../../model/migration/necessity/analysis.ts';
import type { RunOutcome } from '../../gate/run.ts';
import { configError } from '../../errors.ts';
import { checkReportPaths } from '../../report/write-file.ts';
import { mergePartials } from '../shard.ts';
import { mergeGate, type GateRunId } from './gate.ts';
import { mergeNecessity, type NecessityRun } from './necessity.ts';

interface MergeFlags {
  readonly json?: boolean;
  readonly out?: string;
  readonly html?: string;
  readonly junit?: string;
  readonly summary?: string;
}

export function register(program: Command): void {
  program
    .command('merge')
    .description('combine the partial results of every shard of a `necessity --shard` or `gate --shard` run into its report and exit code')
    .argument('<files...>', 'the partial result of each shard (JSON, as --shard k/n printed it)')
    .option('--json', 'print the report as JSON, as the unsharded run does')
    .option('--out <dir>', 'necessity: write report.md and every counterexample as ITF into this directory')
    .option('--html <file>', 'necessity: write the report as one HTML page')
    .option('--junit <file>', 'gate: write a JUnit XML report')
    .option('--summary <file>', 'gate: append a Markdown summary')
    .action(async (files: string[], flags: MergeFlags) => {
      checkReportPaths([['--html', flags.html], ['--junit', flags.junit], ['--summary', flags.summary]], files.map((f) => ['partial result', f] as const));
      const merged = mergePartials<unknown>(files);
      const foreign = (names: readonly [string, unknown][]) => names.filter(([, v]) => v !== undefined).map(([n]) => n);
      if (merged.command === 'necessity') {
        const wrong = foreign([['--junit', flags.junit], ['--summary', flags.summary]]);
        if (wrong.length) throw configError(`migcheck merge: ${wrong.join(' and ')} ${wrong.length > 1 ? 'are' : 'is'} for gate shards, and ${files[0]} is a shard of \`necessity\` (it takes --json, --out, --html).`);
        await mergeNecessity(merged.run as NecessityRun, merged.results as DesignResult[], flags);
      } else if (merged.command === 'gate') {
        const wrong = foreign([['--out', flags.out], ['--html', flags.html]]);
        if (wrong.length) throw configError(`migcheck merge: ${wrong.join(' and ')} ${wrong.length > 1 ? 'are' : 'is'} for necessity shards, and ${files[0]} is a shard of \`gate\` (it takes --json, --junit, --summary).`);
        await mergeGate(merged.run as GateRunId, merged.results as RunOutcome[], flags);
      } else {
        throw configError(`${files[0]}: a partial result of \`${merged.command}\`, which migcheck merge does not know; it merges shards of necessity and gate.`);
      }
    });
}
