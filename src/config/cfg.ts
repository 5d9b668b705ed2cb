// TLC's model configuration files (.cfg). The model itself defines Init, Next and the
// specification, so those keywords are accepted (with their one name) and ignored; everything
// else selects what the model declares. Every item keeps its line so that a wrong name is
// reported as file:line, and every word is accounted for: one that is neither a keyword nor in
// a keyword's place is an error, never silently dropped.

import type { CfgLiteral } from '../engine/constants.ts';
import { configError } from '../errors.ts';

export interface CfgItem<T = string> {
  readonly value: T;
  readonly line: number;
}

export interface CfgFile {
  readonly file: string;
  /** Checked against the model's declarations when applied (`constantOverrides`). */
  readonly constants: CfgItem<{ readonly name: string; readonly value: CfgLiteral }>[];
  readonly invariants: CfgItem[];
  readonly properties: CfgItem[];
  readonly constraints: CfgItem[];
  readonly actionConstraints: CfgItem[];
  readonly checkDeadlock?: CfgItem<boolean>;
  /** Requires the model to declare `symmetry` (which is what is applied). */
  readonly symmetry: CfgItem[];
  /** The model's own `view`/`alias` are used; a name here is only checked for presence. */
  readonly view?: CfgItem;
  readonly alias?: CfgItem;
}

// A list keyword takes any number of items, up to the next keyword.
type ListSection = 'CONSTANTS' | 'INVARIANTS' | 'PROPERTIES' | 'CONSTRAINTS' | 'ACTION_CONSTRAINTS' | 'SYMMETRY';
// The others take exactly one value; the word after it must be a keyword.
type OneValue = 'CHECK_DEADLOCK' | 'VIEW' | 'ALIAS' | 'IGNORED';

// A Map, so that a word like `valueOf` is not taken for a keyword through Object.prototype.
const KEYWORDS = new Map<string, ListSection | OneValue>([
  ['CONSTANT', 'CONSTANTS'],
  ['CONSTANTS', 'CONSTANTS'],
  ['INVARIANT', 'INVARIANTS'],
  ['INVARIANTS', 'INVARIANTS'],
  ['PROPERTY', 'PROPERTIES'],
  ['PROPERTIES', 'PROPERTIES'],
  ['CONSTRAINT', 'CONSTRAINTS'],
  ['CONSTRAINTS', 'CONSTRAINTS'],
  ['ACTION_CONSTRAINT', 'ACTION_CONSTRAINTS'],
  ['ACTION_CONSTRAINTS', 'ACTION_CONSTRAINTS'],
  ['SYMMETRY', 'SYMMETRY'],
  ['CHECK_DEADLOCK', 'CHECK_DEADLOCK'],
  ['VIEW', 'VIEW'],
  ['ALIAS', 'ALIAS'],
  ['INIT', 'IGNORED'],
  ['NEXT', 'IGNORED'],
  ['SPECIFICATION', 'IGNORED'],
]);

const KNOWN_KEYWORDS = `known keywords: ${[...KEYWORDS.keys()].join(', ')}`;

const isList = (k: ListSection | OneValue): k is ListSection => k !== 'CHECK_DEADLOCK' && k !== 'VIEW' && k !== 'ALIAS' && k !== 'IGNORED';

interface Token {
  readonly text: string;
  readonly kind: 'word' | 'number' | 'string' | 'symbol';
  readonly line: number;
}

// Sticky, so that a token is matched where it starts, whatever its length. A number runs on
// through letters, digits and dots, so that `2.5`, `0x10` or `1e3` is one token, which the
// constant's check then rejects as not an integer.
const TOKEN = /([-+]?\d[\w.]*)|([A-Za-z_][A-Za-z0-9_!]*)|(<-|[={},])/y;

function tokenize(file: string, text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  const fail = (what: string) => configError(`${file}:${line}: ${what}.`);
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else if (text.startsWith('\\*', i)) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (text.startsWith('(*', i)) {
      // Block comments nest, as in TLA+.
      const startLine = line;
      let depth = 0;
      do {
        if (text.startsWith('(*', i)) (depth++, (i += 2));
        else if (text.startsWith('*)', i)) (depth--, (i += 2));
        else (text[i] === '\n' && line++, i++);
      } while (depth > 0 && i < text.length);
      if (depth > 0) throw configError(`${file}:${startLine}: unterminated comment "(*".`);
    } else if (c === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0 || text.slice(i, end).includes('\n')) throw fail('unterminated string');
      tokens.push({ text: text.slice(i + 1, end), kind: 'string', line });
      i = end + 1;
    } else {
      TOKEN.lastIndex = i;
      const m = TOKEN.exec(text);
      if (!m) throw fail(`unexpected character "${c}"`);
      tokens.push({ text: m[0], kind: m[1] !== undefined ? 'number' : m[2] !== undefined ? 'word' : 'symbol', line });
      i += m[0].length;
    }
  }
  return tokens;
}

const keywordOf = (t: Token | undefined) => (t?.kind === 'word' ? KEYWORDS.get(t.text) : undefined);
const isSymbol = (t: Token | undefined, symbol: string) => t?.kind === 'symbol' && t.text === symbol;

/** Parse the text of a .cfg file; `file` names it in error messages. */
export function parseCfg(file: string, text: string): CfgFile {
  const tokens = tokenize(file, text);
  const cfg = {
    file,
    constants: [] as CfgFile['constants'],
    invariants: [] as CfgItem[],
    properties: [] as CfgItem[],
    constraints: [] as CfgItem[],
    actionConstraints: [] as CfgItem[],
    symmetry: [] as CfgItem[],
  } as { -readonly [K in keyof CfgFile]: CfgFile[K] };
  let section: ListSection | undefined;
  let sectionLine = 0;
  let k = 0;
  const fail = (t: Token, what: string) => configError(`${file}:${t.line}: ${what}.`);
  const single = (t: Token, keyword: string, present: unknown) => {
    if (present) throw fail(t, `${keyword} takes a single value; got a second one, "${t.text}"`);
  };

  /** The one value after a keyword that takes one; `t` is the keyword. */
  const oneValue = (t: Token, keyword: OneValue) => {
    const wanted = keyword === 'CHECK_DEADLOCK' ? 'TRUE or FALSE' : 'a name';
    const v = tokens[k];
    if (v === undefined || keywordOf(v)) throw fail(t, `${t.text} needs ${wanted} after it${v ? `, before ${v.text}` : ''}`);
    k++;
    if (keyword === 'CHECK_DEADLOCK') {
      single(v, 'CHECK_DEADLOCK', cfg.checkDeadlock);
      if (v.kind !== 'word' || (v.text !== 'TRUE' && v.text !== 'FALSE')) throw fail(v, `CHECK_DEADLOCK is TRUE or FALSE; got "${v.text}"`);
      cfg.checkDeadlock = { value: v.text === 'TRUE', line: v.line };
      return;
    }
    if (v.kind !== 'word') throw fail(v, `${t.text} takes ${wanted}; got "${v.text}"`);
    const item = { value: v.text, line: v.line };
    if (keyword === 'VIEW') (single(v, 'VIEW', cfg.view), (cfg.view = item));
    else if (keyword === 'ALIAS') (single(v, 'ALIAS', cfg.alias), (cfg.alias = item));
    // INIT, NEXT, SPECIFICATION: the model defines them.
  };

  /** A constant's value, after `name =` (the "=" is `eq`): it may be on a later line, as in TLC. */
  const literal = (name: string, eq: Token): CfgLiteral => {
    const v = tokens[k];
    if (v === undefined || keywordOf(v)) throw fail(eq, `constant ${name} has no value after "="`);
    k++;
    if (v.kind === 'number') return { kind: 'number', text: v.text };
    if (v.kind === 'string') return { kind: 'string', text: `"${v.text}"`, value: v.text };
    // TRUE and FALSE are the booleans; any other identifier is a model value, its own name.
    if (v.kind === 'word') return v.text === 'TRUE' || v.text === 'FALSE' ? { kind: 'boolean', text: v.text, value: v.text === 'TRUE' } : { kind: 'string', text: v.text, value: v.text };
    if (isSymbol(v, '{')) return set(name, v);
    throw fail(v, `constant ${name} has no value after "=", but "${v.text}"`);
  };

  /** `{m1, m2}` after its "{": a set of model values (or strings). */
  const set = (name: string, open: Token): CfgLiteral => {
    const next = () => {
      if (k === tokens.length) throw fail(open, `the set for constant ${name} has no closing "}"`);
      return tokens[k++];
    };
    const members: Token[] = [];
    if (isSymbol(tokens[k], '}')) k++;
    else {
      for (;;) {
        const m = next();
        const modelValue = m.kind === 'word' && !keywordOf(m) && m.text !== 'TRUE' && m.text !== 'FALSE';
        if (!modelValue && m.kind !== 'string') throw fail(m, `expected a model value in the set for constant ${name}; got "${m.text}"`);
        members.push(m);
        const sep = next();
        if (isSymbol(sep, '}')) break;
        if (!isSymbol(sep, ',')) throw fail(sep, `expected "," or "}" in the set for constant ${name}; got "${sep.text}"`);
      }
    }
    const shown = members.map((m) => (m.kind === 'string' ? `"${m.text}"` : m.text));
    return { kind: 'set', text: `{${shown.join(', ')}}`, value: [...new Set(members.map((m) => m.text))] };
  };

  while (k < tokens.length) {
    const t = tokens[k++];
    const keyword = keywordOf(t);
    if (keyword !== undefined) {
      if (isList(keyword)) {
        section = keyword;
        sectionLine = t.line;
      } else {
        oneValue(t, keyword);
        section = undefined;
      }
      continue;
    }
    if (section === undefined) throw fail(t, `unknown keyword "${t.text}" (${KNOWN_KEYWORDS})`);
    if (section === 'CONSTANTS') {
      if (t.kind !== 'word') throw fail(t, `expected a constant name, got "${t.text}"`);
      const op = tokens[k];
      if (isSymbol(op, '<-')) throw fail(op, `constant substitution "${t.text} <- ..." is not supported; give a value with "${t.text} = value"`);
      if (!isSymbol(op, '=')) throw fail(op ?? t, `expected "=" after constant ${t.text}, or a keyword; "${t.text}" is not a keyword (${KNOWN_KEYWORDS})`);
      k++;
      cfg.constants.push({ value: { name: t.text, value: literal(t.text, op) }, line: t.line });
      continue;
    }
    if (t.kind !== 'word') throw fail(t, `expected a name after the keyword on line ${sectionLine}, got "${t.text}"`);
    const item = { value: t.text, line: t.line };
    if (section === 'INVARIANTS') cfg.invariants.push(item);
    else if (section === 'PROPERTIES') cfg.properties.push(item);
    else if (section === 'CONSTRAINTS') cfg.constraints.push(item);
    else if (section === 'ACTION_CONSTRAINTS') cfg.actionConstraints.push(item);
    else cfg.symmetry.push(item);
  }
  return cfg;
}
