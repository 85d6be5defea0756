import type { JwtOptions } from '../access/jwt';
import { regionEndpoints } from '../swr/credentials/endpoints';
import type { IamPasswordIdentity } from '../swr/credentials/iam';
import type { Secret } from './secret';
import type { Parsed, SettingName } from './settings';

/**
 * The authentication part of the configuration: which SWR identity the gateway uses and how its callers
 * authenticate. Every missing and every contradictory setting is reported by name, together with the rest.
 */
export const SWR_AUTH_MODES = ['passthrough', 'token', 'aksk'] as const;
export const CALLER_AUTH_MODES = ['jwt', 'api-key', 'anonymous'] as const;
/** Asymmetric only: with an HMAC algorithm a public JWKS key would become a shared secret. */
export const JWT_ALGORITHM_VALUES = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;
export const MIN_API_KEY_LENGTH = 32;

export type SwrAuthConfig =
  | { mode: 'passthrough' }
  | {
      mode: 'token';
      /** undefined: the embedded simulator (it answers IAM too). */
      iamEndpoint: URL | undefined;
      identity: IamPasswordIdentity;
      refreshBeforeMs: number;
    }
  | { mode: 'aksk'; accessKey: string; secretKey: Secret; projectId?: string; securityToken?: Secret };

export type CallerAuthConfig =
  /** Passthrough: SWR authenticates each caller by their own token. */
  | { mode: 'none' }
  | { mode: 'anonymous' }
  | { mode: 'jwt'; jwt: JwtOptions }
  | { mode: 'api-key'; keys: Secret[] };

/**
 * Identity settings of one mode; set in another, they betray a mistake. Tuning knobs with defaults
 * (IAM_TOKEN_REFRESH_BEFORE_S, JWT_ALGORITHMS, JWT_CLOCK_TOLERANCE_S) are left out: `.env.example` sets them.
 */
const TOKEN_SETTINGS: SettingName[] = [
  'IAM_ENDPOINT',
  'IAM_DOMAIN',
  'IAM_USER',
  'IAM_PASSWORD',
  'IAM_PROJECT',
];
const AKSK_SETTINGS: SettingName[] = ['SWR_AK', 'SWR_SK', 'SWR_PROJECT_ID', 'SWR_SECURITY_TOKEN'];
const JWT_SETTINGS: SettingName[] = ['JWT_JWKS_URL', 'JWT_ISSUER', 'JWT_AUDIENCE'];
const API_KEY_SETTINGS: SettingName[] = ['API_KEYS'];

type IsSet = (name: SettingName) => boolean;

/** Settings that belong to another mode must not be set: the operator probably meant that mode. */
function rejectForeign(
  names: SettingName[],
  isSet: IsSet,
  problems: string[],
  usedWhen: string,
  now: string,
) {
  for (const name of names) {
    if (isSet(name)) problems.push(`${name} is set, but it is only used when ${usedWhen} (${now})`);
  }
}

function requireAll(
  required: [SettingName, unknown][],
  when: string,
  problems: string[],
  hint: Partial<Record<SettingName, string>> = {},
) {
  for (const [name, value] of required) {
    if (value === undefined || (Array.isArray(value) && value.length === 0)) {
      problems.push(`${name} is required when ${when}${hint[name] ? ` ${hint[name]}` : ''}`);
    }
  }
}

function swrAuth(p: Parsed, isSet: IsSet, problems: string[]): SwrAuthConfig {
  const mode = p.SWR_AUTH_MODE;
  const now = `SWR_AUTH_MODE is ${mode}`;
  if (mode !== 'token') rejectForeign(TOKEN_SETTINGS, isSet, problems, 'SWR_AUTH_MODE=token', now);
  if (mode !== 'aksk') rejectForeign(AKSK_SETTINGS, isSet, problems, 'SWR_AUTH_MODE=aksk', now);
  if (mode === 'token') {
    const project = p.IAM_PROJECT ?? p.SWR_REGION;
    requireAll(
      [
        ['IAM_DOMAIN', p.IAM_DOMAIN],
        ['IAM_USER', p.IAM_USER],
        ['IAM_PASSWORD', p.IAM_PASSWORD],
        ['IAM_PROJECT', project],
      ],
      'SWR_AUTH_MODE=token',
      problems,
      { IAM_PROJECT: '(or set SWR_REGION: the project is named after the region)' },
    );
    const iamEndpoint = p.IAM_ENDPOINT ?? (p.SWR_REGION ? regionEndpoints(p.SWR_REGION).iam : undefined);
    if (iamEndpoint === undefined && p.SWR_ENDPOINT !== undefined) {
      problems.push(
        'IAM_ENDPOINT is required when SWR_AUTH_MODE=token and SWR_ENDPOINT is set without SWR_REGION',
      );
    }
    return {
      mode,
      iamEndpoint,
      identity: {
        domain: p.IAM_DOMAIN ?? '',
        user: p.IAM_USER ?? '',
        password: p.IAM_PASSWORD as Secret,
        project: project ?? '',
      },
      refreshBeforeMs: p.IAM_TOKEN_REFRESH_BEFORE_S * 1000,
    };
  }
  if (mode === 'aksk') {
    requireAll(
      [
        ['SWR_AK', p.SWR_AK],
        ['SWR_SK', p.SWR_SK],
      ],
      'SWR_AUTH_MODE=aksk',
      problems,
    );
    return {
      mode,
      accessKey: p.SWR_AK ?? '',
      secretKey: p.SWR_SK as Secret,
      ...(p.SWR_PROJECT_ID ? { projectId: p.SWR_PROJECT_ID } : {}),
      ...(p.SWR_SECURITY_TOKEN ? { securityToken: p.SWR_SECURITY_TOKEN } : {}),
    };
  }
  return { mode };
}

function callerAuth(p: Parsed, isSet: IsSet, problems: string[]): CallerAuthConfig {
  const service = p.SWR_AUTH_MODE !== 'passthrough';
  const mode = p.CALLER_AUTH;
  const now = mode === undefined ? 'CALLER_AUTH is unset' : `CALLER_AUTH is ${mode}`;
  if (!service && isSet('CALLER_AUTH')) {
    problems.push(
      'CALLER_AUTH is set, but SWR_AUTH_MODE is passthrough: there SWR authenticates every caller by their own token',
    );
  }
  if (mode !== 'jwt') rejectForeign(JWT_SETTINGS, isSet, problems, 'CALLER_AUTH=jwt', now);
  if (mode !== 'api-key') rejectForeign(API_KEY_SETTINGS, isSet, problems, 'CALLER_AUTH=api-key', now);
  if (service && mode === undefined) {
    problems.push(
      `CALLER_AUTH is required when SWR_AUTH_MODE=${p.SWR_AUTH_MODE}: every caller would use the gateway's SWR identity; choose jwt or api-key, or anonymous to allow that explicitly`,
    );
  }
  if (!service || mode === undefined) return { mode: 'none' };
  if (mode === 'jwt') {
    const when = 'CALLER_AUTH=jwt';
    requireAll(
      [
        ['JWT_JWKS_URL', p.JWT_JWKS_URL],
        ['JWT_ISSUER', p.JWT_ISSUER],
        ['JWT_AUDIENCE', p.JWT_AUDIENCE],
      ],
      when,
      problems,
    );
    return {
      mode,
      jwt: {
        jwksUrl: p.JWT_JWKS_URL as URL,
        issuer: p.JWT_ISSUER ?? '',
        audience: p.JWT_AUDIENCE ?? '',
        algorithms: p.JWT_ALGORITHMS,
        clockToleranceS: p.JWT_CLOCK_TOLERANCE_S,
      },
    };
  }
  if (mode === 'api-key') {
    requireAll([['API_KEYS', p.API_KEYS]], 'CALLER_AUTH=api-key', problems);
    return { mode, keys: p.API_KEYS };
  }
  return { mode };
}

/** Parsed values in, the two auth configs out; problems are appended. */
export function authConfig(
  p: Parsed,
  isSet: IsSet,
  problems: string[],
): { swrAuth: SwrAuthConfig; callerAuth: CallerAuthConfig } {
  return { swrAuth: swrAuth(p, isSet, problems), callerAuth: callerAuth(p, isSet, problems) };
}
