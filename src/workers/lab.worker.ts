/** Worker entry of the lab's jobs: the handler of labHandler.ts on this worker's messages. */
import { createLabHandler } from './labHandler';
import type { LabRequest } from './labProtocol';

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<LabRequest>) => void) | null;
  postMessage(msg: unknown, transfer: Transferable[]): void;
};
const handle = createLabHandler((msg, transfer) => scope.postMessage(msg, transfer));
scope.onmessage = (e) => {
  void handle(e.data);
};
