/** A worker_threads thread of SimdGramThreads: runGramThread on its workerData. */
import { parentPort, workerData } from 'node:worker_threads';
import { type GramThreadInit, runGramThread } from '../engine/simdGramPool';

runGramThread(workerData as GramThreadInit, (m) => parentPort?.postMessage(m));
