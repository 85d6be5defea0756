/**
 * Fault injection: misbehaviours a real upstream shows (slowness, resets, odd bodies, throttling) that
 * a test arms in-process. Nothing in an HTTP request can arm one, so a gateway client never triggers it.
 */
export type Fault =
  /** Delay, then answer normally. */
  | { kind: 'latency'; ms: number }
  /** Never answer, until the client or `close()` ends the connection. */
  | { kind: 'hang' }
  /** Send the headers, then the normal body in `chunks` pieces (default 4), `chunkDelayMs` apart. */
  | { kind: 'slowBody'; chunkDelayMs: number; chunks?: number }
  /** Destroy the socket without any response. */
  | { kind: 'reset' }
  /** A canned answer; an object body is sent as JSON. */
  | { kind: 'respond'; status: number; headers?: Record<string, string>; body?: string | Buffer | object }
  /** 200, `application/json`, truncated JSON. */
  | { kind: 'malformedJson' }
  /** 200 with an HTML error page, as a misconfigured proxy sends. */
  | { kind: 'html' }
  /** 200 JSON of the wrong shape: wrapped in an object (default), elements missing fields, or mistyped fields. */
  | { kind: 'wrongShape'; variant?: 'wrapped' | 'missingFields' | 'wrongTypes' }
  /** 500 by default, with an SWR body that leaks an internal IP and a stack trace. */
  | { kind: 'serverError'; status?: number }
  /** 503 (APIG backend unavailable) or 429 (APIG throttling) with a `Retry-After` header. */
  | { kind: 'retryAfter'; status: 503 | 429; seconds: number }
  /** 200 JSON array of exactly `bytes` bytes, streamed; chunked unless `declareLength`. */
  | { kind: 'hugeBody'; bytes: number; declareLength?: boolean }
  /** A redirect (302 by default), typically to another host. */
  | { kind: 'redirect'; location: string; status?: number }
  /** 401 with an empty body. */
  | { kind: 'emptyUnauthorized' }
  /** 403 with an SWR body, or 429 with an APIG body for `APIG.0308`. */
  | { kind: 'throttled'; code?: 'SVCSTG.SWR.4031032' | 'SVCSTG.SWR.4031042' | 'APIG.0308' };

export interface FaultController {
  /** Apply `fault` to the next `times` (default 1) requests to the list path, first in first out. */
  enqueue(fault: Fault, times?: number): void;
  /** A standing fault for every list request until cleared with `null`; enqueued faults go first. */
  always(fault: Fault | null): void;
  /** Drop the queue and the standing fault. */
  clear(): void;
  /** Enqueued applications still to come (the standing fault is not counted). */
  pending(): number;
}

/** The server's side of the controller. */
export interface FaultQueue extends FaultController {
  /** The fault for the request at hand, if any; consumes one enqueued application. */
  take(): Fault | undefined;
}

export function createFaultQueue(): FaultQueue {
  const queue: { fault: Fault; remaining: number }[] = [];
  let standing: Fault | null = null;
  return {
    enqueue(fault, times = 1) {
      if (!Number.isInteger(times) || times < 1)
        throw new RangeError(`times must be a positive integer: ${times}`);
      queue.push({ fault, remaining: times });
    },
    always(fault) {
      standing = fault;
    },
    clear() {
      queue.length = 0;
      standing = null;
    },
    pending: () => queue.reduce((sum, entry) => sum + entry.remaining, 0),
    take() {
      const head = queue[0];
      if (head === undefined) return standing ?? undefined;
      head.remaining -= 1;
      if (head.remaining === 0) queue.shift();
      return head.fault;
    },
  };
}
