/**
 * Digging in the nested errors that wallets, JSON-RPC servers and ethers throw.
 * Each of them wraps the interesting part differently (`error.data`,
 * `error.info.error.data.data`, `error.error.data.result`, ...): look everywhere,
 * a few levels deep.
 */

const MAX_DEPTH = 6;

/** Every nested object of an error, the error first. */
export function nestedObjects(error: unknown): object[] {
  const found: object[] = [];
  const seen = new Set<object>();
  const visit = (value: unknown, depth: number): void => {
    if (value === null || typeof value !== 'object' || seen.has(value) || depth > MAX_DEPTH) return;
    seen.add(value);
    found.push(value);
    for (const key of ['error', 'info', 'data', 'cause', 'originalError', 'payload', 'value']) {
      visit((value as Record<string, unknown>)[key], depth + 1);
    }
  };
  visit(error, 0);
  return found;
}

/** EIP-1193 / JSON-RPC / ethers codes found anywhere in the error. */
export function errorCodes(error: unknown): (number | string)[] {
  return nestedObjects(error)
    .map((object) => (object as { code?: unknown }).code)
    .filter((code): code is number | string => typeof code === 'number' || typeof code === 'string');
}

/** All the human messages found in the error, outermost first. */
export function errorMessages(error: unknown): string[] {
  const messages = nestedObjects(error)
    .flatMap((object) => [(object as { message?: unknown }).message, (object as { shortMessage?: unknown }).shortMessage])
    .filter((message): message is string => typeof message === 'string');
  if (typeof error === 'string') messages.unshift(error);
  return messages;
}

/** Hex strings that may be ABI-encoded revert data (a 4-byte selector and more). */
export function revertDataCandidates(error: unknown): string[] {
  const candidates: string[] = [];
  for (const object of nestedObjects(error)) {
    for (const key of ['data', 'result', 'revert']) {
      const value = (object as Record<string, unknown>)[key];
      if (typeof value === 'string' && /^0x[0-9a-fA-F]{8}/.test(value) && value.length % 2 === 0) {
        candidates.push(value);
      }
    }
  }
  return candidates;
}
