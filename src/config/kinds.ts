/** The kinds of setting: how one environment variable is parsed, checked and documented. */

import { readFileSync } from 'node:fs';
import { Secret } from './secret';

export type Env = Record<string, string | undefined>;

export interface Setting<T> {
  /** One line for `docs/configuration.md` and `.env.example`. */
  readonly doc: string;
  /** The default as written in docs; `undefined` means "unset". */
  readonly example: string;
  parse(raw: string | undefined, problems: string[], name: string): T;
}

export function int(doc: string, fallback: number, min: number, max: number): Setting<number> {
  return {
    doc: `${doc} (integer ${min}..${max})`,
    example: String(fallback),
    parse(raw, problems, name) {
      if (raw === undefined) return fallback;
      const value = Number(raw);
      if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
        problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
        return fallback;
      }
      return value;
    },
  };
}

export function bool(doc: string, fallback: boolean | undefined): Setting<boolean | undefined> {
  return {
    doc: `${doc} (true/false)`,
    example: fallback === undefined ? '' : String(fallback),
    parse(raw, problems, name) {
      if (raw === undefined) return fallback;
      const lower = raw.toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(lower)) return true;
      if (['false', '0', 'no', 'off'].includes(lower)) return false;
      problems.push(`${name} must be true or false, got "${raw}"`);
      return fallback;
    },
  };
}

export function oneOf<const T extends string>(doc: string, fallback: T, values: readonly T[]): Setting<T> {
  return {
    doc: `${doc} (one of ${values.join(', ')})`,
    example: fallback,
    parse(raw, problems, name) {
      if (raw === undefined) return fallback;
      if ((values as readonly string[]).includes(raw)) return raw as T;
      problems.push(`${name} must be one of ${values.join(', ')}, got "${raw}"`);
      return fallback;
    },
  };
}

export function text(doc: string, fallback: string): Setting<string> {
  return { doc, example: fallback, parse: (raw) => raw ?? fallback };
}

/** `originOnly`: an API origin without path or query; `secureUnlessLoopback`: credentials or keys travel on it. */
export function optionalUrl(
  doc: string,
  rules: { originOnly?: boolean; secureUnlessLoopback?: boolean } = { originOnly: true },
): Setting<URL | undefined> {
  return {
    doc,
    example: '',
    parse(raw, problems, name) {
      if (raw === undefined) return undefined;
      try {
        const url = new URL(raw);
        if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
        if (rules.secureUnlessLoopback && url.protocol === 'http:' && !isLoopback(url.hostname)) {
          problems.push(`${name} must use https (plain http only to localhost), got "${raw}"`);
        }
        if (rules.originOnly && (url.pathname !== '/' || url.search || url.hash)) {
          problems.push(
            `${name} must be an origin without path or query (e.g. https://swr-api.cn-north-4.myhuaweicloud.com), got "${raw}"`,
          );
        }
        return url;
      } catch {
        problems.push(`${name} must be an http(s) URL, got "${raw}"`);
        return undefined;
      }
    },
  };
}

export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

export function optionalText(
  doc: string,
  pattern?: { regex: RegExp; hint: string },
): Setting<string | undefined> {
  return {
    doc,
    example: '',
    parse(raw, problems, name) {
      if (raw !== undefined && pattern && !pattern.regex.test(raw)) {
        problems.push(`${name} must be ${pattern.hint}, got "${raw}"`);
      }
      return raw;
    },
  };
}

export function optionalOneOf<const T extends string>(
  doc: string,
  values: readonly T[],
): Setting<T | undefined> {
  return {
    doc: `${doc} (one of ${values.join(', ')})`,
    example: '',
    parse(raw, problems, name) {
      if (raw === undefined || (values as readonly string[]).includes(raw)) return raw as T | undefined;
      problems.push(`${name} must be one of ${values.join(', ')}, got "${raw}"`);
      return undefined;
    },
  };
}

/** A credential: never echoed in a problem message, held as a `Secret` so it cannot be logged by accident. */
export function secret(doc: string): Setting<Secret | undefined> {
  return {
    doc: `${doc} (secret)`,
    example: '',
    parse: (raw) => (raw === undefined ? undefined : new Secret(raw)),
  };
}

/** Comma-separated secrets, each at least `minLength` characters (problems name the entry, never its value). */
export function secretList(doc: string, minLength: number): Setting<Secret[]> {
  return {
    doc: `${doc}; comma-separated, each at least ${minLength} characters (secret)`,
    example: '',
    parse(raw, problems, name) {
      const entries = (raw ?? '').split(',').map((entry) => entry.trim());
      entries.forEach((entry, index) => {
        if (raw !== undefined && entry.length < minLength) {
          problems.push(`${name} entry ${index + 1} must be at least ${minLength} characters long`);
        }
      });
      return entries.filter((entry) => entry !== '').map((entry) => new Secret(entry));
    },
  };
}

export function list<const T extends string>(
  doc: string,
  fallback: readonly T[],
  values: readonly T[],
): Setting<T[]> {
  return {
    doc: `${doc} (comma-separated, from ${values.join(', ')})`,
    example: fallback.join(','),
    parse(raw, problems, name) {
      if (raw === undefined) return [...fallback];
      const chosen = raw.split(',').map((entry) => entry.trim());
      const unknown = chosen.filter((entry) => !(values as readonly string[]).includes(entry));
      if (unknown.length > 0 || chosen.length === 0) {
        problems.push(`${name} must list values from ${values.join(', ')}, got "${raw}"`);
        return [...fallback];
      }
      return chosen as T[];
    },
  };
}

export function optionalSecret(doc: string, minLength: number): Setting<string | undefined> {
  return {
    doc: `${doc} (at least ${minLength} characters)`,
    example: '',
    parse(raw, problems, name) {
      if (raw === undefined) return undefined;
      // The value itself never goes into a problem: problems are printed.
      if (raw.length < minLength) problems.push(`${name} must be at least ${minLength} characters long`);
      return raw;
    },
  };
}

export function optionalRedisUrl(doc: string): Setting<string | undefined> {
  return {
    doc,
    example: '',
    parse(raw, problems, name) {
      if (raw === undefined) return undefined;
      let protocol = '';
      try {
        protocol = new URL(raw).protocol;
      } catch {
        // Reported below without echoing the value: a Redis URL may carry a password.
      }
      if (protocol !== 'redis:' && protocol !== 'rediss:') {
        problems.push(`${name} must be a redis:// or rediss:// URL`);
        return undefined;
      }
      return raw;
    },
  };
}

export function optionalInt(doc: string, min: number, max: number): Setting<number | undefined> {
  const inner = int(doc, 0, min, max);
  return {
    doc: inner.doc,
    example: '',
    parse: (raw, problems, name) => (raw === undefined ? undefined : inner.parse(raw, problems, name)),
  };
}

export function patternList(doc: string, pattern: RegExp, what: string): Setting<string[]> {
  return {
    doc: `${doc} (comma-separated)`,
    example: '',
    parse(raw, problems, name) {
      const items = (raw ?? '')
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
      for (const item of items) if (!pattern.test(item)) problems.push(`${name}: "${item}" is not ${what}`);
      return items;
    },
  };
}

/** A JSON file of `{ "<id>": "<GraphQL document>" }`, read and checked at start so a bad file fails fast. */
export function documentsFile(doc: string): Setting<Map<string, string> | undefined> {
  return {
    doc,
    example: '',
    parse(raw, problems, name) {
      if (raw === undefined) return undefined;
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(raw, 'utf8'));
      } catch (error) {
        problems.push(`${name}: cannot read "${raw}" as JSON (${(error as Error).message})`);
        return undefined;
      }
      const entries = parsed !== null && typeof parsed === 'object' ? Object.entries(parsed) : [];
      if (Array.isArray(parsed) || entries.length === 0 || entries.some(([, v]) => typeof v !== 'string')) {
        problems.push(`${name}: "${raw}" must be a non-empty JSON object of id → GraphQL document strings`);
        return undefined;
      }
      return new Map(entries as [string, string][]);
    },
  };
}
