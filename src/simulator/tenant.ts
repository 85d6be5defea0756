import { NAMESPACE_STEMS } from './catalog';
import { type Random, seededRandom, sha256Hex } from './random';

/** An account (SWR "domain") and the organizations it owns. */
export interface Account {
  domainName: string;
  namespaces: string[];
}

/**
 * The hex tag in every account and namespace name comes straight from sha256(token), so two tokens
 * collide only if their hashes share a 10-hex-digit prefix: in practice never.
 */
function accountFromHash(hash: string, random: Random, namespaceCount: number): Account {
  const tag = hash.slice(0, 10);
  const stems = random.shuffle(NAMESPACE_STEMS).slice(0, namespaceCount);
  return {
    domainName: `acct-${tag}`,
    namespaces: stems.map((stem) => `${stem}${random.pick(['-', '.', '_'])}${tag.slice(0, 8)}`),
  };
}

/** The caller's own account: 2-4 namespaces, where the `self` list lives. */
export function ownAccount(token: string): Account {
  const random = seededRandom(`account\u0000${token}`);
  return accountFromHash(sha256Hex(token), random, random.int(2, 4));
}

/** The 3-5 other accounts that share repositories with the caller (the `thirdparty` list). */
export function peerAccounts(token: string): Account[] {
  const random = seededRandom(`peers\u0000${token}`);
  return Array.from({ length: random.int(3, 5) }, (_, index) =>
    accountFromHash(sha256Hex(`peer\u0000${index}\u0000${token}`), random, random.int(1, 2)),
  );
}
