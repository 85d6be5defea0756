import { createHash } from 'node:crypto';

/**
 * The variables' part of a result key, made by `variablesKey`: the branded type keeps any other string out of
 * `resultKey`, so every key's last part is an encoding it can tell apart from every other.
 */
export type VariablesKey = string & { readonly __brand: 'VariablesKey' };

export interface VariablesKeyLimits {
  /** Deepest nesting keyed; the variables object itself is depth 1. */
  maxDepth: number;
  /** Longest canonical JSON text keyed, in UTF-16 code units. */
  maxChars: number;
}

/**
 * Deep enough for any real input type (GraphQL's own depth limits stop far shallower), large enough for any
 * real filter; beyond them a request just is not answered from kept results.
 */
export const DEFAULT_VARIABLES_KEY_LIMITS: VariablesKeyLimits = { maxDepth: 64, maxChars: 64 * 1024 };

/** Longer canonical texts are replaced by their hash: short keys keep every kept-result lookup cheap. */
const LONGEST_PLAIN_VARIABLES = 256;

/**
 * Starts a hashed variables part; canonical JSON never starts with it, so hashed and plain parts never meet.
 */
const HASHED = '#';

/** The part of absent variables (`undefined` or `null`); `{}` has its own: parts follow JSON equality. */
const ABSENT = 'null' as VariablesKey;

/** A container being written: an array, or an object with its keys sorted, and how far the walk got. */
type Frame =
  | {
      readonly array: readonly unknown[];
      readonly object?: undefined;
      readonly keys?: undefined;
      next: number;
    }
  | {
      readonly array?: undefined;
      readonly object: Record<string, unknown>;
      readonly keys: string[];
      next: number;
    };

const sizeOf = (frame: Frame) => (frame.array ? frame.array.length : frame.keys.length);

/** Fewest characters a member adds (`0,` in an array, more in an object): refuses huge containers early. */
const SHORTEST_MEMBER = 2;

/**
 * A string as JSON, as `JSON.stringify` writes it; most keys and values need no escape, and copying those as
 * they are skips the generic call's work.
 */
function quote(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(text);
  }
  return `"${text}"`;
}

const isPlainObject = (value: object): value is Record<string, unknown> => {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/**
 * The canonical JSON text of `variables`: object keys sorted (by UTF-16 code units), no whitespace, so
 * variables that are equal as JSON give the same text whatever their key order (clients that build the same
 * variables in another order share kept results), and unequal ones different texts. Walks iteratively, with
 * bounds: undefined when the value is deeper than `maxDepth`, longer than `maxChars` or not a JSON value
 * (undefined, a function, a non-finite number, a class instance, a cycle). A value that throws when read (a
 * getter, a proxy) throws here: `variablesKey` catches it.
 */
function canonicalJson(variables: unknown, limits: VariablesKeyLimits): string | undefined {
  let out = '';
  const stack: Frame[] = [];
  let value = variables;
  for (;;) {
    // Write `value`, opening a frame when it is a container.
    if (value === null) out += 'null';
    else if (typeof value === 'string') {
      if (value.length > limits.maxChars - out.length) return undefined;
      out += quote(value);
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) return undefined;
      out += `${value}`;
    } else if (typeof value === 'boolean') out += value ? 'true' : 'false';
    else if (typeof value !== 'object' || stack.length >= limits.maxDepth) return undefined;
    else if (Array.isArray(value)) {
      if (value.length * SHORTEST_MEMBER > limits.maxChars - out.length) return undefined;
      out += '[';
      stack.push({ array: value, next: 0 });
    } else if (isPlainObject(value)) {
      const keys = Object.keys(value);
      if (keys.length * SHORTEST_MEMBER > limits.maxChars - out.length) return undefined;
      keys.sort();
      out += '{';
      stack.push({ object: value, keys, next: 0 });
    } else return undefined;
    if (out.length > limits.maxChars) return undefined;
    // Find the next value to write, closing every container that is done.
    let frame = stack[stack.length - 1];
    while (frame !== undefined && frame.next === sizeOf(frame)) {
      out += frame.array ? ']' : '}';
      stack.pop();
      frame = stack[stack.length - 1];
    }
    if (frame === undefined) return out;
    if (frame.next > 0) out += ',';
    if (frame.array) value = frame.array[frame.next++];
    else {
      const key = frame.keys[frame.next++] as string;
      out += `${quote(key)}:`;
      value = frame.object[key];
    }
  }
}

/**
 * The variables' part of a result key: their canonical JSON (see `canonicalJson`), hashed when long.
 * Undefined when the variables cannot be keyed (too deep, too large, not JSON): such a request is simply not
 * answered from kept results. Depends on the request alone, so a caller that remembers parsed requests can
 * remember this too.
 */
export function variablesKey(
  variables: unknown,
  limits: VariablesKeyLimits = DEFAULT_VARIABLES_KEY_LIMITS,
): VariablesKey | undefined {
  if (variables === undefined || variables === null) return ABSENT;
  let text: string | undefined;
  try {
    text = canonicalJson(variables, limits);
  } catch {
    // Variables come from JSON.parse; anything else that throws when read (a getter, a proxy) is not keyable.
    return undefined;
  }
  if (text === undefined) return undefined;
  if (text.length <= LONGEST_PLAIN_VARIABLES) return text as VariablesKey;
  return `${HASHED}${createHash('sha256').update(text).digest('base64url')}` as VariablesKey;
}

/**
 * The key of a kept result: whose data (`owner`, the cache's owner HMAC), which document (its never-reused id
 * in the known documents) and which variables. Unambiguous by construction: the owner is length-prefixed, a
 * number's text never contains the `:` after the id, and the variables' part is last.
 */
export function resultKey(owner: string, documentId: number, variables: VariablesKey): string {
  return `${owner.length}:${owner}${documentId}:${variables}`;
}

/** `resultKey` straight from the request's variables; undefined when they cannot be keyed. */
export function resultKeyOf(owner: string, documentId: number, variables: unknown): string | undefined {
  const part = variablesKey(variables);
  return part === undefined ? undefined : resultKey(owner, documentId, part);
}
