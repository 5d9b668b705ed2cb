// The fingerprint's mixing constants, as integer literals in a module of their own: the
// bundler (esbuild, minifying syntax) then writes them into the code that uses them, where V8
// folds them, instead of reading each from a module variable in the innermost loops (7% of
// TwoPhase's instructions). Their hex spellings: P1 = 0x9e3779b1, P2 = 0x85ebca77,
// P3 = 0xc2b2ae3d, P4 = 0x27d4eb2f, M1 = 0x7feb352d, M2 = 0x846ca68b (as signed 32-bit).

export const P1 = -1640531535;
export const P2 = -2048144777;
export const P3 = -1028477379;
export const P4 = 668265263;
export const M1 = 2146121005;
export const M2 = -2073254261;
/** Slots of the fingerprint's object key cache (two entries each), addressed by path. */
export const SLOTS = 2048;

// The lanes' seeds, and where a Set member's and a Map entry's hashes start.
export const SEED_A = 0x2545f491;
export const SEED_B = 0x6c8e9cf5;
export const MEMBER_A = 0x3c6ef372;
export const MEMBER_B = 0x1f83d9ab;
export const ENTRY_A = 0x5be0cd19;
export const ENTRY_B = 0x510e527f;

// What a type adds to each of a value's two words (tagA(T) and tagB(T) in fingerprint.ts,
// which checks these against them when it loads).
export const INT_A = -270828457;
export const INT_B = -1985737761;
export const FLOAT_A = 1392992770;
export const FLOAT_B = -1523891854;
export const STR_A = -1238153299;
export const STR_B = -1062045947;
export const REF_A = -812485371;
export const REF_B = -1662245987;
export const BIGINT_A = 851335856;
export const BIGINT_B = -1200400080;
