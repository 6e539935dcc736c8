/** A Web Worker thread of the CPU engine's Gram (gramThreads.ts): runGramThread on its first message. */
import { type GramThreadInit, runGramThread } from '../engine/simdGramPool';

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<GramThreadInit>) => void) | null;
  postMessage(msg: unknown): void;
};
scope.onmessage = (e) => {
  scope.onmessage = null;
  runGramThread(e.data, (m) => scope.postMessage(m));
};
