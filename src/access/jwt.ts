import { createRemoteJWKSet, errors, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { gatewayError } from '../errors';
import type { Caller, CallerAuthenticator } from './caller';
import { unauthenticated } from './caller';

export interface JwtOptions {
  jwksUrl: URL;
  issuer: string;
  audience: string;
  /** Accepted `alg` values; asymmetric only, so a public JWKS can never be used as an HMAC secret. */
  algorithms: string[];
  clockToleranceS: number;
  /** How long a JWKS fetch may take. */
  jwksTimeoutMs?: number;
}

const CHALLENGE = 'Bearer realm="swr-graphql-gateway"';

function bearerToken(headers: Pick<Headers, 'get'>): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(headers.get('authorization')?.trim() ?? '');
  return match?.[1];
}

/**
 * The key set could not be had (unreachable, timed out, not a JWKS): no caller can be verified, but none is at
 * fault either, so this is not an authentication failure.
 */
function keySetUnavailable(error: unknown): boolean {
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return true;
  if (!(error instanceof errors.JOSEError)) return true;
  // jose reports a non-200 JWKS answer with its generic error.
  return error.code === 'ERR_JOSE_GENERIC';
}

/**
 * Callers send `Authorization: Bearer <JWT>`, signed by a key from the identity provider's JWKS, issued by
 * `issuer` for `audience`, not expired (`exp` is required). jose caches the key set and refetches it (at most
 * every 30 s) when a token names a key it does not know, so key rotation needs no restart.
 */
export function jwtAuthenticator(options: JwtOptions): CallerAuthenticator {
  const keys: JWTVerifyGetKey = createRemoteJWKSet(options.jwksUrl, {
    timeoutDuration: options.jwksTimeoutMs ?? 3000,
    cooldownDuration: 30_000,
    cacheMaxAge: 10 * 60_000,
  });
  return {
    async authenticate(headers): Promise<Caller> {
      const token = bearerToken(headers);
      if (token === undefined) {
        throw unauthenticated('A bearer token is required: Authorization: Bearer <JWT>.', CHALLENGE);
      }
      try {
        const { payload } = await jwtVerify(token, keys, {
          issuer: options.issuer,
          audience: options.audience,
          algorithms: options.algorithms,
          clockTolerance: options.clockToleranceS,
          requiredClaims: ['exp'],
        });
        return {
          id: `jwt:${payload.sub ?? 'unknown'}`,
          key: ['jwt', payload.iss ?? options.issuer, payload.sub ?? ''],
        };
      } catch (error) {
        if (error instanceof errors.JWTExpired) {
          throw unauthenticated('The bearer token has expired.', `${CHALLENGE}, error="invalid_token"`);
        }
        if (keySetUnavailable(error)) {
          throw gatewayError(
            'UPSTREAM_UNAVAILABLE',
            "The identity provider's signing keys are unavailable.",
            {
              retryable: true,
            },
          );
        }
        throw unauthenticated('The bearer token is not valid.', `${CHALLENGE}, error="invalid_token"`);
      }
    },
  };
}
