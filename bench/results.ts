/**
 * bench/RESULTS.md is shared by the benchmarks: each writes its own section between markers and
 * keeps the others, so runs on different machines (or of different benchmarks) accumulate.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const RESULTS_FILE = 'bench/RESULTS.md';

const HEAD =
  '# Concord benchmark results\n\nWritten by the benchmarks (`npm run bench`, `npm run bench:frames`, `npm run soak`); one section per benchmark and machine. Every ratio compares figures measured in the same run.\n\n';

/** Replaces the section named `key` in `file` (or appends it), keeping the others. */
export function writeSection(key: string, section: string, file = RESULTS_FILE): void {
  const id = key.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60);
  const start = `<!-- bench:${id}:start -->`;
  const end = `<!-- bench:${id}:end -->`;
  let text = existsSync(file) ? readFileSync(file, 'utf8') : HEAD;
  const block = `${start}\n${section.trimEnd()}\n${end}`;
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  text =
    a >= 0 && b > a
      ? text.slice(0, a) + block + text.slice(b + end.length)
      : `${text.trimEnd()}\n\n${block}\n`;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}
