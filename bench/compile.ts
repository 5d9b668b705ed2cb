// Compiles one checkout's engine and models for the benchmark, as scripts/build.mjs compiles
// the CLI: a workload then runs as the CLI does, without a TypeScript loader thread (34 MiB
// that a user never pays). Each checkout gets its own directory under bench/.build/, inside
// this one so that packages (immutable) resolve from its node_modules:
//   workload.mjs      bench/workload.ts with `#root` = the checkout
//   models.mjs        bench/models.ts, likewise (main and worker threads import it)
//   worker-entry.mjs  the checkout's worker thread, where its coordinator looks for it

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { BUNDLE_OPTIONS } from '../scripts/build.mjs';

/** `#root/...` is a path in the checkout; one that does not exist there (an older checkout
 * without the GC tuning, say) is an empty module. */
function rootAlias(checkout: string): Plugin {
  return {
    name: 'root-alias',
    setup(b) {
      b.onResolve({ filter: /^#root\// }, (args) => {
        const path = join(checkout, args.path.slice('#root/'.length));
        return existsSync(path) ? { path } : { path: args.path, namespace: 'missing' };
      });
      b.onLoad({ filter: /.*/, namespace: 'missing' }, () => ({ contents: 'export {};', loader: 'js' }));
    },
  };
}

/** Compile `checkout` into bench/.build/; returns the directory. */
export async function compileCheckout(benchRoot: string, checkout: string): Promise<string> {
  const dir = join(benchRoot, 'bench/.build', createHash('sha1').update(checkout).digest('hex').slice(0, 12));
  await build({
    entryPoints: [
      { in: join(benchRoot, 'bench/workload.ts'), out: 'workload' },
      { in: join(benchRoot, 'bench/models.ts'), out: 'models' },
      { in: join(checkout, 'src/engine/parallel/worker.ts'), out: 'worker-entry' },
    ],
    outdir: dir,
    ...(BUNDLE_OPTIONS as BuildOptions),
    plugins: [rootAlias(checkout)],
  });
  return dir;
}
