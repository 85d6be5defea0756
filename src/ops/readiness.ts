/** A readiness check's verdict; the reason reaches the `/ready` body (no secrets in it). */
export type CheckResult = { ok: true } | { ok: false; reason: string };
export type ReadinessCheck = () => CheckResult | Promise<CheckResult>;

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, CheckResult>;
}

/** A check that has not answered by then counts as failed: `/ready` must answer a load balancer quickly. */
const CHECK_TIMEOUT_MS = 2000;

async function run(check: ReadinessCheck, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: 'check timed out' }), timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(check), timeout]);
  } catch {
    return { ok: false, reason: 'check failed' };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Readiness as named checks, registered by whoever owns the state: `draining` (shutdown), and e.g.
 * `breaker` (upstream circuit open) or `redis` (configured cache unreachable). Ready when all pass.
 */
export class Readiness {
  private readonly checks = new Map<string, ReadinessCheck>();

  constructor(private readonly checkTimeoutMs = CHECK_TIMEOUT_MS) {}

  register(name: string, check: ReadinessCheck): void {
    if (this.checks.has(name)) throw new Error(`readiness check "${name}" is already registered`);
    this.checks.set(name, check);
  }

  async report(): Promise<ReadinessReport> {
    const names = [...this.checks.keys()];
    const results = await Promise.all(
      [...this.checks.values()].map((check) => run(check, this.checkTimeoutMs)),
    );
    const checks = Object.fromEntries(names.map((name, i) => [name, results[i] as CheckResult]));
    return { ready: results.every((r) => r.ok), checks };
  }
}
