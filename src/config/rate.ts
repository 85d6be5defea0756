import type { Setting } from './kinds';

/** A rate as configured: at most `count` in every window of `windowMs`. */
export interface Rate {
  count: number;
  windowMs: number;
}

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
const RATE = /^(\d+)\s*\/\s*(\d+)(ms|s|m|h)$/;

/** `<count>/<duration>`, e.g. `100/1m` or `5/500ms`; undefined when it is not one. */
export function parseRate(text: string): Rate | undefined {
  const match = RATE.exec(text.trim());
  if (!match) return undefined;
  const count = Number(match[1]);
  const windowMs = Number(match[2]) * UNIT_MS[match[3] as keyof typeof UNIT_MS];
  if (!Number.isSafeInteger(count) || count < 1 || !Number.isSafeInteger(windowMs) || windowMs < 1) {
    return undefined;
  }
  return { count, windowMs };
}

/** An optional rate; unset means no limit. */
export function optionalRate(doc: string): Setting<Rate | undefined> {
  return {
    doc: `${doc} (\`<count>/<duration>\`, duration in ms, s, m or h, e.g. 100/1m)`,
    example: '',
    parse(raw, problems, name) {
      if (raw === undefined) return undefined;
      const rate = parseRate(raw);
      if (rate === undefined) {
        problems.push(
          `${name} must be <count>/<duration> with a duration in ms, s, m or h (e.g. 100/1m), got "${raw}"`,
        );
      }
      return rate;
    },
  };
}

/**
 * How many proxies in front of the gateway append to `X-Forwarded-For`: `false`/`0` (the default) believes none of
 * it, `true` is one proxy, a number that many.
 */
export function proxyHops(doc: string): Setting<number> {
  return {
    doc: `${doc} (false, true = 1, or a number of proxies 0..10)`,
    example: 'false',
    parse(raw, problems, name) {
      if (raw === undefined) return 0;
      const lower = raw.toLowerCase();
      if (lower === 'false') return 0;
      if (lower === 'true') return 1;
      const hops = Number(raw);
      if (!/^\d+$/.test(raw) || hops > 10) {
        problems.push(`${name} must be false, true or a number of proxies from 0 to 10, got "${raw}"`);
        return 0;
      }
      return hops;
    },
  };
}
