/**
 * The overall deadline of one GraphQL request. Every upstream attempt, bulkhead wait and retry pause of the
 * request shares it, so retries and queueing can never stretch a request past it.
 */
export interface Deadline {
  /** Aborts when the caller goes away (its reason) or when the deadline passes (a `TimeoutError`). */
  signal: AbortSignal;
  /** When the deadline passes, on the `performance.now()` clock. */
  deadlineAt: number;
}

/**
 * Link the caller's signal with a timer that fires `ms` after `startedAt` (the request's arrival, when the
 * deadline is set up only at its first upstream call). Own code rather than `AbortSignal.any`: once `any` has wrapped
 * yoga's Node request signal (a whatwg-node proxy), listeners added to that signal later stop firing, which
 * would silently break anyone else watching for the client going away.
 */
export function startDeadline(
  parent: AbortSignal | undefined,
  ms: number,
  startedAt = performance.now(),
): Deadline & { release(): void } {
  const controller = new AbortController();
  const onParentAbort = () => controller.abort(parent?.reason);
  const { deadlineAt, timer } = armDeadline(controller, ms, startedAt);
  controller.signal.addEventListener(
    'abort',
    () => {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParentAbort);
    },
    { once: true },
  );
  if (parent?.aborted) onParentAbort();
  else parent?.addEventListener('abort', onParentAbort, { once: true });
  return {
    signal: controller.signal,
    deadlineAt,
    // Once the request is done: free the timer and the link to the caller's signal now rather than when the
    // deadline passes (a busy server would otherwise hold thousands of them); aborts nothing.
    release() {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParentAbort);
    },
  };
}

/** What a deadline aborts: an `AbortController`, or a signal that aborts itself (`PlainAbortSignal`). */
export interface Abortable {
  abort(reason?: unknown): void;
}

/**
 * Abort `controller` with a `TimeoutError` `ms` after `startedAt`. The timer never keeps the process (or jest)
 * alive; whoever finishes first clears it.
 */
export function armDeadline(
  controller: Abortable,
  ms: number,
  startedAt: number,
): { deadlineAt: number; timer: NodeJS.Timeout } {
  const deadlineAt = startedAt + ms;
  const timer = setTimeout(
    () => controller.abort(new DOMException(`request deadline of ${ms} ms exceeded`, 'TimeoutError')),
    Math.max(0, deadlineAt - performance.now()),
  );
  timer.unref();
  return { deadlineAt, timer };
}

/** Milliseconds left before `deadlineAt`; unbounded without a deadline. */
export function remainingMs(deadlineAt: number | undefined, now = performance.now()): number {
  return deadlineAt === undefined ? Number.POSITIVE_INFINITY : deadlineAt - now;
}
