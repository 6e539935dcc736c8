/**
 * Advances an engine created with recordEvery = c through `steps` steps in batches and hands
 * every recorded row (steps 0, c, 2c, … ≤ steps) to `onRows`, oldest first. Batches are whole
 * multiples of c of about engine.batchSteps steps (one dispatch each on the GPU's multi-step
 * path), and the read-back of a batch's rows is awaited only after the next batch was issued, so
 * the device always has work queued: one dispatch and one read-back per batch (the step-0 row
 * comes with the first batch's). With `done`, no further batch is issued once it returns true
 * (checked before each batch, after the rows read so far were handed over). Resolves with θ of
 * every world at the end, read with the last batch's rows (engine.history({ thetas: true })), or
 * null when the run stopped early (`done`).
 */
import type { Engine, Summaries, SummaryHistory } from '../engine/types';

const yieldToEventLoop = () => new Promise<void>((r) => setTimeout(r, 0));

export async function recordedRun(
  engine: Engine,
  steps: number,
  every: number,
  onRows: (rows: Summaries[]) => void,
  checkAbort: () => void,
  done?: () => boolean,
): Promise<Float64Array | null> {
  const history = engine.history?.bind(engine);
  if (!history) throw new Error('this engine records no summary rows');
  const batch = Math.max(every, Math.floor((engine.batchSteps ?? every) / every) * every);
  const consume = (h: SummaryHistory) => {
    if (h.dropped > 0) throw new Error(`${h.dropped} summary rows were lost before being read`);
    onRows(h.rows);
  };
  // A read issued ahead is left unawaited when the run stops early (cancel, lost device): its
  // rejection is then the run's error, already raised, and must not surface a second time.
  const ahead = (p: Promise<SummaryHistory>) => {
    p.catch(() => {});
    return p;
  };
  // The first batch records the step-0 row with its own (a batch fills at most half the ring).
  let pending: Promise<SummaryHistory> | null = null;
  for (let t = 0; t < steps && !done?.(); ) {
    await yieldToEventLoop();
    checkAbort();
    const n = Math.min(batch, steps - t);
    await engine.advance(n);
    t += n;
    const next = ahead(history(t >= steps ? { thetas: true } : undefined));
    if (pending) consume(await pending);
    pending = next;
  }
  const last = await (pending ?? history({ thetas: true }));
  consume(last);
  return last.thetas ?? null;
}
