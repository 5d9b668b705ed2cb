// The `migcheck` command line: one module per sub-command under commands/, registered here.
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { register as registerCheck } from './commands/check.ts';
import { register as registerGate } from './commands/gate.ts';
import { register as registerList } from './commands/list.ts';
import { register as registerNecessity } from './commands/necessity.ts';
import { register as registerSimulate } from './commands/simulate.ts';
import { exitOnError } from './errors.ts';
import { tuneGarbageCollector } from './gc.ts';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string; description: string };

tuneGarbageCollector();

// Usage errors reach exitOnError (exit 151) instead of commander's exit 1.
const program = new Command('migcheck').description(pkg.description).version(pkg.version).exitOverride();

registerCheck(program);
registerSimulate(program);
registerList(program);
registerNecessity(program);
registerGate(program);

await program.parseAsync(process.argv).catch(exitOnError);
