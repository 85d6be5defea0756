/**
 * A retry budget (Finagle's idea): every call earns `ratio` of a retry, every retry spends one. Unspent retries
 * are saved up to `reserve` (at least one, so that a ratio alone still adds up to whole retries). During an
 * outage, retries therefore add at most `ratio` × calls (plus the reserve) to the upstream's load, instead of
 * multiplying it by the attempt count.
 */
export class RetryBudget {
  private tokens: number;
  private readonly cap: number;

  constructor(
    private readonly ratio: number,
    reserve: number,
  ) {
    this.tokens = reserve;
    this.cap = Math.max(1, reserve);
  }

  /** A call was made: earn a fraction of a retry. */
  deposit(): void {
    this.tokens = Math.min(this.cap, this.tokens + this.ratio);
  }

  /** Spend one retry if the budget has one. */
  tryWithdraw(): boolean {
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Whole retries currently available. */
  available(): number {
    return Math.floor(this.tokens);
  }
}
