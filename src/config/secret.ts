import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * A credential held in memory. JSON, `util.inspect` (pino, console, error dumps) and string conversion all show
 * `[redacted]`: only an explicit `reveal()` at the point of use yields the value.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toJSON(): string {
    return REDACTED;
  }

  toString(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return `Secret(${REDACTED})`;
  }
}
