import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExecutionResult } from 'graphql';
import type { RequestAccess } from '../access/access';
import type { CacheLookup } from '../cache';
import type { KnownDocument } from '../execution/knownDocuments';
import type { KnownOperation } from '../execution/knownOperation';
import type { RawParams } from './params';
import { openRecord, type RequestRecord } from './record';

/** A result the front door executed but leaves to yoga to answer (it has errors: yoga masks and shapes them). */
export interface HandedOver {
  result: ExecutionResult;
  upstreamCalls: number;
  cacheLookups: CacheLookup[];
}

/**
 * What the front door learned about one request, handed to yoga in its server context when yoga answers: nothing
 * is read, parsed, authenticated or executed twice, and nothing travels through module state.
 */
export interface RequestState {
  record: RequestRecord;
  /** The body the front door read (a JSON POST): yoga parses this text, not the spent stream. */
  body?: string;
  /** That body's parameters, when it parsed. */
  params?: RawParams;
  /** Why that body did not parse: yoga answers with this refusal instead of parsing the text again. */
  bodyRefusal?: unknown;
  /** The caller's access, when the front door already resolved it. */
  access?: RequestAccess;
  /** Why the front door's access check refused the caller (yoga answers with it, without checking again). */
  accessRefusal?: unknown;
  /** The front door looked the operation up in the known-document table: its sighting is counted, yoga peeks. */
  documentSighted?: boolean;
  /** The operation's entry in the known-document table, once known (its id keys kept results). */
  known?: KnownDocument<KnownOperation>;
  /** The kept-result key the front door computed for the operation (undefined: not keyable or not computed). */
  resultKey?: string;
  /** A result the front door executed, for yoga to answer instead of executing again. */
  handedOver?: HandedOver;
}

/** Yoga's server context as the front door builds it. */
export interface GatewayServerContext {
  requestState: RequestState;
  req?: IncomingMessage;
  res?: ServerResponse;
}

/**
 * The request's state from yoga's server context (or its execution context, which extends it). Yoga reached
 * without the front door (a test calling `app.fetch`) gets a fresh one, which nothing logs.
 */
export function requestStateOf(context: object, request: Request): RequestState {
  const server = context as Partial<GatewayServerContext>;
  if (server.requestState === undefined) {
    const url = new URL(request.url);
    server.requestState = {
      record: openRecord(request.method, url.pathname + url.search, (name) => request.headers.get(name)),
    };
  }
  return server.requestState;
}
