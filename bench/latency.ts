/**
 * `npm run bench:latency`: how fast the live view follows a person's hand. Builds the app, serves
 * it with `vite preview`, and in headless Chromium on both backends (CPU engine with WebGL2;
 * GPU engine with WebGPU, which here is SwiftShader, a CPU emulation) drags the α slider with the
 * mouse: 30 moves at 60 Hz from 0.5 to 0.05 on the PCGrad-vs-cosine preset (2-D, with paths),
 * once while playing and once paused. Per move, the latency is the time from the move until the
 * arrows on screen show that move's α or a newer one (latest wins: a value overtaken by a newer
 * one is never drawn); then the time from the last move until the arrows, and until both swept
 * paths, show the last α. Backlog: the mean latency of the last ten moves against the first ten
 * (a queue makes it grow with every move). Read-back interval: the median time between series
 * samples while playing (one per batch read back).
 *
 * Timing is read in the page: the scene logs each run-store version it takes, with the time, in
 * the animation frame that draws it (window.__concordScene.drawLog()); every run-store change
 * records its version, the α of its view and of its paths. So a move counts as shown at the
 * frame whose draw call carries it (the scene draws on demand, so that frame need not be one a
 * free-running probe would see first). The frame interval is that of a free-running
 * requestAnimationFrame loop in the page.
 *
 * Exports writeLatencyResults so that other latency figures (the lab's long tasks and cancel
 * times) can be written into the same section later.
 */
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { BASE_FLAGS, launchChromium, serveBuiltApp, WEBGPU_FLAGS } from '../src/cli/browser';
import type { DrawEntry } from '../src/scene/live';
import { dragAlpha } from '../test/e2e/drag';
import { writeSection } from './results';

/** Moves the mouse made (the slider fires an input event only when its value changes). */
const PRESET =
  'problem=convex-pair&method=cosine&alpha=0.5&mode=simultaneous&compare=pcgrad&eta=0.02&start=0';

export interface DragLatency {
  backend: string;
  playing: boolean;
  moves: number;
  medianMs: number;
  p95Ms: number;
  /** Last move → arrows show the last α. */
  arrowsFinalMs: number;
  /**
   * WebGPU: the same three figures (median, p95, final) taken when the device had done the frame
   * that draws the move (NaN on WebGL2, which does not report it).
   */
  doneMedianMs: number;
  doneP95Ms: number;
  doneFinalMs: number;
  /** Last move → both swept paths (complete) show the last α. */
  pathsFinalMs: number;
  firstTenMs: number;
  lastTenMs: number;
  /** Median interval between read-backs while playing (NaN when paused). */
  readbackMs: number;
  /** Median interval between animation frames during the drag. */
  frameMs: number;
  /** Median and p95 of the time the page took to take each mouse move (dispatch → handled). */
  handledMedianMs: number;
  handledP95Ms: number;
}

/** A row of lab latency (long tasks, cancel), for figures measured elsewhere. */
export interface LabLatency {
  experiment: string;
  backend: string;
  longestTaskMs: number;
  cancelMs: number;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].filter(Number.isFinite).sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;

type StateRec = [
  t: number,
  version: number,
  alpha: number | null,
  pathAlpha: number | null,
  complete: boolean,
  samples: number,
];
type FrameRec = [t: number, sceneVersion: number];

/** Installs the in-page recorder (run-store changes and drawn versions per frame). */
async function record(page: Page): Promise<void> {
  // A string: tsx would wrap named inner functions in a helper the page does not have.
  await page.evaluate(`(() => {
    const lat = { states: [], frames: [] };
    window.__lat = lat;
    const run = window.__concord.run;
    const push = () => {
      const s = run.getState();
      lat.states.push([
        performance.now(),
        s.version,
        s.viewMethod ? s.viewMethod.alpha : null,
        s.paths && s.paths.methods[0] ? s.paths.methods[0].alpha : null,
        s.paths ? s.paths.complete : false,
        s.series.length,
      ]);
    };
    push();
    run.subscribe(push);
    lat.inputs = [];
    document.addEventListener('input', (e) => {
      const t = e.target;
      if (t && t.dataset && t.dataset.testid === 'alpha') lat.inputs.push([e.timeStamp, Number(t.value)]);
    }, true);
    const loop = () => {
      lat.frames.push([performance.now(), window.__concordScene ? window.__concordScene.version() : -1]);
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  })()`);
}

/** One drag on an open page; `playing` starts the run first. */
export async function measureDrag(
  page: Page,
  backend: string,
  playing: boolean,
): Promise<DragLatency> {
  await page.evaluate(() => window.__concord!.config.getState().update({ alpha: 0.5 }));
  await page.waitForTimeout(500);
  await record(page);
  if (playing) {
    await page.getByTestId('play').click();
    await page.waitForTimeout(3000);
  }
  const moves = await dragAlpha(page, 0.05, 30, 60);
  const last = moves[moves.length - 1];
  // Wait (up to 90 s) until the arrows and complete paths show the last α.
  await page
    .waitForFunction(
      (a) => {
        const s = window.__concord!.run.getState();
        return s.viewMethod?.alpha === a && s.paths?.methods[0].alpha === a && s.paths.complete;
      },
      last.alpha,
      { timeout: 90_000, polling: 50 },
    )
    .catch(() => {});
  await page.waitForTimeout(300);
  if (playing) await page.getByTestId('play').click();
  const lat = (await page.evaluate('window.__lat')) as {
    states: StateRec[];
    frames: FrameRec[];
    inputs: [t: number, alpha: number][];
  };
  // Each input event the slider fired (its timestamp: when the browser created the event).
  const inputs = lat.inputs.map(([at, alpha]) => ({ at, alpha }));
  // α drawn at each frame: that of the newest store version the scene had drawn.
  const alphaOfVersion = new Map<number, number | null>();
  for (const s of lat.states) if (!alphaOfVersion.has(s[1])) alphaOfVersion.set(s[1], s[2]);
  const versions = [...alphaOfVersion.keys()].sort((a, b) => a - b);
  const drawnAlpha = (v: number): number | null => {
    let best: number | null = null;
    for (const x of versions) if (x <= v) best = alphaOfVersion.get(x) ?? null;
    return best;
  };
  // The α each drawn frame shows, from the scene's draw log (since the recording began).
  const t0 = lat.frames[0]?.[0] ?? 0;
  const drawLog = (await page.evaluate(
    () => window.__concordScene?.drawLog() ?? [],
  )) as DrawEntry[];
  const recorded = drawLog.filter(([, t]) => t >= t0);
  const lastInput = inputs[inputs.length - 1] ?? last;
  // The drag decreases α: move i is shown once the drawn α is at or below α_i (and ≥ the last).
  const latencies = (frames: (readonly [number, number | null])[]) => {
    const shownAt = (t0: number, a: number) =>
      frames.find(
        ([t, x]) => t >= t0 && x !== null && x <= a + 1e-12 && x >= last.alpha - 1e-12,
      )?.[0] ?? Number.NaN;
    const per = inputs.map((m) => shownAt(m.at, m.alpha) - m.at);
    const final =
      (frames.find(([t, x]) => t >= lastInput.at && x === last.alpha)?.[0] ?? Number.NaN) -
      lastInput.at;
    return { per, final };
  };
  const drawn = latencies(recorded.map(([v, t]) => [t, drawnAlpha(v)] as const));
  const per = drawn.per;
  const arrowsFinal = drawn.final;
  // WebGPU: when the device had done each drawn frame (the log's third entry).
  // Entries without it: WebGL2 (none has one), or frames still on the device as the log was read.
  const stamped = recorded.filter((e) => e[2] !== undefined && Number.isFinite(e[2]));
  const done =
    stamped.length > 0
      ? latencies(stamped.map(([v, , at]) => [at as number, drawnAlpha(v)] as const))
      : null;
  // Paths final: the first store state after the last input whose complete paths have its α.
  const pathState = lat.states.find(
    ([t, , , pa, complete]) => t >= lastInput.at && pa === last.alpha && complete,
  );
  const pathsFinal = pathState ? pathState[0] - lastInput.at : Number.NaN;
  // Frames: median interval between animation frames during the recording.
  const frameMs = quantile(
    lat.frames.slice(1).map(([t], k) => t - lat.frames[k][0]),
    0.5,
  );
  // Read-back interval: median time between new series samples (one per batch) while playing.
  let readbackMs = Number.NaN;
  if (playing) {
    const sampleTimes: number[] = [];
    for (let k = 1; k < lat.states.length; k++) {
      if (lat.states[k][5] !== lat.states[k - 1][5]) sampleTimes.push(lat.states[k][0]);
    }
    readbackMs = quantile(
      sampleTimes.slice(1).map((t, k) => t - sampleTimes[k]),
      0.5,
    );
  }
  return {
    backend,
    playing,
    moves: inputs.length,
    frameMs,
    medianMs: quantile(per, 0.5),
    p95Ms: quantile(per, 0.95),
    arrowsFinalMs: arrowsFinal,
    doneMedianMs: done ? quantile(done.per, 0.5) : Number.NaN,
    doneP95Ms: done ? quantile(done.per, 0.95) : Number.NaN,
    doneFinalMs: done ? done.final : Number.NaN,
    pathsFinalMs: pathsFinal,
    firstTenMs: mean(per.slice(0, 10)),
    lastTenMs: mean(per.slice(-10)),
    readbackMs,
    handledMedianMs: quantile(
      moves.map((m) => m.handledMs),
      0.5,
    ),
    handledP95Ms: quantile(
      moves.map((m) => m.handledMs),
      0.95,
    ),
  };
}

const f = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : '—');

/** Writes the latency section of bench/RESULTS.md: drag rows, and lab rows when given. */
export function writeLatencyResults(drag: DragLatency[], lab: LabLatency[] = [], note = ''): void {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    `## Live latency — ${cpu}, ${cpus().length} cores, headless Chromium (WebGPU = SwiftShader)`,
    '',
    `Written by \`npm run bench:latency\` (bench/latency.ts) on ${new Date().toISOString().slice(0, 10)}: the built app, PCGrad vs cosine-scaled preset (convex pair, d = 2), a 30-move α drag at 60 Hz from 0.5 to 0.05 with the mouse. Per move: time until the scene draws a frame whose arrows show that move's α or a newer one (the scene's draw log; it draws on demand, only when something it shows changes, so the frame interval column is that of a free-running requestAnimationFrame probe in the page, and falls to the display rate when nothing changes). SwiftShader emulates the GPU on the CPU, these are not real-GPU figures: a path sweep on the GPU is one batched run (both methods' θ recorded on the GPU at up to 257 sample steps, one dispatch per method per 1024 steps, one read-back per sweep, at most two sweeps in flight), and the device's own time per frame (software rasterisation of the canvas) is the "frame done on the device" column: the same per-move latency (median, p95, and for the last move) taken when the device had finished the frame that shows the move (queue.onSubmittedWorkDone after the frame), which is when it can reach the screen. Arrows follow a move without waiting for a read-back (the view is recomputed at the θ on screen), so their latency is set by the frame. Goals: CPU p95 ≤ 50 ms; WebGPU final within two read-back intervals, with no backlog growing (last ten moves no slower than the first ten). The latency columns start at the slider's input event; "move handled" is the time before it, from the mouse move's dispatch until the page had handled it (one frame, about 17 ms, on an empty page here): on this machine it is set by software rasterisation of the page and its canvas (SwiftShader), and a move's whole time from the hand to the screen is the sum of the two.`,
    '',
    '| backend | run | input events | median (ms) | p95 (ms) | first 10 / last 10 mean (ms) | last move → arrows final (ms) | WebGPU: frame done on the device, median / p95 / final (ms) | last move → paths final (ms) | read-back interval (ms) | frame interval (ms) | move handled, median / p95 (ms) |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...drag.map(
      (r) =>
        `| ${r.backend} | ${r.playing ? 'playing' : 'paused'} | ${r.moves} | ${f(r.medianMs)} | ${f(r.p95Ms)} | ${f(r.firstTenMs)} / ${f(r.lastTenMs)} | ${f(r.arrowsFinalMs)} | ${Number.isFinite(r.doneMedianMs) ? `${f(r.doneMedianMs)} / ${f(r.doneP95Ms)} / ${f(r.doneFinalMs)}` : '—'} | ${f(r.pathsFinalMs)} | ${f(r.readbackMs)} | ${f(r.frameMs)} | ${f(r.handledMedianMs)} / ${f(r.handledP95Ms)} |`,
    ),
  ];
  if (lab.length > 0) {
    lines.push(
      '',
      '| lab experiment | backend | longest main-thread task (ms) | Cancel → stop (ms) |',
      '|---|---|---|---|',
      ...lab.map(
        (r) => `| ${r.experiment} | ${r.backend} | ${f(r.longestTaskMs)} | ${f(r.cancelMs)} |`,
      ),
    );
  }
  lines.push(
    '',
    `Load average (1 min) when written: ${loadavg()[0].toFixed(1)} on ${cpus().length} cores; other processes' load lengthens every figure.`,
  );
  if (note) lines.push('', note);
  writeSection(`latency ${cpu}`, lines.join('\n'));
}

async function main() {
  const app = await serveBuiltApp();
  const rows: DragLatency[] = [];
  try {
    for (const [label, flags] of [
      ['CPU engine + WebGL2', BASE_FLAGS],
      ['GPU engine + WebGPU (SwiftShader)', WEBGPU_FLAGS],
    ] as const) {
      const browser = await launchChromium(flags);
      try {
        for (const playing of [false, true]) {
          const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
          await page.goto(`${app.url}#${PRESET}`);
          await page.waitForFunction(() => window.__concord?.run.getState().view != null, null, {
            timeout: 120_000,
          });
          const backend = await page.evaluate(() => window.__concord!.run.getState().backend);
          const r = await measureDrag(page, `${label} (${backend})`, playing);
          console.log(JSON.stringify(r));
          rows.push(r);
          await page.close();
        }
      } finally {
        await browser.close();
      }
    }
  } finally {
    await app.close();
  }
  writeLatencyResults(rows);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  });
}
