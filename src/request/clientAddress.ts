/**
 * The client's address: the socket's peer, or, behind `trustedProxies` proxies that each append the address they
 * saw to `X-Forwarded-For`, the entry the outermost of them appended. Entries left of it are whatever the client
 * sent and prove nothing; with no trusted proxy the header is ignored altogether.
 */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | undefined,
  trustedProxies: number,
): string {
  const self = peer ?? 'unknown';
  if (trustedProxies === 0 || forwardedFor === undefined) return self;
  const hops = forwardedFor
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  // Counted from the right: the socket's peer is the innermost proxy, each entry one hop further out.
  const chain = [...hops, self];
  return chain[Math.max(0, chain.length - 1 - trustedProxies)] ?? self;
}
