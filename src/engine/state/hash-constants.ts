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
