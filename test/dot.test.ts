// `check --dump-dot` draws the graph the search recorded: all of it however large, terminal
// states apart from deadlocks, and a search that stopped early said so on the states it did
// not expand.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migcheck } from './support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'dot-'));
const edgesOf = (dot: string) => dot.match(/^ {2}\d+ -> \d+ /gm) ?? [];
const nodesOf = (dot: string) => dot.match(/^ {2}\d+ \[/gm) ?? [];

describe('check --dump-dot', () => {
  it('writes a graph of more than 10,000 states whole, the terminal corner not painted as a deadlock', () => {
    const file = join(dir, 'grid.dot');
    // 101 × 101 = 10,201 states and 2 · 101 · 100 edges; the corner (x, y) = (100, 100) has no
    // successor and is the grid's terminal state. LeftCorner fails in the liveness phase, after
    // the search has seen every state.
    const r = migcheck('check', 'test/fixtures/grid.ts', '--const', 'n=101', '--const', 'props=0', '--dump-dot', file);
    expect(r.code).toBe(13);
    expect(r.stdout).toContain('Wrote the state graph (10201 states, 20200 edges) to');
    const dot = readFileSync(file, 'utf8');
    expect(nodesOf(dot)).toHaveLength(10_201);
    expect(edgesOf(dot)).toHaveLength(20_200);
    expect(dot).toContain('  label="grid";');
    expect(dot).toContain('  10200 [label="state = 10200", peripheries=2];');
    expect(dot).not.toContain('red');
  });

  it('marks the states a search that stopped early found but did not expand, and says so', () => {
    const file = join(dir, 'stopped.dot');
    const r = migcheck('check', 'test/fixtures/deadlock.ts', '--dump-dot', file);
    expect(r.code).toBe(12);
    expect(r.stdout).toContain('Wrote the state graph (3 states, 2 edges; the search stopped before expanding 1 of them) to');
    const dot = readFileSync(file, 'utf8');
    expect(dot).toContain('  label="counter-deadlock (the search stopped before expanding 1 of these states)";');
    expect(dot).toContain('  2 [label="n = 2", style=dashed, color=red, fontcolor=red];');
  });
});
