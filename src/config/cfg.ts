// TLC's model configuration files (.cfg). The model itself defines Init, Next and the view,
// so those keywords are accepted and ignored; everything else selects what the model
// declares. Every item keeps its line so that a wrong name is reported as file:line.

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

type Section = 'CONSTANTS' | 'INVARIANTS' | 'PROPERTIES' | 'CONSTRAINTS' | 'ACTION_CONSTRAINTS' | 'CHECK_DEADLOCK' | 'SYMMETRY' | 'VIEW' | 'ALIAS' | 'IGNORED';

const KEYWORDS: { readonly [word: string]: Section } = {
  CONSTANT: 'CONSTANTS',
  CONSTANTS: 'CONSTANTS',
  INVARIANT: 'INVARIANTS',
  INVARIANTS: 'INVARIANTS',
  PROPERTY: 'PROPERTIES',
  PROPERTIES: 'PROPERTIES',
  CONSTRAINT: 'CONSTRAINTS',
  CONSTRAINTS: 'CONSTRAINTS',
  ACTION_CONSTRAINT: 'ACTION_CONSTRAINTS',
  ACTION_CONSTRAINTS: 'ACTION_CONSTRAINTS',
  CHECK_DEADLOCK: 'CHECK_DEADLOCK',
  SYMMETRY: 'SYMMETRY',
  VIEW: 'VIEW',
  ALIAS: 'ALIAS',
  INIT: 'IGNORED',
  NEXT: 'IGNORED',
  SPECIFICATION: 'IGNORED',
};

interface Token {
  readonly text: string;
  readonly kind: 'word' | 'number' | 'string' | 'symbol';
  readonly line: number;
}

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
      // A number runs on through letters, digits and dots, so that `2.5`, `0x10` or `1e3` is
      // one token, which the constant's check then rejects as not an integer.
      const m = /^([-+]?\d[\w.]*)|^([A-Za-z_][A-Za-z0-9_!]*)|^(<-|=)/.exec(text.slice(i, i + 200));
      if (!m) throw fail(`unexpected character "${c}"`);
      tokens.push({ text: m[0], kind: m[1] !== undefined ? 'number' : m[2] !== undefined ? 'word' : 'symbol', line });
      i += m[0].length;
    }
  }
  return tokens;
}

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
  let section: Section | undefined;
  let sectionLine = 0;
  let k = 0;
  const fail = (t: Token, what: string) => configError(`${file}:${t.line}: ${what}.`);
  const single = (t: Token, keyword: string, present: unknown) => {
    if (present) throw fail(t, `${keyword} takes a single value; got a second one, "${t.text}"`);
  };
  while (k < tokens.length) {
    const t = tokens[k++];
    if (t.kind === 'word' && KEYWORDS[t.text]) {
      section = KEYWORDS[t.text];
      sectionLine = t.line;
      continue;
    }
    if (section === undefined) {
      throw fail(t, `unknown keyword "${t.text}" (known keywords: ${Object.keys(KEYWORDS).join(', ')})`);
    }
    switch (section) {
      case 'CONSTANTS': {
        if (t.kind !== 'word') throw fail(t, `expected a constant name, got "${t.text}"`);
        const op = tokens[k];
        if (op?.text === '<-') throw fail(op, `constant substitution "${t.text} <- ..." is not supported; give a value with "${t.text} = value"`);
        if (op?.text !== '=') throw fail(op ?? t, `expected "=" after constant ${t.text}, or a keyword; "${t.text}" is not a keyword (known keywords: ${Object.keys(KEYWORDS).join(', ')})`);
        const v = tokens[k + 1];
        if (!v || v.line !== op.line || v.kind === 'symbol') throw fail(op, `constant ${t.text} has no value after "="`);
        k += 2;
        let value: CfgLiteral;
        if (v.kind === 'number') value = { kind: 'number', text: v.text };
        else if (v.kind === 'string') value = { kind: 'string', text: `"${v.text}"`, value: v.text };
        else if (v.text === 'TRUE' || v.text === 'FALSE') value = { kind: 'boolean', text: v.text, value: v.text === 'TRUE' };
        else if (KEYWORDS[v.text]) throw fail(v, `constant ${t.text} has no value after "="`);
        else value = { kind: 'string', text: v.text, value: v.text }; // A model value: a bare identifier stands for itself.
        cfg.constants.push({ value: { name: t.text, value }, line: t.line });
        break;
      }
      case 'CHECK_DEADLOCK':
        single(t, 'CHECK_DEADLOCK', cfg.checkDeadlock);
        if (t.text !== 'TRUE' && t.text !== 'FALSE') throw fail(t, `CHECK_DEADLOCK is TRUE or FALSE; got "${t.text}"`);
        cfg.checkDeadlock = { value: t.text === 'TRUE', line: t.line };
        break;
      default: {
        if (t.kind !== 'word') throw fail(t, `expected a name after the keyword on line ${sectionLine}, got "${t.text}"`);
        const item = { value: t.text, line: t.line };
        if (section === 'INVARIANTS') cfg.invariants.push(item);
        else if (section === 'PROPERTIES') cfg.properties.push(item);
        else if (section === 'CONSTRAINTS') cfg.constraints.push(item);
        else if (section === 'ACTION_CONSTRAINTS') cfg.actionConstraints.push(item);
        else if (section === 'SYMMETRY') cfg.symmetry.push(item);
        else if (section === 'VIEW') (single(t, 'VIEW', cfg.view), (cfg.view = item));
        else if (section === 'ALIAS') (single(t, 'ALIAS', cfg.alias), (cfg.alias = item));
        // INIT, NEXT, SPECIFICATION: the model defines them.
      }
    }
  }
  return cfg;
}
