/**
 * Export of a run: CSV of the series (one row per recorded sample), JSON of the configuration,
 * the latest summary, the current view and the series, and a shareable link.
 */
import type { Config } from '../state/configSchema';
import type { RunState } from '../state/runStore';
import { seriesColumns } from '../state/series';
import { encodeConfig } from '../state/urlCodec';

/** CSV with header step,B,I,F,gap,L1..LK; numbers in shortest round-trip form, NaN as empty. */
export function runToCsv(run: RunState): string {
  const cols = seriesColumns(run.series);
  const names = Object.keys(cols);
  const lines = [names.join(',')];
  for (let k = 0; k < run.series.length; k++) {
    lines.push(names.map((n) => (Number.isFinite(cols[n][k]) ? String(cols[n][k]) : '')).join(','));
  }
  return `${lines.join('\n')}\n`;
}

const arr = (a: Float64Array | Int32Array | null | undefined) => (a ? Array.from(a) : null);

/** JSON document of the run; non-finite numbers become null (JSON has no NaN). */
export function runToJson(run: RunState, config: Config, link: string): string {
  const v = run.view;
  const doc = {
    concord: 1,
    link,
    config,
    backend: run.backend,
    status: run.status,
    step: run.step,
    problem: { id: run.problemId, K: run.K, d: run.d },
    latest: run.latest,
    view: v
      ? {
          theta: arr(v.theta),
          gradients: arr(v.gradients),
          projected: arr(v.projected),
          direction: arr(v.direction),
          G: arr(v.G),
          C: arr(v.C),
        }
      : null,
    cos: arr(run.cos),
    A: arr(run.A),
    groups: arr(run.groups),
    trajectory: arr(run.trajectory),
    series: seriesColumns(run.series),
  };
  return JSON.stringify(
    doc,
    (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? null : x),
    1,
  );
}

/** The link that reproduces `config`. */
export function shareLink(config: Config, loc: Location = window.location): string {
  return `${loc.origin}${loc.pathname}#${encodeConfig(config)}`;
}

export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
