import { Secret } from '../../config/secret';
import { inClientSpan } from '../../tracing/clientSpans';
import { type SwrClientOptions, transportError } from '../client';
import { headerValue, requestText } from '../requestText';
import { parseErrorBody, UpstreamError } from '../upstreamError';
import { IAM_TOKENS_PATH } from '../wire';

/** Who the gateway logs in as: an IAM user of an account (domain), scoped to one project. */
export interface IamPasswordIdentity {
  /** Account (domain) name. */
  domain: string;
  user: string;
  password: Secret;
  /** Project name, usually the region (`cn-north-4`). */
  project: string;
}

export interface IssuedToken {
  token: Secret;
  /** Local clock, ms: when IAM's `expires_at` falls, measured from our own clock (see `localExpiry`). */
  expiresAt: number;
}

/** The same transport settings as the SWR client; the dispatcher is a pool for the IAM origin. */
/** IAM is a different service: it shares SWR's transport rules but not its breaker, bulkhead or metrics. */
export type IamClientOptions = Omit<SwrClientOptions, 'resilience' | 'observer'>;

interface TokenBody {
  token?: { expires_at?: unknown; issued_at?: unknown };
}

/** The documented password-authentication body. */
function passwordBody(identity: IamPasswordIdentity): string {
  return JSON.stringify({
    auth: {
      identity: {
        methods: ['password'],
        password: {
          user: {
            name: identity.user,
            password: identity.password.reveal(),
            domain: { name: identity.domain },
          },
        },
      },
      scope: { project: { name: identity.project } },
    },
  });
}

/**
 * Expiry on our clock. With `issued_at` the token's lifetime is measured from when we asked, so a skewed local
 * clock cannot make us use a token past its real expiry; without it, `expires_at` is taken as is.
 */
export function localExpiry(body: TokenBody, requestedAt: number): number | undefined {
  const expires = typeof body.token?.expires_at === 'string' ? Date.parse(body.token.expires_at) : Number.NaN;
  if (Number.isNaN(expires)) return undefined;
  const issued = typeof body.token?.issued_at === 'string' ? Date.parse(body.token.issued_at) : Number.NaN;
  return Number.isNaN(issued) ? expires : Math.min(expires, requestedAt + (expires - issued));
}

function invalid(message: string, upstreamRequestId?: string): UpstreamError {
  return new UpstreamError('invalid', message, { upstream: 'IAM', upstreamRequestId });
}

/** IAM's token API (`POST /v3/auth/tokens`), with the same transport rules as the SWR client. */
export class IamClient {
  constructor(private readonly options: IamClientOptions) {}

  /** One token request; traced, in a CLIENT span of its own under whatever span is active (a page lookup). */
  async issueToken(identity: IamPasswordIdentity): Promise<IssuedToken> {
    const { tracer, endpoint } = this.options;
    const answered =
      tracer === undefined
        ? await this.request(identity, {})
        : await inClientSpan(
            tracer,
            { method: 'POST', endpoint, path: IAM_TOKENS_PATH, upstream: 'IAM', resendCount: 0 },
            (traceHeaders) => this.request(identity, traceHeaders),
            (response) => response,
          );
    return { token: answered.token, expiresAt: answered.expiresAt };
  }

  private async request(
    identity: IamPasswordIdentity,
    traceHeaders: Record<string, string>,
  ): Promise<IssuedToken & { status: number; upstreamRequestId: string | undefined }> {
    const { endpoint, dispatcher, headersTimeoutMs, bodyTimeoutMs, maxResponseBytes, logger } = this.options;
    const requestedAt = Date.now();
    let status: number;
    let headers: Record<string, string | string[] | undefined>;
    let text: string;
    try {
      const response = await requestText(
        dispatcher,
        {
          origin: endpoint.origin,
          // The service catalog makes the answer tens of kilobytes and is never used here.
          path: `${IAM_TOKENS_PATH}?nocatalog=true`,
          method: 'POST',
          headers: {
            'content-type': 'application/json;charset=utf8',
            accept: 'application/json',
            ...traceHeaders,
          },
          body: passwordBody(identity),
          headersTimeout: headersTimeoutMs,
          bodyTimeout: bodyTimeoutMs,
        },
        maxResponseBytes,
      );
      status = response.statusCode;
      headers = response.headers;
      text = response.body;
    } catch (error) {
      const failure = transportError(error, undefined);
      throw new UpstreamError(failure.failure, `IAM: ${failure.message}`, {
        upstream: 'IAM',
        cause: error,
      });
    }
    const upstreamRequestId = headerValue(headers, 'x-request-id');
    logger.debug({ iam: { status, ms: Date.now() - requestedAt, upstreamRequestId } }, 'iam token call');
    if (status !== 201 && status !== 200) {
      if (status >= 300 && status < 400)
        throw invalid(`IAM redirect ${status} not followed`, upstreamRequestId);
      const parsed = parseErrorBody(text);
      throw new UpstreamError('http', `IAM status ${status}`, {
        upstream: 'IAM',
        status,
        upstreamCode: parsed.code,
        upstreamMessage: parsed.message,
        upstreamRequestId: upstreamRequestId ?? parsed.requestId,
      });
    }
    const token = headerValue(headers, 'x-subject-token');
    if (!token) throw invalid('IAM answered without X-Subject-Token', upstreamRequestId);
    let body: TokenBody;
    try {
      body = (JSON.parse(text) ?? {}) as TokenBody;
    } catch {
      throw invalid('IAM token body is not JSON', upstreamRequestId);
    }
    const expiresAt = localExpiry(body, requestedAt);
    if (expiresAt === undefined) throw invalid('IAM token body has no expires_at', upstreamRequestId);
    return { token: new Secret(token), expiresAt, status, upstreamRequestId };
  }
}
