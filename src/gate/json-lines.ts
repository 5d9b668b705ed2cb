// JSON with line numbers: Node's JSON.parse reports a syntax error without a position, and
// a CI log that says "manifest is not valid JSON" sends the reader hunting. This small
// recursive-descent parser gives the line and column of a syntax error, and the line of any
// value by its JSON path for later semantic errors. It runs in linear time and bounds the
// nesting, so no manifest, however large or deep, can hang the gate or overflow its stack.

/** Deeper than any manifest needs, shallow enough for the recursion to be safe. */
export const MAX_DEPTH = 512;

/** A step in a JSON path: an object's key or an array's index. */
export type Key = string | number;

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

/** A key given twice in one object, which JSON.parse would resolve silently by keeping the last. */
export class JsonDuplicateKeyError extends Error {
  constructor(
    readonly path: readonly Key[],
    readonly line: number,
    readonly firstLine: number,
  ) {
    super(`duplicate key, first given on line ${firstLine}`);
  }
}

export interface LocatedJson {
  readonly value: unknown;
  /**
   * The 1-based line where the value at `path` starts (for an object's member, where its key
   * is); for a path that is not there, the line of the deepest value on it that is.
   */
  lineOf(path: readonly Key[]): number;
}

/** `runs[2].constants.mode`. */
export const formatPath = (path: readonly Key[]): string => path.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${k}` : k), '');

export function parseJsonWithLines(text: string): LocatedJson {
  // Lines are only wanted for an error message, so they are found then, by parsing again up
  // to the path: the parse itself keeps no position per value and allocates only the values.
  return { value: parse(text), lineOf: (path) => locate(text, path) };
}

/** Thrown to stop a `locate` parse: the line it was looking for. */
class Found {
  constructor(readonly line: number) {}
}

function locate(text: string, path: readonly Key[]): number {
  try {
    return parse(text, path) as number;
  } catch (e) {
    if (e instanceof Found) return e.line;
    throw e;
  }
}

// Sticky, so that matching at `i` never copies the rest of the text.
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;
const LITERALS = [
  ['true', true],
  ['false', false],
  ['null', null],
] as const;

/** Parses `text`; with `target`, finds the line of the value at that path instead (returned, or thrown as `Found` to stop early). */
function parse(text: string, target?: readonly Key[]): unknown {
  let i = 0;
  let line = 1;
  let lineStart = 0;
  // The keys from the root to the value being parsed, and for `target`, how many of them
  // match its first keys and the line where the last of those is.
  const path: Key[] = [];
  let matched = 0;
  let matchedLine = 1;

  const error = (message: string): never => {
    throw new JsonSyntaxError(message, line, i - lineStart + 1);
  };
  const fail = (what: string): never => error(`expected ${what}, found ${i < text.length ? JSON.stringify(text[i]) : 'the end of the file'}`);
  // A JSON string cannot hold a raw newline, so whitespace is the only place one can be.
  const skip = () => {
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0a) {
        line++;
        lineStart = i + 1;
      } else if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return;
    }
  };
  const expect = (ch: string) => {
    skip();
    if (text[i] !== ch) fail(`"${ch}"`);
    i++;
  };
  const enter = (key: Key, at: number) => {
    path.push(key);
    if (target && matched === path.length - 1 && target[matched] === key) {
      matched++;
      matchedLine = at;
      if (matched === target.length) throw new Found(at);
    }
  };
  const leave = () => {
    path.pop();
    // Leaving the deepest match without finding the rest: the target is not there.
    if (matched > path.length) throw new Found(matchedLine);
  };
  const string = (): string => {
    skip();
    if (text.charCodeAt(i) !== 0x22) fail('a string');
    const start = i++;
    let escaped = false;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c === 0x5c) {
        ESCAPE.lastIndex = i;
        if (!ESCAPE.test(text)) fail('an escape sequence (\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX)');
        i = ESCAPE.lastIndex;
        escaped = true;
      } else if (c >= 0x20) i++;
      else fail('the rest of the string (control characters must be escaped)');
    }
    i++;
    return escaped ? (JSON.parse(text.slice(start, i)) as string) : text.slice(start + 1, i - 1);
  };
  const value = (): unknown => {
    skip();
    const c = text.charCodeAt(i);
    if ((c === 0x7b || c === 0x5b) && path.length === MAX_DEPTH) error(`arrays and objects nested more than ${MAX_DEPTH} deep`);
    if (c === 0x7b) {
      i++;
      // No prototype, as JSON.parse's objects behave: a key "__proto__" is a key like any
      // other, and no lookup of a name the manifest lacks ("constructor") finds an inherited one.
      const out: { [k: string]: unknown } = Object.create(null);
      skip();
      if (text.charCodeAt(i) === 0x7d) return i++, out;
      for (;;) {
        skip();
        const keyLine = line;
        const key = string();
        if (Object.hasOwn(out, key)) throw new JsonDuplicateKeyError([...path, key], keyLine, locate(text, [...path, key]));
        expect(':');
        enter(key, keyLine);
        out[key] = value();
        leave();
        skip();
        const d = text.charCodeAt(i);
        if (d === 0x2c) i++;
        else if (d === 0x7d) return i++, out;
        else fail('"," or "}"');
      }
    }
    if (c === 0x5b) {
      i++;
      const out: unknown[] = [];
      skip();
      if (text.charCodeAt(i) === 0x5d) return i++, out;
      for (;;) {
        skip();
        enter(out.length, line);
        out.push(value());
        leave();
        skip();
        const d = text.charCodeAt(i);
        if (d === 0x2c) i++;
        else if (d === 0x5d) return i++, out;
        else fail('"," or "]"');
      }
    }
    if (c === 0x22) return string();
    for (const [word, v] of LITERALS) if (text.startsWith(word, i)) return (i += word.length), v;
    NUMBER.lastIndex = i;
    if (!NUMBER.test(text)) fail('a value');
    const start = i;
    i = NUMBER.lastIndex;
    return Number(text.slice(start, i));
  };

  skip();
  matchedLine = line;
  if (target?.length === 0) throw new Found(line);
  const v = value();
  skip();
  if (i < text.length) fail('the end of the file');
  return target ? matchedLine : v;
}
