/**
 * Delimited text holding K per-task gradients, read by a small strict tokenizer.
 *
 * Cells are separated by commas when a line other than a '#' comment contains a comma, otherwise
 * by runs of spaces and tabs. An unquoted cell holding a semicolon, a NUL or another control
 * character is refused by line and cell (other separators are not guessed). A cell may be double-quoted ("" escapes a quote; a quoted cell may span lines) and is
 * then always text. Blank lines and lines starting with '#' (np.savetxt headers) are skipped;
 * a leading byte-order mark is dropped; \n, \r\n and \r all end a line. A number must match
 * [+-]digits[.digits][e[+-]digits] in full ("1.2.3", "0x10", "1,5" are rejected); nan/inf
 * spellings and overflowing values are reported as non-finite entries. An empty cell is an
 * error naming its line and cell (both counted from 1).
 *
 * Layouts:
 * - rows (default): one task per line. When the first cell of every line is text, that column
 *   holds the task names. A first line whose first cell is empty or whose later cells contain
 *   text is a header of column labels and is skipped (warned); an empty first header cell marks
 *   the first column as the task names whatever they look like (pandas' index column).
 * - transpose: one task per column (d lines of K values). A first line with a text or empty cell
 *   is a header of task names; an empty first header cell marks an index column, dropped.
 */
import { InputError } from '../errors';
import type { GradSet } from '../types';
import { type Decoded, finishGradients } from './matrix';

interface Cell {
  text: string;
  quoted: boolean;
}

interface Line {
  line: number;
  cells: Cell[];
}

/** Options of the CSV reader. */
export interface CsvOptions {
  file?: string;
  /** One task per column instead of one per line. */
  transpose?: boolean;
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;

/** Whether a line that is not a '#' comment holds a comma (then cells are comma-separated). */
function hasDataComma(text: string): boolean {
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < n) {
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
    const comment = text[i] === '#';
    for (; i < n && text[i] !== '\n' && text[i] !== '\r'; i++) {
      if (!comment && text[i] === ',') return true;
    }
    i++;
  }
  return false;
}

/** The first character that no separator Concord reads may leave inside an unquoted cell. */
function foreignChar(cell: string): string | null {
  for (let k = 0; k < cell.length; k++) {
    const c = cell.charCodeAt(k);
    if (c === 0x3b || c < 0x20 || c === 0x7f) return cell[k];
  }
  return null;
}

/** Splits `text` into lines of cells; throws on an unterminated quote or an empty cell. */
function tokenize(text: string, file: string): Line[] {
  const comma = hasDataComma(text);
  const lines: Line[] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const isBlank = (c: string) => c === ' ' || c === '\t';
  const isEnd = (c: string) => c === '\n' || c === '\r';
  const endLine = () => {
    if (text[i] === '\r' && text[i + 1] === '\n') i++;
    i++;
    line++;
  };
  while (i < n) {
    while (i < n && isBlank(text[i])) i++;
    if (i >= n) break;
    if (isEnd(text[i])) {
      endLine();
      continue;
    }
    if (text[i] === '#') {
      while (i < n && !isEnd(text[i])) i++;
      continue;
    }
    const start = line;
    const cells: Cell[] = [];
    for (;;) {
      while (i < n && isBlank(text[i])) i++;
      if (!comma && (i >= n || isEnd(text[i]))) break;
      let cell: Cell;
      if (text[i] === '"') {
        let value = '';
        i++;
        for (;;) {
          if (i >= n) throw new InputError(`${file} line ${start}`, 'has an unterminated quote');
          const c = text[i++];
          if (c === '"') {
            if (text[i] !== '"') break;
            value += '"';
            i++;
          } else {
            if (c === '\n' || (c === '\r' && text[i] !== '\n')) line++;
            value += c;
          }
        }
        cell = { text: value, quoted: true };
        while (i < n && isBlank(text[i])) i++;
      } else {
        const from = i;
        while (i < n && !isEnd(text[i]) && !(comma ? text[i] === ',' : isBlank(text[i]))) i++;
        cell = { text: text.slice(from, i).replace(/[ \t]+$/, ''), quoted: false };
        const bad = foreignChar(cell.text);
        if (bad !== null) {
          const ch =
            bad === ';'
              ? "a semicolon ';'"
              : `the control character U+${bad.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`;
          throw new InputError(
            `${file} line ${line}, cell ${cells.length + 1}`,
            `holds ${ch}; separate cells with commas, spaces or tabs`,
          );
        }
      }
      const corner = lines.length === 0 && cells.length === 0;
      if (comma && cell.text === '' && !cell.quoted && !corner) {
        throw new InputError(`${file} line ${line}`, `cell ${cells.length + 1} is empty`);
      }
      cells.push(cell);
      if (i >= n || isEnd(text[i])) break;
      if (comma) {
        if (text[i] !== ',') {
          throw new InputError(
            `${file} line ${line}`,
            `unexpected text after quoted cell ${cells.length}`,
          );
        }
        i++;
      }
    }
    lines.push({ line: start, cells });
    if (i < n) endLine();
  }
  return lines;
}

type Kind = 'number' | 'nonfinite' | 'text';

function kindOf(c: Cell): Kind {
  if (c.quoted) return 'text';
  if (NUMBER.test(c.text)) return 'number';
  if (NON_FINITE.test(c.text)) return 'nonfinite';
  return 'text';
}

/** The value of a data cell, or an InputError naming line and cell (1-based). */
function cellValue(c: Cell, line: number, col: number, file: string): number {
  const where = `${file} line ${line}, cell ${col}`;
  const kind = kindOf(c);
  if (kind === 'text') {
    throw new InputError(where, `${JSON.stringify(c.text.slice(0, 40))} is not a number`);
  }
  const x = Number(c.text);
  if (!Number.isFinite(x)) {
    throw new InputError(where, `is ${c.text}; every gradient entry must be finite`);
  }
  return x;
}

/** Reads delimited text into a K×d float64 gradient matrix with task names. */
export function readCsv(text: string, opts: CsvOptions = {}): Decoded {
  const file = opts.file ?? 'file.csv';
  const lines = tokenize(text, file);
  if (lines.length === 0) throw new InputError(file, 'holds no numbers');
  const warnings: string[] = [];
  const first = lines[0].cells;
  const emptyCorner = first[0].text === '' && !first[0].quoted;
  let names: string[] | null = null;
  let nameColumn = false;
  let data = lines;
  if (!opts.transpose) {
    if (emptyCorner || first.slice(1).some((c) => kindOf(c) === 'text')) {
      warnings.push(
        `line ${lines[0].line} read as a header of column labels and skipped ` +
          '(if it names the tasks, the file has one task per column: use transpose)',
      );
      data = lines.slice(1);
    }
    nameColumn =
      emptyCorner || (data.length > 0 && data.every((l) => kindOf(l.cells[0]) === 'text'));
    if (nameColumn) names = data.map((l) => l.cells[0].text);
  } else if (emptyCorner || first.some((c) => kindOf(c) === 'text')) {
    nameColumn = emptyCorner;
    names = first.slice(nameColumn ? 1 : 0).map((c) => c.text);
    data = lines.slice(1);
    if (nameColumn) warnings.push('first column read as an index and dropped');
  }
  if (data.length === 0) throw new InputError(file, 'holds a header but no numbers');
  const skip = nameColumn ? 1 : 0;
  const width = data[0].cells.length - skip;
  if (width < 1) {
    throw new InputError(`${file} line ${data[0].line}`, 'holds a task name but no numbers');
  }
  for (const l of data) {
    if (l.cells.length - skip !== width) {
      throw new InputError(
        `${file} line ${l.line}`,
        `has ${l.cells.length} cells, expected ${width + skip} like line ${data[0].line}`,
      );
    }
  }
  if (opts.transpose && names && names.length !== width) {
    throw new InputError(
      `${file} line ${lines[0].line}`,
      `names ${names.length} tasks but the lines hold ${width} columns`,
    );
  }
  const rows = data.length;
  const K = opts.transpose ? width : rows;
  const d = opts.transpose ? rows : width;
  const g = new Float64Array(K * d);
  for (let r = 0; r < rows; r++) {
    const l = data[r];
    for (let c = 0; c < width; c++) {
      const x = cellValue(l.cells[c + skip], l.line, c + skip + 1, file);
      g[opts.transpose ? c * d + r : r * d + c] = x;
    }
  }
  return finishGradients(file, K, d, g, names, warnings);
}

/** A cell for output: always double-quoted, so a name is never mistaken for a number. */
const quote = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/** Shortest round-trip decimal form; −0 keeps its sign. */
const num = (x: number): string => (Object.is(x, -0) ? '-0' : String(x));

/**
 * Writes a gradient set as CSV with task names, values in shortest round-trip form (re-parses to
 * the same float64, −0 included). Rows layout (default): `"name",g_i1,…,g_id` per task;
 * transpose: a header line of quoted names, then d lines of K values.
 */
export function writeCsv(gs: GradSet, names: string[], opts: { transpose?: boolean } = {}): string {
  const { K, d, g } = gs;
  if (g.length !== K * d) throw new InputError('gradients', `holds ${g.length} values, not K·d`);
  if (names.length !== K) throw new InputError('names', `has ${names.length} names for K = ${K}`);
  const out: string[] = [];
  if (opts.transpose) {
    out.push(names.map(quote).join(','));
    for (let k = 0; k < d; k++) {
      const line: string[] = [];
      for (let i = 0; i < K; i++) line.push(num(g[i * d + k]));
      out.push(line.join(','));
    }
  } else {
    for (let i = 0; i < K; i++) {
      const line = [quote(names[i])];
      for (let k = 0; k < d; k++) line.push(num(g[i * d + k]));
      out.push(line.join(','));
    }
  }
  return `${out.join('\n')}\n`;
}
