import type { Secret } from '../../config/secret';
import type { OutgoingRequest, UpstreamCredential } from './credential';
import { sdkDate, sign } from './signer';

export interface AkskOptions {
  accessKey: string;
  secretKey: Secret;
  /** Sent as `X-Project-Id` (and signed) when set. */
  projectId?: string;
  /** Temporary credentials: sent as `X-Security-Token` (and signed). */
  securityToken?: Secret;
  /** Injected in tests; the server rejects a date more than 15 minutes off. */
  now?: () => number;
}

/**
 * AK/SK: every request is signed with `SDK-HMAC-SHA256` just before it leaves, so a retry is signed anew with a
 * fresh `X-Sdk-Date`. The SK never leaves this closure; the identity names the AK only.
 */
export function akskCredential(options: AkskOptions): UpstreamCredential {
  const now = options.now ?? Date.now;
  return {
    identity: `aksk:${options.accessKey}${options.projectId ? `@${options.projectId}` : ''}`,
    authorize(request: OutgoingRequest): Record<string, string> {
      const added: Record<string, string> = { 'x-sdk-date': sdkDate(new Date(now())) };
      if (options.projectId) added['x-project-id'] = options.projectId;
      if (options.securityToken) added['x-security-token'] = options.securityToken.reveal();
      const signature = sign(
        {
          method: request.method,
          host: new URL(request.origin).host,
          path: request.path,
          headers: { ...request.headers, ...added },
        },
        options.accessKey,
        options.secretKey.reveal(),
      );
      return { ...added, authorization: signature.authorization };
    },
  };
}
