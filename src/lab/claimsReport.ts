/**
 * The claims report (issue 13, item 6): one self-contained HTML page (inline CSS and SVG, no
 * external asset, no script) with every claim — its source, the claim and the seed's figure, the
 * definition, the steelman search, the seeds with the share on which it holds (a strip, one cell
 * per seed), the measured spread, a per-seed dot plot of its headline numbers (seedDotPlot.ts),
 * a plot of its table where it has one, and the verdict.
 */
import { claimPlot } from '../ui/lab/claimPlot';
import type { Claim, ClaimResult } from './claims/types';
import { seedDotsSvg } from './seedDotPlot';
import { fmtNumber } from './seedSpread';

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e'];

/** A line plot of a claim's table (claimPlot), as inline SVG; '' when there is none. */
export function tableSvg(r: ClaimResult): string {
  const p = claimPlot(r.table);
  if (!p) return '';
  const W = 420;
  const H = 160;
  const m = 34;
  const tr = (v: number) => (p.log ? Math.log10(v) : v);
  const ys = p.series.flatMap((s) => Array.from(s.values).filter(Number.isFinite).map(tr));
  const x0 = Math.min(...p.x);
  const x1 = Math.max(...p.x);
  let y0 = Math.min(...ys);
  let y1 = Math.max(...ys);
  if (y0 === y1) {
    y0 -= 1;
    y1 += 1;
  }
  const px = (x: number) => m + ((x - x0) / (x1 - x0 || 1)) * (W - 2 * m);
  const py = (y: number) => H - m + -((tr(y) - y0) / (y1 - y0)) * (H - 2 * m);
  const lines = p.series.map((s, k) => {
    const pts = Array.from(s.values)
      .map((v, i) => (Number.isFinite(v) ? `${px(p.x[i]).toFixed(1)},${py(v).toFixed(1)}` : null))
      .filter((q) => q !== null)
      .join(' ');
    const c = COLORS[k % COLORS.length];
    return `<polyline fill="none" stroke="${c}" stroke-width="1.5" points="${pts}"/><text x="${W - m}" y="${14 + 12 * k}" fill="${c}" font-size="10" text-anchor="end">${esc(s.label)}</text>`;
  });
  const lbl = (v: number) => (p.log ? `1e${v.toFixed(1)}` : fmtNumber(v));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img"><rect x="${m}" y="${m}" width="${W - 2 * m}" height="${H - 2 * m}" fill="none" stroke="#bbb"/>${lines.join('')}<text x="${m}" y="${H - 8}" font-size="10">${esc(p.xLabel)} ${fmtNumber(x0)}…${fmtNumber(x1)}</text><text x="2" y="${m}" font-size="10">${lbl(y1)}</text><text x="2" y="${H - m}" font-size="10">${lbl(y0)}</text></svg>`;
}

/** One cell per seed: green where the claim holds at the best setting, red where it does not. */
export function seedStripSvg(r: ClaimResult): string {
  const s = r.spread;
  if (!s) return '';
  const c = 18;
  const cells = s.seeds
    .map(
      (seed, k) =>
        `<rect x="${k * (c + 2)}" y="0" width="${c}" height="${c}" fill="${s.holdsBySeed[k] ? '#2ca02c' : '#d62728'}"><title>seed ${seed}: ${s.holdsBySeed[k] ? 'holds' : 'does not hold'}</title></rect><text x="${k * (c + 2) + c / 2}" y="${c + 11}" font-size="9" text-anchor="middle">${seed}</text>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${s.seeds.length * (c + 2)}" height="${c + 14}" role="img">${cells}</svg>`;
}

function section(claim: Claim, r: ClaimResult): string {
  const rows: string[] = [];
  const add = (k: string, v: string) => rows.push(`<tr><th>${esc(k)}</th><td>${v}</td></tr>`);
  add('seed says', esc(claim.seedValue));
  add('definition', esc(r.definitionUsed));
  if (r.search) {
    const s = r.search;
    add(
      'search',
      `${s.tried} of ${s.gridSize} settings (budget ${s.budget}, ${s.passes} full coordinate pass${s.passes === 1 ? '' : 'es'}), coordinate search on seeds ${s.searchSeeds.join(', ')}; score = ${esc(s.scoreLabel)}<ul>${s.axes
        .map((a) => `<li>${esc(a.name)} ∈ {${esc(a.values.join(', '))}} — ${esc(a.label)}</li>`)
        .join('')}${Object.entries(s.pinned)
        .map(([k, v]) => `<li>${esc(k)} = ${esc(v)} (fixed by the definition)</li>`)
        .join('')}</ul>`,
    );
    add(
      'best setting',
      `${esc(
        Object.entries(s.best)
          .map(([k, v]) => `${k} = ${v}`)
          .join(', '),
      )}; score ${fmtNumber(s.bestScore)} (default ${fmtNumber(s.defaultScore)})`,
    );
  }
  if (r.spread) {
    add(
      'seeds',
      `${seedStripSvg(r)}<br>holds on ${r.spread.holds}/${r.spread.seeds.length} — ${esc(r.spread.rule)}`,
    );
    add(
      'spread over seeds',
      `<table><tr><th>number</th><th>median</th><th>IQR</th><th>no value</th></tr>${r.spread.quantities
        .map(
          (q) =>
            `<tr><td>${esc(q.name)}</td><td>${fmtNumber(q.median)}</td><td>${fmtNumber(q.q1)} – ${fmtNumber(q.q3)}</td><td>${q.missing}</td></tr>`,
        )
        .join('')}</table>`,
    );
  }
  add('measured', esc(r.value));
  if (r.metric) add('metric', esc(r.metric));
  if (r.groups) {
    add(
      'groups vs planted (ARI)',
      `${r.groups.ari
        .map(
          (a) =>
            `${esc(a.name)}: median ${fmtNumber(a.median)} (IQR ${fmtNumber(a.q1)} – ${fmtNumber(a.q3)})`,
        )
        .join('<br>')}<br>${r.groups.spectra
        .map(
          (s) =>
            `eigengap spectrum, ${esc(s.name)}: ${s.eigenvalues.map((x) => x.toFixed(3)).join(' ')} → k = ${s.k}`,
        )
        .join('<br>')}`,
    );
  }
  add('why', esc(r.note));
  const dots = seedDotsSvg(r);
  if (dots)
    add(
      'per seed',
      `${dots}<br>one dot per seed (green: holds there, red: does not; tick: median)`,
    );
  const plot = tableSvg(r);
  if (plot) add('plot', plot);
  return `<section id="${esc(claim.id)}"><h2>${esc(claim.id)} <span class="v v-${r.verdict === 'does not hold' ? 'fail' : r.verdict === 'not measurable' ? 'na' : 'ok'}">${esc(r.verdict)}</span></h2><p class="claim">${esc(claim.claim)} <span class="src">(${esc(claim.source)})</span></p><table class="kv">${rows.join('')}</table></section>`;
}

export function claimsReportHtml(
  results: { claim: Claim; result: ClaimResult }[],
  header: string,
): string {
  const summary = results
    .map(
      ({ claim, result }) =>
        `<tr><td><a href="#${esc(claim.id)}">${esc(claim.id)}</a></td><td>${esc(result.verdict)}</td><td>${result.spread ? `${result.spread.holds}/${result.spread.seeds.length}` : '—'}</td><td>${esc(claim.claim)}</td></tr>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Concord: the seeds' claims, measured</title><style>
body{font:14px/1.45 system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:3px 6px;vertical-align:top;text-align:left}
.kv th{width:150px;background:#f6f6f6}.v{font-size:12px;padding:2px 6px;border-radius:3px;color:#fff}
.v-ok{background:#2ca02c}.v-fail{background:#d62728}.v-na{background:#888}.src{color:#777}.claim{font-style:italic}
section{margin:2em 0;border-top:1px solid #ccc}</style></head><body><h1>The seeds' claims, measured by Concord</h1><p>${esc(header)}</p><table><tr><th>id</th><th>verdict</th><th>holds on</th><th>claim</th></tr>${summary}</table>${results
    .map(({ claim, result }) => section(claim, result))
    .join('')}</body></html>
`;
}
