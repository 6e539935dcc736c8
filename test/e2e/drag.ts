/**
 * A person's α drag for browser tests and the latency benchmark: the mouse pressed on the α
 * slider's thumb and moved in `moves` steps at `hz` to the value `to`, with the time of each move.
 */
import type { Page } from 'playwright-core';

export interface DragMove {
  /** performance.now() in the page just after the move was dispatched. */
  at: number;
  /** The α the configuration holds after the move. */
  alpha: number;
  /** Wall time of the move itself: from its dispatch until the page had handled the event. */
  handledMs: number;
}

/** Drags the α slider from its current value to `to` (0…1) in `moves` moves at `hz`. */
export async function dragAlpha(page: Page, to: number, moves = 30, hz = 60): Promise<DragMove[]> {
  const slider = page.getByTestId('alpha');
  await slider.scrollIntoViewIfNeeded();
  const box = (await slider.boundingBox())!;
  const from = await page.evaluate(() => window.__concord!.config.getState().config.alpha);
  // Chromium's range input: the thumb centre runs over the width less the thumb (≈16 px).
  const pad = 8;
  const xOf = (a: number) => box.x + pad + a * (box.width - 2 * pad);
  const y = box.y + box.height / 2;
  await page.mouse.move(xOf(from), y);
  await page.mouse.down();
  const out: DragMove[] = [];
  const period = 1000 / hz;
  const t0 = Date.now();
  for (let k = 1; k <= moves; k++) {
    const sent = Date.now();
    await page.mouse.move(xOf(from + ((to - from) * k) / moves), y);
    const handledMs = Date.now() - sent;
    const seen = await page.evaluate(() => ({
      at: performance.now(),
      alpha: window.__concord!.config.getState().config.alpha,
    }));
    out.push({ ...seen, handledMs });
    const wait = t0 + k * period - Date.now();
    if (wait > 0) await page.waitForTimeout(wait);
  }
  await page.mouse.up();
  return out;
}
