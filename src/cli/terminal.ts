// Human output on stdout and stderr. Names from models and manifests (model, property, action
// and run names, labels, values) are shown with their control characters escaped, so that they
// cannot move the cursor, recolour or clear a terminal or a CI log; JSON needs nothing (JSON
// escapes them). A reader that goes away (`migcheck check m | head -1`) or a terminal that
// closes ends the output quietly: the run goes on, writes its report files, and exits with its
// own code, instead of dying on EPIPE with a stack trace.

import { escapeControls } from '../report/text.ts';

export const say = (text: string): void => void process.stdout.write(escapeControls(text));
export const warn = (text: string): void => void process.stderr.write(escapeControls(text));

/** Drop what is written to stdout or stderr once its reader is gone. */
export function quietWhenReaderGone(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE' && e.code !== 'EIO' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
    });
  }
}
