/**
 * The live run's words for a lost GPU device: one notice, formed once from the device's reason
 * (which may already say "GPU device lost (…): …"), and the test for a read-back that the loss
 * cancelled (not an error to show).
 */
import { isReadbackCancelled } from '../gpu/readback';

/** "GPU device lost (destroyed) — continuing on the CPU from step N". */
export function lostNotice(reason: string, step: number): string {
  const why = reason.replace(/^GPU device lost\s*/i, '').replace(/^\((\w+)\)\s*:?\s*/, '$1: ');
  const cause = why.replace(/[:\s]+$/, '').trim();
  return `GPU device lost${cause ? ` (${cause})` : ''} — continuing on the CPU from step ${step}`;
}

/** True for an error that only says an in-flight read-back was cancelled by a lost device. */
export function isCancelledRead(e: unknown): boolean {
  return isReadbackCancelled(e);
}
