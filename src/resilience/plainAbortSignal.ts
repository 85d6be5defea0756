type Listener =
  | ((event: { type: 'abort'; target: PlainAbortSignal }) => void)
  | { handleEvent(event: unknown): void };

/**
 * An abort signal that aborts itself, without an `AbortController`: the signal of each single-flight execution,
 * and of each request the direct path runs. Node's `AbortSignal` is an `EventTarget`: making one and adding and
 * removing a listener costs several microseconds, paid on every upstream call and every miss though hardly any is
 * aborted. This one has what their consumers use of a signal — `aborted`, `reason`, `addEventListener` (with
 * `once`), `removeEventListener`, `throwIfAborted` — which is what undici, `timers/promises` and the resilience
 * layers check for (they accept any object of that shape).
 */
export class PlainAbortSignal {
  aborted = false;
  reason: unknown = undefined;
  private listeners: { listener: Listener; once: boolean }[] = [];

  addEventListener(type: string, listener: Listener | null, options?: boolean | { once?: boolean }): void {
    if (type !== 'abort' || !listener || this.listeners.some((l) => l.listener === listener)) return;
    this.listeners.push({ listener, once: typeof options === 'object' && options.once === true });
  }

  removeEventListener(type: string, listener: Listener | null): void {
    if (type !== 'abort') return;
    this.listeners = this.listeners.filter((l) => l.listener !== listener);
  }

  throwIfAborted(): void {
    if (this.aborted) throw this.reason;
  }

  /** Abort once: later calls change nothing. Listeners run in the order they were added, as an EventTarget's do. */
  abort(reason: unknown = new DOMException('This operation was aborted', 'AbortError')): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const event = { type: 'abort' as const, target: this };
    const listeners = this.listeners;
    this.listeners = listeners.filter((l) => !l.once);
    for (const { listener } of listeners) {
      if (typeof listener === 'function') listener(event);
      else listener.handleEvent(event);
    }
  }

  /** Typed as what its consumers declare they take. */
  asAbortSignal(): AbortSignal {
    return this as unknown as AbortSignal;
  }
}
