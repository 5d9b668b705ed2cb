// `migcheck list`: the built-in models, what each is, and its constants with their defaults.

import type { Command } from 'commander';
import { builtinModels } from '../../../model/index.ts';
import { constantSpec } from '../../engine/constants.ts';
import { formatValue } from '../../report/format-value.ts';
import { say } from '../terminal.ts';

export function register(program: Command): void {
  program
    .command('list')
    .description('list the built-in models with their documentation and constants')
    .action(() => {
      const out: string[] = [];
      for (const [name, model] of Object.entries(builtinModels)) {
        out.push(`${name}${model.doc ? ` — ${model.doc}` : ''}`);
        for (const [c, decl] of Object.entries(model.constants ?? {})) {
          const spec = constantSpec(decl as never);
          const domain = spec.choices ? ` (one of ${spec.choices.map(formatValue).join(', ')})` : spec.min !== undefined || spec.max !== undefined ? ` (${spec.min ?? ''}..${spec.max ?? ''})` : '';
          out.push(`    ${c} = ${formatValue(spec.default)}${domain}${spec.doc ? `: ${spec.doc}` : ''}`);
        }
      }
      say(out.join('\n') + '\n');
    });
}
