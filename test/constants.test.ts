import { describe, expect, it } from 'vitest';
import diehard from '../model/examples/diehard.ts';
import { constantOverrides } from '../src/config/selection.ts';
import { Instance } from '../src/engine/instance.ts';
import { UserError } from '../src/errors.ts';

/** The UserError `f` throws, after checking its exit code. */
const userErrorOf = (f: () => unknown, exitCode = 151): UserError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).exitCode).toBe(exitCode);
    return e as UserError;
  }
  throw new Error('expected a UserError');
};

describe('constant names', () => {
  it("are the model's own: constructor is unknown from every source", () => {
    const known = 'Unknown constant constructor for model diehard. Its constants are: smallCap, bigCap, goal.';
    expect(userErrorOf(() => constantOverrides(diehard, undefined, ['constructor=1'])).message).toBe(`--const constructor=1: ${known}`);
    expect(userErrorOf(() => Instance.create(diehard, { constructor: 1 })).message).toBe(known);
  });
});
