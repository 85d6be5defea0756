/**
 * What one replica tells the others over Redis pub/sub, so that what they kept from a page they no longer hold
 * current ends at once:
 * - `entry`: it stored the page `id` fetched from SWR at `storedAt` (by its clock): another copy is outdated;
 * - `owner`: SWR rejected a credential (401): every page of that owner HMAC is gone.
 * `replica` names the sending process, so a replica skips its own messages. No message carries a credential.
 */
export type InvalidationMessage =
  | { kind: 'entry'; replica: string; id: string; storedAt: number }
  | { kind: 'owner'; replica: string; owner: string };

/** The channel, under the key prefix: deployments sharing one Redis do not hear each other. */
export function invalidationChannel(keyPrefix: string): string {
  return `${keyPrefix}invalidations`;
}

export function encodeInvalidation(message: InvalidationMessage): string {
  return message.kind === 'entry'
    ? JSON.stringify({ r: message.replica, e: message.id, t: message.storedAt })
    : JSON.stringify({ r: message.replica, o: message.owner });
}

/**
 * `undefined` for anything this version did not write (a shared Redis may carry other publishers' messages).
 * Fields added later are ignored; a change an older replica could not read must come with a new key format
 * (`keys.ts`), so that replicas unable to hear each other share no entries either.
 */
export function decodeInvalidation(text: string): InvalidationMessage | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const { r: replica, e: id, o: owner, t: storedAt } = parsed as Record<string, unknown>;
  if (typeof replica !== 'string') return undefined;
  if (
    typeof id === 'string' &&
    owner === undefined &&
    typeof storedAt === 'number' &&
    Number.isFinite(storedAt)
  )
    return { kind: 'entry', replica, id, storedAt };
  if (typeof owner === 'string' && id === undefined) return { kind: 'owner', replica, owner };
  return undefined;
}
