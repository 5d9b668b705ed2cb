// `migcheck necessity`: is the V4 re-query loop necessary? Checks every design of the migration
// model under every assumption set and prints the verdict tables and conclusions with their
// witnessing traces; `--sweep` does it at every scope of a grid and says whether the answer
// holds across them. `--jobs N` runs N checks at a time in worker threads, with the same output.
// Verdicts are findings: the exit code is 0 whenever the analysis ran (a signal's, when one
// stopped it: then the tables and reports hold the checks done so far).

import type { Command } from 'commander';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import migration from '../../../model/migration/model.ts';
import { constantFromFlag } from '../../config/selection.ts';
import { traceToItf } from '../../report/itf.ts';
import { analyseScales, CHECKS_PER_SCALE, type Analysis, type AssumptionResult, type Counterexample } from '../../../model/migration/necessity/analysis.ts';
import { renderHtml, renderSweepHtml } from '../../../model/migration/necessity/html.ts';
import { renderMarkdown, renderText, toJson } from '../../../model/migration/necessity/report.ts';
import { checkMsOf, parseGrid, renderSweepText, scopeName, scopesOf, statesOf, sweepJson, type Sweep } from '../../../model/migration/necessity/sweep.ts';
import { configError, EXIT } from '../../errors.ts';
import { checkReportPaths, writeReport } from '../../report/write-file.ts';
import { stopRequest } from '../stop.ts';
import { say, warn } from '../terminal.ts';

interface NecessityFlags {
  readonly json?: boolean;
  readonly out?: string;
  readonly html?: string;
  readonly pages?: string;
  readonly maxMce?: string;
  readonly batchSize?: string;
  readonly sweep?: string[];
  readonly jobs?: string;
}

export function register(program: Command): void {
  program
    .command('necessity')
    .description('decide whether the V4 re-query loop of Xen\'s last migration iteration is necessary, per assumption set')
    .option('--json', 'print the analysis as JSON')
    .option('--out <dir>', 'write report.md and every counterexample as ITF into this directory')
    .option('--html <file>', 'write the report as one self-contained HTML page (tables and every counterexample as a timeline)')
    .option('--pages <n>', 'number of guest pages (default 3)')
    .option('--max-mce <n>', 'most MCEs during the last iteration (default 2)')
    .option('--batch-size <n>', 'pages per batch, 0 = all in one batch (default 0)')
    .option('--sweep <terms...>', 'the analysis at every scope of a grid, e.g. pages=2..5 maxMce=1..3 batchSize=0,1,2, and whether its answer is the same in all')
    .option('--jobs <n>', `checks run at a time, each in a worker thread (default: the number of cores, ${availableParallelism()} here)`)
    .action(async (flags: NecessityFlags) => {
      // Text, parsed as --const text is, against the model's declarations (a bad value exits 151).
      const given = [['pages', '--pages', flags.pages], ['maxMce', '--max-mce', flags.maxMce], ['batchSize', '--batch-size', flags.batchSize]] as const;
      const scale = Object.fromEntries(given.flatMap(([name, flag, text]) => (text === undefined ? [] : [[name, constantFromFlag(migration, `${flag} ${text}`, name, text)]])));
      const axes = flags.sweep ? parseGrid(flags.sweep, scale) : [];
      const jobs = flags.jobs === undefined ? availableParallelism() : jobsFrom(flags.jobs);
      checkReportPaths([['--html', flags.html]], []);
      const stop = stopRequest();
      if (!flags.sweep) {
        const [analysis] = await analyseScales([scale], {
          signal: stop.signal,
          jobs,
          // Progress on stderr: at larger scales each check takes a while.
          onCheck: (d, as, k, n) => warn(`Checking ${d.name} under readBroken=${as.readBroken}, mceMarksDirty=${as.mceMarksDirty} (${k} of ${n})\n`),
        });
        say(flags.json ? `${JSON.stringify(toJson(analysis), null, 2)}\n` : renderText(analysis));
        if (flags.out) await writeReportDir(flags.out, analysis);
        if (flags.html) await writeReport(flags.html, renderHtml(analysis));
      } else {
        const scopes = scopesOf(axes).map((s) => ({ ...scale, ...s }));
        let finished = 0;
        const started = Date.now();
        warn(`Sweeping ${scopes.length} scopes (${scopes.length * CHECKS_PER_SCALE} checks) with ${jobs} job${jobs > 1 ? 's' : ''}\n`);
        const analyses = await analyseScales(scopes, {
          signal: stop.signal,
          jobs,
          onAnalysis: (i, a) =>
            warn(`Scope ${++finished} of ${scopes.length} done: ${scopeName(scopes[i], axes)} (${statesOf(a).toLocaleString('en-US')} states, checks took ${(checkMsOf(a) / 1000).toFixed(1)} s; ${((Date.now() - started) / 1000).toFixed(1)} s so far)\n`),
        });
        const sweep: Sweep = { axes, fixed: scale, scopes, analyses };
        say(flags.json ? `${JSON.stringify(sweepJson(sweep), null, 2)}\n` : renderSweepText(sweep));
        // One report directory per scope, named by its swept values.
        if (flags.out) for (const [i, a] of analyses.entries()) await writeReportDir(join(flags.out, scopeName(scopes[i], axes).replaceAll(' ', '-')), a);
        if (flags.html) await writeReport(flags.html, renderSweepHtml(sweep));
      }
      process.exitCode = stop.exitCode(EXIT.ok);
    });
}

function jobsFrom(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1) throw configError(`--jobs ${text}: expected a whole number of checks to run at a time, 1 or more (1 runs them in this thread).`);
  return n;
}

async function writeReportDir(dir: string, analysis: Analysis): Promise<void> {
  const fileOf = (cx: Counterexample, r: AssumptionResult) =>
    `traces/${r.assumptions.readBroken}-${r.assumptions.mceMarksDirty ? 'dirty' : 'nodirty'}-${cx.design.replace('/', '-')}-${cx.property}.itf.json`;
  for (const r of analysis.results) {
    for (const d of r.designs) {
      for (const cx of Object.values(d.verdicts)) {
        if (!cx) continue;
        const meta = { design: cx.design, property: cx.property, ...r.assumptions, case: cx.classification?.case ?? null };
        await writeReport(join(dir, fileOf(cx, r)), `${JSON.stringify(traceToItf(cx.trace, meta), null, 2)}\n`);
      }
    }
  }
  await writeReport(join(dir, 'report.md'), renderMarkdown(analysis, fileOf));
}
