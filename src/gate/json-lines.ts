// JSON with line numbers: Node's JSON.parse reports a syntax error without a position, and
// a CI log that says "manifest is not valid JSON" sends the reader hunting. This small
// recursive-descent parser gives the line and column of a syntax error, and the line of
// every value by its JSON path (`runs[2].constants.mode`) for later semantic errors.

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

export interface LocatedJson {
  readonly value: unknown;
  /** The 1-based line where the value at each JSON path starts. */
  readonly lines: ReadonlyMap<string, number>;
}

export function parseJsonWithLines(text: string): LocatedJson {
  const lines = new Map<string, number>();
  let i = 0;
  const where = (at: number) => {
    const before = text.slice(0, at).split('\n');
    return { line: before.length, column: before[before.length - 1].length + 1 };
  };
  const fail = (what: string): never => {
    const { line, column } = where(i);
    const found = i < text.length ? `"${text[i]}"` : 'the end of the file';
    throw new JsonSyntaxError(`expected ${what}, found ${found}`, line, column);
  };
  const skip = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  };
  const expect = (ch: string) => {
    skip();
    if (text[i] !== ch) fail(`"${ch}"`);
    i++;
  };
  const string = (): string => {
    skip();
    if (text[i] !== '"') fail('a string');
    const m = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(text.slice(i));
    if (!m) fail('a well-formed string');
    i += m![0].length;
    return JSON.parse(m![0]) as string;
  };
  const value = (path: string): unknown => {
    skip();
    lines.set(path, where(i).line);
    const c = text[i];
    if (c === '{') {
      i++;
      const out: { [k: string]: unknown } = {};
      skip();
      if (text[i] === '}') return i++, out;
      for (;;) {
        const key = string();
        expect(':');
        out[key] = value(path ? `${path}.${key}` : key);
        skip();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return i++, out;
        else fail('"," or "}"');
      }
    }
    if (c === '[') {
      i++;
      const out: unknown[] = [];
      skip();
      if (text[i] === ']') return i++, out;
      for (;;) {
        out.push(value(`${path}[${out.length}]`));
        skip();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return i++, out;
        else fail('"," or "]"');
      }
    }
    if (c === '"') return string();
    const m = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i));
    if (!m) return fail('a value');
    i += m![0].length;
    return JSON.parse(m![0]);
  };
  const v = value('');
  skip();
  if (i < text.length) fail('the end of the file');
  return { value: v, lines };
}
