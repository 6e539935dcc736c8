/** Worker entry of the CPU engine: the handler of engineHandler.ts on this worker's messages. */

import { createEngineHandler } from './engineHandler';
import type { EngineCall } from './engineProtocol';
import { installGramThreads } from './gramThreads';

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<EngineCall>) => void) | null;
  postMessage(msg: unknown, transfer: Transferable[]): void;
};
const handle = createEngineHandler(
  (reply, transfer) => scope.postMessage(reply, transfer),
  installGramThreads,
);
// Calls are handled one at a time in arrival order (each CPU engine call is synchronous work).
let chain = Promise.resolve();
scope.onmessage = (e) => {
  chain = chain.then(() => handle(e.data));
};
