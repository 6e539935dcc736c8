/**
 * A small strict parser for the Python dictionary literal in a `.npy` header, e.g.
 *   {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }
 * It never evaluates anything. Accepted grammar:
 *   dict  := '{' [ str ':' value { ',' str ':' value } [','] ] '}'
 *   value := str | int | 'True' | 'False' | 'None' | tuple | list
 *   tuple := '(' [ value { ',' value } [','] ] ')'      list := '[' … ']' likewise
 *   str   := '…' or "…" with the escapes \\ \' \" only
 *   int   := digits, with an optional trailing L (Python 2 headers write 3L)
 * Nesting is limited to 16 levels and only whitespace may follow the closing brace.
 * Every error is an InputError naming `field`.
 */
import { InputError } from '../errors';

export type PyValue = string | number | boolean | null | PyValue[];

const MAX_DEPTH = 16;
const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

/** Parses `text` as a dict literal into a Map (insertion order kept, duplicate keys rejected). */
export function parsePyDict(text: string, field: string): Map<string, PyValue> {
  let i = 0;
  const fail = (msg: string): never => {
    throw new InputError(field, `${msg} at character ${i} of the header`);
  };
  const skip = () => {
    while (i < text.length && WHITESPACE.has(text[i])) i++;
  };
  const expect = (ch: string) => {
    skip();
    if (text[i] !== ch) fail(`expected '${ch}'`);
    i++;
  };

  const parseString = (): string => {
    const quote = text[i++];
    let out = '';
    while (i < text.length) {
      const ch = text[i++];
      if (ch === quote) return out;
      if (ch === '\n' || ch === '\r') break;
      if (ch === '\\') {
        const next = text[i++];
        if (next === '\\' || next === "'" || next === '"') out += next;
        else fail(`unsupported escape '\\${next ?? ''}' in a string`);
      } else out += ch;
    }
    return fail('unterminated string');
  };

  const parseInteger = (): number => {
    const start = i;
    while (i < text.length && text[i] >= '0' && text[i] <= '9') i++;
    const n = Number(text.slice(start, i));
    if (text[i] === 'L') i++;
    if (!Number.isSafeInteger(n)) fail(`integer ${text.slice(start, i)} is too large`);
    return n;
  };

  const parseSequence = (close: string, depth: number): PyValue[] => {
    const items: PyValue[] = [];
    for (;;) {
      skip();
      if (text[i] === close) {
        i++;
        return items;
      }
      items.push(parseValue(depth + 1));
      skip();
      if (text[i] === ',') i++;
      else if (text[i] !== close) fail(`expected ',' or '${close}'`);
    }
  };

  const parseValue = (depth: number): PyValue => {
    if (depth > MAX_DEPTH) fail('nesting too deep');
    skip();
    const ch = text[i];
    if (ch === "'" || ch === '"') return parseString();
    if (ch !== undefined && ch >= '0' && ch <= '9') return parseInteger();
    if (ch === '(') {
      i++;
      return parseSequence(')', depth);
    }
    if (ch === '[') {
      i++;
      return parseSequence(']', depth);
    }
    for (const [word, value] of [
      ['True', true],
      ['False', false],
      ['None', null],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return value;
      }
    }
    return fail(ch === undefined ? 'unexpected end' : `unexpected character '${ch}'`);
  };

  const dict = new Map<string, PyValue>();
  expect('{');
  for (;;) {
    skip();
    if (text[i] === '}') {
      i++;
      break;
    }
    if (text[i] !== "'" && text[i] !== '"') fail('expected a string key');
    const key = parseString();
    if (dict.has(key)) fail(`duplicate key '${key}'`);
    expect(':');
    dict.set(key, parseValue(1));
    skip();
    if (text[i] === ',') i++;
    else if (text[i] !== '}') fail("expected ',' or '}'");
  }
  skip();
  if (i !== text.length) fail('unexpected text after the dictionary');
  return dict;
}
