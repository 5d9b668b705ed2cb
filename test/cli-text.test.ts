import { List, Map, OrderedMap, Record, Set } from 'immutable';
import { describe, expect, it } from 'vitest';
import { formatValue } from '../src/report/format-value.ts';
import { formatProgress, formatTrace } from '../src/report/text.ts';

describe('formatValue', () => {
  it('prints values in TLA notation, unordered collections sorted', () => {
    expect(formatValue(Record({ a: 1, ok: true })())).toBe('[a |-> 1, ok |-> TRUE]');
    expect(formatValue(List(['x', 2]))).toBe('<<"x", 2>>');
    expect(formatValue(Set([3, 1]))).toBe('{1, 3}');
    expect(formatValue(Map({ q: 2, p: 1 }))).toBe('("p" :> 1 @@ "q" :> 2)');
    expect(formatValue(OrderedMap([['q', 2], ['p', 1]]))).toBe('("q" :> 2 @@ "p" :> 1)');
    expect(formatValue(Map())).toBe('<<>>');
    expect(formatValue({ xs: [false] })).toBe('[xs |-> <<FALSE>>]');
  });
});

describe('formatTrace', () => {
  const states = [0, 1, 2].map((n) => ({ label: n ? `Tick(by=1)` : 'Initial predicate', step: n ? { action: 'Tick', params: { by: 1 } } : null, state: { n, fixed: 'x' } }));

  it('ends a lasso with "Back to state k: <Action>" and a stuttering one with "Stuttering"', () => {
    const lasso = formatTrace({ states, loop: 1, loopLabel: 'Tick(by=1)' });
    expect(lasso).toContain('State 3: <Tick(by=1)>\n/\\ n = 2\n/\\ fixed = "x"');
    expect(lasso.trimEnd().endsWith('Back to state 2: <Tick(by=1)>')).toBe(true);
    expect(formatTrace({ states, loop: 2, stuttering: true }).trimEnd().endsWith(`\nState ${states.length + 1}: Stuttering`)).toBe(true);
  });

  it('shows the alias instead of the state, and with diff only what changed', () => {
    const text = formatTrace({ states }, { alias: (s) => ({ double: s.n * 2, fixed: s.fixed }), diff: true });
    expect(text).toBe('State 1: <Initial predicate>\n/\\ double = 0\n/\\ fixed = "x"\n\nState 2: <Tick(by=1)>\n/\\ double = 2\n\nState 3: <Tick(by=1)>\n/\\ double = 4\n');
  });
});

it('formatProgress follows TLC\'s progress line', () => {
  const line = formatProgress({ depth: 7, generated: 120_000, distinct: 60_000, queue: 5_000, elapsedMs: 60_000 }, new Date('2026-01-02T03:04:05Z'));
  expect(line).toBe(
    'Progress(7) at 2026-01-02 03:04:05: 120,000 states generated (120,000 s/min), 60,000 distinct states found (60,000 ds/min), 5,000 states left on queue.',
  );
});
