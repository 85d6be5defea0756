import type { Logger } from '../../logger';
import type { UpstreamCredential } from './credential';
import type { IamPasswordIdentity, IssuedToken } from './iam';

export interface TokenSource {
  issueToken(identity: IamPasswordIdentity): Promise<IssuedToken>;
}

export interface IamTokenOptions {
  iam: TokenSource;
  identity: IamPasswordIdentity;
  /** Refresh this long before `expires_at`; capped at half the token's lifetime so short tokens still get used. */
  refreshBeforeMs: number;
  logger: Logger;
  /** Injected in tests. */
  now?: () => number;
}

interface Held {
  token: string;
  /** From here on a refresh starts in the background while the token is still used. */
  refreshAt: number;
  /** From here on the token is not sent any more (it could expire on the way): callers wait for a new one. */
  useUntil: number;
}

/** How close to `expires_at` a token is still sent: 5 s, or a tenth of a (test-short) lifetime. */
const EXPIRY_SAFETY_MS = 5_000;
/** After a failed background refresh, the held token keeps serving; the next attempt waits this long. */
const BACKGROUND_RETRY_MS = 10_000;

/**
 * A service IAM token shared by every request. One fetch at a time (single-flight): fifty concurrent requests
 * with no token cause one IAM call. Shortly before expiry the next request starts a refresh in the background
 * and keeps using the current token (a failed refresh is retried 10 s later, not by every request); past it,
 * requests wait for the new one. An upstream 401 drops the token
 * that was rejected (only that one: concurrent 401s for the same token cause one refresh) and asks for a new one.
 */
export class IamTokenCredential implements UpstreamCredential {
  readonly identity: string;
  private held: Held | undefined;
  private pending: Promise<Held> | undefined;
  private nextBackgroundAttempt = 0;
  private readonly now: () => number;

  constructor(private readonly options: IamTokenOptions) {
    const { domain, user, project } = options.identity;
    this.identity = `iam:${domain}/${user}@${project}`;
    this.now = options.now ?? Date.now;
  }

  async authorize(): Promise<Record<string, string>> {
    return { 'x-auth-token': (await this.current()).token };
  }

  async onUnauthorized(rejected: Readonly<Record<string, string>>): Promise<boolean> {
    if (this.held !== undefined && this.held.token === rejected['x-auth-token']) {
      this.options.logger.warn(
        { identity: this.identity },
        'SWR rejected the service token; fetching a new one',
      );
      this.held = undefined;
    }
    await this.current();
    return true;
  }

  private current(): Promise<Held> {
    const held = this.held;
    const now = this.now();
    if (held !== undefined && now < held.useUntil) {
      if (now >= held.refreshAt && now >= this.nextBackgroundAttempt && this.pending === undefined) {
        // fetch() logs a failure; the held token stays valid until its expiry, so nobody waits for IAM.
        this.refresh().catch(() => {
          this.nextBackgroundAttempt = this.now() + BACKGROUND_RETRY_MS;
        });
      }
      return Promise.resolve(held);
    }
    return this.refresh();
  }

  private refresh(): Promise<Held> {
    this.pending ??= this.fetch().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async fetch(): Promise<Held> {
    const { iam, identity, refreshBeforeMs, logger } = this.options;
    const askedAt = this.now();
    try {
      const issued = await iam.issueToken(identity);
      const lifetime = Math.max(0, issued.expiresAt - askedAt);
      const held: Held = {
        token: issued.token.reveal(),
        useUntil: issued.expiresAt - Math.min(EXPIRY_SAFETY_MS, lifetime / 10),
        refreshAt: issued.expiresAt - Math.min(refreshBeforeMs, lifetime / 2),
      };
      this.held = held;
      logger.info(
        { identity: this.identity, expiresInS: Math.round(lifetime / 1000) },
        'obtained an IAM token for SWR',
      );
      return held;
    } catch (error) {
      logger.error({ identity: this.identity, err: error }, 'could not obtain an IAM token');
      throw error;
    }
  }
}
