// The `migcheck` command line: one module per sub-command under commands/.
import { Command } from 'commander';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string; description: string };

const program = new Command('migcheck').description(pkg.description).version(pkg.version);

program.command('hello').action(() => console.log('migcheck'));

await program.parseAsync(process.argv);
