/**
 * Upstream answers take turns: each one's processing (parsing SWR's body, executing the operation, writing the
 * caller's answer: most of a miss's CPU) starts in an event-loop turn of its own, in the order they arrived.
 *
 * Why: answers to calls sent together arrive together, and the poll phase that reads them would otherwise process
 * every one of them before it looks at any socket again. A burst of 50 misses then costs ~40 ms of CPU during which
 * the callers already answered cannot be heard: their next requests (hits to answer, or misses whose upstream
 * calls could already be on their way) wait for the whole burst, and the process then idles while those calls
 * travel. Taking turns, the loop polls between two answers: new requests are read and their upstream calls sent
 * while the earlier answers are still being processed, so the waiting on SWR overlaps the CPU work instead of
 * following it. An answer waits one turn at most per answer ahead of it; on an idle process it starts in the
 * next turn (microseconds).
 */
const waiting: Array<() => void> = [];
let scheduled = false;

/** Starts the next waiting answer; any others get a turn each, from the next iteration of the loop on. */
function startNext(): void {
  scheduled = false;
  const start = waiting.shift();
  // Scheduled before this answer runs: an immediate queued during the check phase runs in the next iteration,
  // after that iteration's poll phase has read whatever I/O is ready.
  if (waiting.length > 0) schedule();
  start?.();
}

function schedule(): void {
  scheduled = true;
  setImmediate(startNext);
}

/** Resolves when it is this answer's turn: in a later event-loop turn, after the answers that asked before it. */
export function answerTurn(): Promise<void> {
  return new Promise<void>((resolve) => {
    waiting.push(resolve);
    if (!scheduled) schedule();
  });
}
