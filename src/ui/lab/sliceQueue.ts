/**
 * Work drawn in slices: each queued job runs in a task of its own (one per setTimeout turn, in
 * the order queued), so that a result drawing several charts at once is several short tasks the
 * page can answer between, not one long one. Returns the function that drops the job if it has
 * not run yet.
 */
const queue: (() => void)[] = [];
let scheduled = false;

function runOne(): void {
  scheduled = false;
  const job = queue.shift();
  if (queue.length > 0) {
    scheduled = true;
    setTimeout(runOne, 0);
  }
  job?.();
}

export function inSlice(job: () => void): () => void {
  queue.push(job);
  if (!scheduled) {
    scheduled = true;
    setTimeout(runOne, 0);
  }
  return () => {
    const k = queue.indexOf(job);
    if (k >= 0) queue.splice(k, 1);
  };
}
