import type { IncomingHttpHeaders } from 'node:http';

/** Reads one request header by lowercase name: Fetch `Headers` and Node's raw headers both fit behind it. */
export type HeaderGetter = (name: string) => string | null | undefined;

/** A Node request's header as Fetch `Headers` would give it (repeated headers joined). */
export function nodeHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Read-only Fetch `Headers` over a Node request's headers, without copying them. */
export class NodeHeaders {
  constructor(private readonly raw: IncomingHttpHeaders) {}

  get(name: string): string | null {
    return nodeHeader(this.raw, name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
  }
}
