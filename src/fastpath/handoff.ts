import type { IncomingMessage } from 'node:http';
import type { ExecutionResult } from 'graphql';
import type { CacheLookup } from '../cache';

/** A result the fast path executed but leaves to yoga to answer (it has errors: yoga masks and shapes them). */
export interface HandedOver {
  result: ExecutionResult;
  upstreamCalls: number;
  cacheLookups: CacheLookup[];
}

const handedOver = new WeakMap<IncomingMessage, HandedOver>();

/** Leave `result` for yoga's execution phase of the same Node request (`takeHandedOver`). */
export function handOver(req: IncomingMessage, value: HandedOver): void {
  handedOver.set(req, value);
}

/**
 * The result the fast path already executed for this request, if any (taken once). Yoga's context carries the
 * Node request as `req` (its server context).
 */
export function takeHandedOver(contextValue: unknown): HandedOver | undefined {
  const req = (contextValue as { req?: IncomingMessage }).req;
  if (req === undefined) return undefined;
  const value = handedOver.get(req);
  if (value !== undefined) handedOver.delete(req);
  return value;
}
