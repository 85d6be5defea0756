import { Pool } from 'undici';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { akskCredential } from '../swr/credentials/aksk';
import type { UpstreamCredential } from '../swr/credentials/credential';
import { IamClient } from '../swr/credentials/iam';
import { IamTokenCredential } from '../swr/credentials/tokenProvider';
import type { Tracer } from '../tracing/tracer';
import { apiKeyAuthenticator } from './apiKeys';
import { anonymousCallers, type CallerAuthenticator } from './caller';
import { callerCredential } from './callerToken';

/** Who is asking and with which credential the gateway calls SWR for them. */
export interface RequestAccess {
  /** null: passthrough without a token (resolvers that need SWR then answer UNAUTHENTICATED). */
  credential: UpstreamCredential | null;
  /** Safe to log: `jwt:{sub}`, `api-key:{n}`, `anonymous`; absent in passthrough. */
  caller?: string;
  /** Who the authenticated caller is for per-caller limits (`Caller.key`); service modes only. */
  callerKey?: readonly string[];
}

export interface Access {
  /**
   * Throws a client-safe error (UNAUTHENTICATED) when the caller is not let in; never calls SWR. Reads only the
   * request's headers, so the front door's view of a Node request serves too.
   */
  resolve(request: Pick<Request, 'headers'>): Promise<RequestAccess>;
}

/** Passthrough: the caller's own SWR token is the credential; SWR itself authenticates the caller. */
export const passthroughAccess: Access = {
  resolve: (request) => Promise.resolve({ credential: callerCredential(request.headers) }),
};

/**
 * Service modes: the caller must first pass the gateway's own authentication; only then does the request use the
 * gateway's single SWR identity. Whatever SWR token a caller sends is ignored, never forwarded.
 */
export function serviceAccess(callers: CallerAuthenticator, credential: UpstreamCredential): Access {
  return {
    async resolve(request) {
      const caller = await callers.authenticate(request.headers);
      return caller.key
        ? { credential, caller: caller.id, callerKey: caller.key }
        : { credential, caller: caller.id };
    },
  };
}

export interface AccessDeps {
  config: Config;
  /** The SWR endpoint in use; in token mode without an IAM endpoint it is the embedded simulator, which answers IAM too. */
  swrEndpoint: URL;
  logger: Logger;
  /** Traces IAM token requests (token mode); absent when tracing is off. */
  tracer?: Tracer | undefined;
}

export interface AccessSetup {
  access: Access;
  /** Closes what the mode opened (the IAM connection pool). */
  close(): Promise<void>;
}

function callerAuthenticator(config: Config['callerAuth'], logger: Logger): CallerAuthenticator {
  switch (config.mode) {
    case 'jwt':
      // jose is loaded only for JWT callers: a gateway without them has no use for its memory.
      return (require('./jwt') as typeof import('./jwt')).jwtAuthenticator(config.jwt);
    case 'api-key':
      return apiKeyAuthenticator(config.keys);
    case 'anonymous':
      logger.warn('CALLER_AUTH=anonymous: anyone who reaches the gateway uses its SWR identity');
      return anonymousCallers;
    case 'none':
      // Config validation makes this unreachable; failing closed beats silently letting everyone in.
      throw new Error('a service SWR identity needs CALLER_AUTH');
  }
}

/** Build the access policy the configuration asks for; process-wide, made once. */
export function createAccess({ config, swrEndpoint, logger, tracer }: AccessDeps): AccessSetup {
  const auth = config.swrAuth;
  if (auth.mode === 'passthrough') return { access: passthroughAccess, close: () => Promise.resolve() };
  const callers = callerAuthenticator(config.callerAuth, logger);
  if (auth.mode === 'aksk') {
    const credential = akskCredential({
      accessKey: auth.accessKey,
      secretKey: auth.secretKey,
      ...(auth.projectId ? { projectId: auth.projectId } : {}),
      ...(auth.securityToken ? { securityToken: auth.securityToken } : {}),
    });
    return { access: serviceAccess(callers, credential), close: () => Promise.resolve() };
  }
  const iamEndpoint = auth.iamEndpoint ?? swrEndpoint;
  const pool = new Pool(iamEndpoint.origin, {
    connections: 4,
    connect: { timeout: config.upstream.connectTimeoutMs },
  });
  const iam = new IamClient({
    endpoint: iamEndpoint,
    dispatcher: pool,
    headersTimeoutMs: config.upstream.headersTimeoutMs,
    bodyTimeoutMs: config.upstream.bodyTimeoutMs,
    maxResponseBytes: config.upstream.maxResponseBytes,
    logger: logger.child({ component: 'iam' }),
    tracer,
  });
  const credential = new IamTokenCredential({
    iam,
    identity: auth.identity,
    refreshBeforeMs: auth.refreshBeforeMs,
    logger: logger.child({ component: 'iam' }),
  });
  return { access: serviceAccess(callers, credential), close: () => pool.close() };
}
