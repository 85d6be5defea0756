import type { SimulatedIamUser, SimulatorOptions } from '../../src/simulator';
import { createHarness, type Harness } from './harness';

/** The IAM user token-mode tests log in as; the simulator knows it, and its tokens see `iam-tenant`. */
export const IAM_USER: Required<SimulatedIamUser> = {
  domain: 'acme',
  name: 'svc-gateway',
  password: 'iam-password-for-tests',
  tenant: 'iam-tenant',
};

/** Token mode as `IAM_USER`, with IAM on the simulator at `simulatorUrl` (which must know `IAM_USER`). */
export function tokenModeEnv(simulatorUrl: string): Record<string, string> {
  return {
    SWR_AUTH_MODE: 'token',
    IAM_ENDPOINT: simulatorUrl,
    IAM_DOMAIN: IAM_USER.domain,
    IAM_USER: IAM_USER.name,
    IAM_PASSWORD: IAM_USER.password,
    IAM_PROJECT: 'cn-north-4',
  };
}

/** The gateway in token mode with IAM on the simulator; `env` adds or overrides (caller auth, password, ...). */
export function tokenModeHarness(env: Record<string, string>, sim: SimulatorOptions = {}): Promise<Harness> {
  return createHarness((url) => ({ ...tokenModeEnv(url), ...env }), { iamUsers: [IAM_USER], ...sim });
}

/** An AK/SK pair (with a temporary key's security token) the simulator accepts. */
export interface AkskKey {
  ak: string;
  sk: string;
  securityToken: string;
}

/** The gateway in aksk mode signing with `key` (the simulator knows it: its data is `canary-tenant`'s), API-key callers. */
export function akskModeHarness(
  key: AkskKey,
  apiKey: string,
  env: Record<string, string> = {},
): Promise<Harness> {
  return createHarness(
    {
      SWR_AUTH_MODE: 'aksk',
      SWR_AK: key.ak,
      SWR_SK: key.sk,
      SWR_SECURITY_TOKEN: key.securityToken,
      CALLER_AUTH: 'api-key',
      API_KEYS: apiKey,
      ...env,
    },
    { accessKeys: [{ ...key, tenant: 'canary-tenant' }] },
  );
}
