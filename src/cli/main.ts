// The `migcheck` command line: one module per sub-command under commands/, registered here.
import { Command } from 'commander';
import { register as registerCheck } from './commands/check.ts';
import { register as registerGate } from './commands/gate.ts';
import { register as registerList } from './commands/list.ts';
import { register as registerMerge } from './commands/merge.ts';
import { register as registerNecessity } from './commands/necessity.ts';
import { register as registerSimulate } from './commands/simulate.ts';
import { DESCRIPTION, VERSION } from '../version.ts';
import { exitOnError } from './errors.ts';
import { tuneGarbageCollector } from './gc.ts';
import { quietWhenReaderGone } from './terminal.ts';

tuneGarbageCollector();
quietWhenReaderGone();

// Usage errors reach exitOnError (exit 151) instead of commander's exit 1.
const program = new Command('migcheck').description(DESCRIPTION).version(VERSION).exitOverride();

registerCheck(program);
registerSimulate(program);
registerList(program);
registerNecessity(program);
registerGate(program);
registerMerge(program);

await program.parseAsync(process.argv).catch(exitOnError);
