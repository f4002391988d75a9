/**
 * Query parameters of the read API, checked: a bad or unknown parameter is a
 * 400 with one sentence saying what is wrong, before any query runs.
 */
export class BadRequest extends Error {}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const ID = /^[1-9][0-9]{0,15}$/;
const INTEGER = /^-?[0-9]{1,16}$/;

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export class QueryParams {
  private readonly used = new Set<string>();

  constructor(private readonly params: URLSearchParams) {}

  /** Fails on a parameter the endpoint does not know (a typo would otherwise be ignored silently). */
  rejectUnknown(): void {
    for (const name of new Set(this.params.keys())) {
      if (!this.used.has(name)) throw new BadRequest(`unknown parameter "${name}"; this endpoint takes ${[...this.used].join(', ') || 'none'}`);
    }
  }

  private raw(name: string): string | undefined {
    this.used.add(name);
    const all = this.params.getAll(name);
    if (all.length > 1) throw new BadRequest(`parameter "${name}" is given ${all.length} times`);
    return all[0];
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback?: T): T {
    const value = this.raw(name);
    if (value === undefined) {
      if (fallback === undefined) throw new BadRequest(`parameter "${name}" is required: one of ${allowed.join(', ')}`);
      return fallback;
    }
    if (!(allowed as readonly string[]).includes(value)) throw new BadRequest(`"${name}" must be one of ${allowed.join(', ')}, not "${value}"`);
    return value as T;
  }

  optionalAddress(name: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if (!ADDRESS.test(value)) throw new BadRequest(`"${name}" must be an account address (0x followed by 40 hex digits), not "${value}"`);
    return value.toLowerCase();
  }

  optionalId(name: string): bigint | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    return parseId(name, value);
  }

  limit(): number {
    const value = this.raw('limit');
    if (value === undefined) return DEFAULT_PAGE_SIZE;
    if (!/^[0-9]{1,4}$/.test(value) || Number(value) < 1 || Number(value) > MAX_PAGE_SIZE) {
      throw new BadRequest(`"limit" must be a whole number from 1 to ${MAX_PAGE_SIZE}, not "${value}"`);
    }
    return Number(value);
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!INTEGER.test(value) || Number(value) < min || Number(value) > max) {
      throw new BadRequest(`"${name}" must be a whole number from ${min} to ${max}, not "${value}"`);
    }
    return Number(value);
  }

  /** Unix seconds. */
  time(name: string, fallback: number): number {
    return this.integer(name, fallback, 0, 2 ** 40);
  }

  cursor(): string | undefined {
    return this.raw('cursor');
  }
}

export function parseId(what: string, value: string): bigint {
  if (!ID.test(value)) throw new BadRequest(`${what} must be a positive whole number, not "${value}"`);
  return BigInt(value);
}

export function parseAddress(what: string, value: string): string {
  if (!ADDRESS.test(value)) throw new BadRequest(`${what} must be an account address (0x followed by 40 hex digits), not "${value}"`);
  return value.toLowerCase();
}
