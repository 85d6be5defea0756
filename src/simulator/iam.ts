import { randomBytes, randomUUID } from 'node:crypto';
import { DEMO_TOKEN } from './demo';
import { JSON_CONTENT_TYPE, type SimulatedResponse } from './response';

/** An IAM user the simulator's `POST /v3/auth/tokens` accepts. */
export interface SimulatedIamUser {
  /** Account (domain) name. */
  domain: string;
  name: string;
  password: string;
  /** Whose SWR data the user's tokens see; default `iam:{domain}/{name}`. */
  tenant?: string;
}

/** Built in, so that token mode works against the simulator with no setup (`docs/auth.md`, docker-compose). */
export const DEMO_IAM_USER: SimulatedIamUser = {
  domain: 'demo-account',
  name: 'demo-user',
  password: 'demo-password',
  tenant: DEMO_TOKEN,
};

export const DEFAULT_IAM_TOKEN_LIFETIME_MS = 24 * 3_600_000;

/** What the SWR endpoint learns from a token this IAM issued. */
export type IssuedTokenVerdict = { tenant: string } | { failure: string };

export interface SimulatedIam {
  /** Answer `POST /v3/auth/tokens`. */
  answer(method: string, body: Buffer, options: { lifetimeMs: number; requestId: string }): SimulatedResponse;
  /** undefined: not a token this IAM issued. */
  verify(token: string): IssuedTokenVerdict | undefined;
  /** Every issued token becomes invalid, as after a password change. */
  revokeAll(): void;
}

interface Issued {
  tenant: string;
  expiresAt: number;
  revoked: boolean;
}

const IAM_PREFIX = 'Incorrect IAM authentication information:';

function keystoneError(status: number, title: string, message: string, requestId: string): SimulatedResponse {
  return {
    status,
    headers: { 'content-type': JSON_CONTENT_TYPE, 'x-request-id': requestId },
    body: { error: { code: status, message, title } },
  };
}

/** Keystone writes six fractional digits. */
function keystoneTime(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '000Z');
}

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

interface PasswordAuth {
  domain: string;
  name: string;
  password: string;
  project: string;
}

/** The documented body: password method, user with name/password/domain name, project scope by name or id. */
function parsePasswordBody(body: Buffer): PasswordAuth | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  const auth = (parsed as { auth?: Record<string, unknown> } | null)?.auth;
  const identity = auth?.identity as
    | { methods?: unknown; password?: { user?: Record<string, unknown> } }
    | undefined;
  const user = identity?.password?.user;
  const domain = (user?.domain as Record<string, unknown> | undefined)?.name;
  const project = (auth?.scope as { project?: Record<string, unknown> } | undefined)?.project;
  const projectName = project?.name ?? project?.id;
  const methods = identity?.methods;
  if (!Array.isArray(methods) || !methods.includes('password')) return undefined;
  if (!isText(user?.name) || !isText(user?.password) || !isText(domain) || !isText(projectName))
    return undefined;
  return { domain, name: user.name, password: user.password, project: projectName };
}

/**
 * The simulator's IAM: issues opaque tokens to known users and tells the SWR endpoint whom they belong to. `clock`
 * (epoch ms) dates the tokens and decides their expiry.
 */
export function createSimulatedIam(users: readonly SimulatedIamUser[], clock: () => number): SimulatedIam {
  const issued = new Map<string, Issued>();
  return {
    answer(method, body, { lifetimeMs, requestId }) {
      if (method !== 'POST') {
        return keystoneError(
          405,
          'Method Not Allowed',
          'The method is not allowed for the requested URL.',
          requestId,
        );
      }
      const auth = parsePasswordBody(body);
      if (auth === undefined) {
        return keystoneError(400, 'Bad Request', 'The request body is invalid.', requestId);
      }
      const user = users.find(
        (u) => u.domain === auth.domain && u.name === auth.name && u.password === auth.password,
      );
      if (user === undefined) {
        return keystoneError(401, 'Unauthorized', 'The username or password is wrong.', requestId);
      }
      // Real tokens are long opaque PKI blobs starting "MII"; length matters for header limits.
      const token = `MIIsim${randomBytes(1536).toString('base64url')}`;
      const now = clock();
      issued.set(token, {
        tenant: user.tenant ?? `iam:${user.domain}/${user.name}`,
        expiresAt: now + lifetimeMs,
        revoked: false,
      });
      return {
        status: 201,
        headers: { 'content-type': JSON_CONTENT_TYPE, 'x-request-id': requestId, 'x-subject-token': token },
        body: {
          token: {
            methods: ['password'],
            issued_at: keystoneTime(now),
            expires_at: keystoneTime(now + lifetimeMs),
            user: { name: user.name, id: randomUUID().replaceAll('-', ''), domain: { name: user.domain } },
            project: { name: auth.project, id: randomUUID().replaceAll('-', '') },
          },
        },
      };
    },
    verify(token) {
      const entry = issued.get(token);
      if (entry === undefined) return undefined;
      if (entry.revoked) return { failure: `${IAM_PREFIX} token has been revoked` };
      if (clock() >= entry.expiresAt) {
        return { failure: `${IAM_PREFIX} token expires, expires_at: ${keystoneTime(entry.expiresAt)}` };
      }
      return { tenant: entry.tenant };
    },
    revokeAll() {
      for (const entry of issued.values()) entry.revoked = true;
    },
  };
}
