import type { SimulatedIamUser, SimulatorOptions } from '../../src/simulator';
import { createHarness, type Harness } from './harness';

/** The IAM user token-mode tests log in as; the simulator knows it, and its tokens see `iam-tenant`. */
export const IAM_USER: Required<SimulatedIamUser> = {
  domain: 'acme',
  name: 'svc-gateway',
  password: 'iam-password-for-tests',
  tenant: 'iam-tenant',
};

/** The gateway in token mode with IAM on the simulator; `env` adds or overrides (caller auth, password, ...). */
export function tokenModeHarness(env: Record<string, string>, sim: SimulatorOptions = {}): Promise<Harness> {
  return createHarness(
    (url) => ({
      SWR_AUTH_MODE: 'token',
      IAM_ENDPOINT: url,
      IAM_DOMAIN: IAM_USER.domain,
      IAM_USER: IAM_USER.name,
      IAM_PASSWORD: IAM_USER.password,
      IAM_PROJECT: 'cn-north-4',
      ...env,
    }),
    { iamUsers: [IAM_USER], ...sim },
  );
}
