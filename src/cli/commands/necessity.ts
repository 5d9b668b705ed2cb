// `migcheck necessity`: is the V4 re-query loop necessary? Checks every design of the migration
// model under every assumption set and prints the verdict tables and conclusions with their
// witnessing traces. Verdicts are findings: the exit code is 0 whenever the analysis ran (a
// signal's, when one stopped it: then the tables and reports hold the checks done so far).

import type { Command } from 'commander';
import { join } from 'node:path';
import migration from '../../../model/migration/model.ts';
import { constantFromFlag } from '../../config/selection.ts';
import { traceToItf } from '../../report/itf.ts';
import { analyse, type AssumptionResult, type Counterexample } from '../../../model/migration/necessity/analysis.ts';
import { renderHtml } from '../../../model/migration/necessity/html.ts';
import { renderMarkdown, renderText, toJson } from '../../../model/migration/necessity/report.ts';
import { EXIT } from '../../errors.ts';
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
    .action(async (flags: NecessityFlags) => {
      // Text, parsed as --const text is, against the model's declarations (a bad value exits 151).
      const given = [['pages', '--pages', flags.pages], ['maxMce', '--max-mce', flags.maxMce], ['batchSize', '--batch-size', flags.batchSize]] as const;
      const scale = Object.fromEntries(given.flatMap(([name, flag, text]) => (text === undefined ? [] : [[name, constantFromFlag(migration, `${flag} ${text}`, name, text)]])));
      checkReportPaths([['--html', flags.html]], []);
      const stop = stopRequest();
      const analysis = await analyse(scale, {
        signal: stop.signal,
        // Progress on stderr: at larger scales each check takes a while.
        onCheck: (d, as, k, n) => warn(`Checking ${d.name} under readBroken=${as.readBroken}, mceMarksDirty=${as.mceMarksDirty} (${k} of ${n})\n`),
      });
      say(flags.json ? `${JSON.stringify(toJson(analysis), null, 2)}\n` : renderText(analysis));
      if (flags.out) await writeReportDir(flags.out, analysis);
      if (flags.html) await writeReport(flags.html, renderHtml(analysis));
      process.exitCode = stop.exitCode(EXIT.ok);
    });
}

async function writeReportDir(dir: string, analysis: Awaited<ReturnType<typeof analyse>>): Promise<void> {
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
