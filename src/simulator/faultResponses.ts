import type { ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import {
  HTML_ERROR_PAGE,
  hugeArrayChunks,
  serverErrorBody,
  TRUNCATED_JSON,
  wrongShapeBody,
} from './faultPayloads';
import type { Fault } from './faults';
import { JSON_CONTENT_TYPE, jsonResponse, type SimulatedResponse } from './response';
import { mergeHeaders, payloadOf, sendPayload, sendResponse, serializeBody, writeChunk } from './send';
import { apigErrorResponse, swrErrorResponse } from './swrErrors';

export interface FaultContext {
  res: ServerResponse;
  requestId: string;
  /** Aborted when the connection closes (client gone or simulator closing): stops timers and streams. */
  signal: AbortSignal;
  /** The answer the request would get without the fault. */
  normal: () => SimulatedResponse;
}

const THROTTLED_MESSAGE =
  'The throttling threshold has been reached: policy user over ratelimit,limit:100,time:1 minute';

async function sendSlowly(context: FaultContext, chunkDelayMs: number, chunks: number): Promise<void> {
  const { res, signal } = context;
  const response = context.normal();
  const payload = payloadOf(response);
  res.writeHead(
    response.status,
    mergeHeaders(response.headers, { 'content-length': String(payload.length) }),
  );
  res.flushHeaders();
  const pieceSize = Math.ceil(payload.length / Math.max(1, Math.min(chunks, payload.length)));
  for (let start = 0; start < payload.length; start += pieceSize) {
    await delay(chunkDelayMs, undefined, { signal });
    await writeChunk(res, payload.subarray(start, start + pieceSize), signal);
  }
  res.end();
}

async function streamHugeBody(context: FaultContext, bytes: number, declareLength: boolean): Promise<void> {
  const { res, signal } = context;
  const total = Math.max(2, Math.floor(bytes));
  const length: Record<string, string> = declareLength ? { 'content-length': String(total) } : {};
  res.writeHead(200, { 'content-type': JSON_CONTENT_TYPE, 'x-request-id': context.requestId, ...length });
  // The generator repeats one block string; encoding it once keeps the simulator's own memory flat, so a
  // test measuring the gateway's memory sees the gateway's.
  let block = '';
  let encoded = Buffer.alloc(0);
  for (const chunk of hugeArrayChunks(total)) {
    if (chunk !== block) {
      block = chunk;
      encoded = Buffer.from(chunk);
    }
    await writeChunk(res, encoded, signal);
  }
  res.end();
}

function sendRaw(context: FaultContext, status: number, contentType: string, body: string): void {
  const headers = { 'content-type': contentType, 'x-request-id': context.requestId };
  sendPayload(context.res, status, headers, Buffer.from(body));
}

function sendCanned(context: FaultContext, fault: Extract<Fault, { kind: 'respond' }>): void {
  const isJson = fault.body !== undefined && typeof fault.body !== 'string' && !Buffer.isBuffer(fault.body);
  const base: Record<string, string> = { 'x-request-id': context.requestId };
  if (isJson) base['content-type'] = JSON_CONTENT_TYPE;
  sendPayload(context.res, fault.status, mergeHeaders(base, fault.headers ?? {}), serializeBody(fault.body));
}

function throttledResponse(code: Extract<Fault, { kind: 'throttled' }>['code'], requestId: string) {
  if (code === 'APIG.0308') return apigErrorResponse(429, code, THROTTLED_MESSAGE, requestId);
  const kind = code === 'SVCSTG.SWR.4031042' ? 'requestThrottled' : 'tooManyRequests';
  return swrErrorResponse(403, { kind, detail: '' }, requestId);
}

function retryAfterResponse(fault: Extract<Fault, { kind: 'retryAfter' }>, requestId: string) {
  const header = { 'retry-after': String(fault.seconds) };
  return fault.status === 429
    ? apigErrorResponse(429, 'APIG.0308', THROTTLED_MESSAGE, requestId, header)
    : apigErrorResponse(503, 'APIG.0201', 'Backend unavailable', requestId, header);
}

/** Answer one request the way `fault` says. Resolves when the response is done (or abandoned). */
export async function performFault(fault: Fault, context: FaultContext): Promise<void> {
  const { res, requestId } = context;
  switch (fault.kind) {
    case 'latency':
      await delay(fault.ms, undefined, { signal: context.signal });
      return sendResponse(res, context.normal());
    case 'hang':
      // Nothing to do: the socket stays open until the client gives up or the simulator closes it.
      return;
    case 'slowBody':
      return sendSlowly(context, fault.chunkDelayMs, fault.chunks ?? 4);
    case 'reset':
      res.socket?.destroy();
      return;
    case 'respond':
      return sendCanned(context, fault);
    case 'malformedJson':
      return sendRaw(context, 200, JSON_CONTENT_TYPE, TRUNCATED_JSON);
    case 'html':
      return sendRaw(context, 200, 'text/html; charset=utf-8', HTML_ERROR_PAGE);
    case 'wrongShape':
      return sendResponse(res, jsonResponse(200, wrongShapeBody(fault.variant ?? 'wrapped'), requestId));
    case 'serverError':
      return sendResponse(res, jsonResponse(fault.status ?? 500, serverErrorBody(), requestId));
    case 'retryAfter':
      return sendResponse(res, retryAfterResponse(fault, requestId));
    case 'hugeBody':
      return streamHugeBody(context, fault.bytes, fault.declareLength ?? false);
    case 'redirect':
      return sendPayload(
        res,
        fault.status ?? 302,
        { location: fault.location, 'x-request-id': requestId },
        Buffer.alloc(0),
      );
    case 'emptyUnauthorized':
      return sendPayload(res, 401, { 'x-request-id': requestId }, Buffer.alloc(0));
    case 'throttled':
      return sendResponse(res, throttledResponse(fault.code, requestId));
  }
}
