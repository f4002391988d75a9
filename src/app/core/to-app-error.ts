import { AppError, type DecodedContractError, isAppError } from './app-error';
import { type ErrorContext, describeContractError } from './contract-error-messages';
import { errorCodes, errorMessages, revertDataCandidates } from './error-details';

/** Turns revert data into a custom error, or undefined (ethers' `Interface.parseError` fits). */
export interface ContractErrorDecoder {
  parseError(data: string): { readonly name: string; readonly args: ArrayLike<unknown> } | null;
}

export interface ToAppErrorOptions {
  readonly decoder?: ContractErrorDecoder;
  readonly context?: ErrorContext;
}

const REJECTED_CODES = new Set<number | string>([4001, 'ACTION_REJECTED']);
const UNREACHABLE_CODES = new Set<number | string>(['NETWORK_ERROR', 'SERVER_ERROR', 'ECONNREFUSED', 'ECONNRESET']);

/**
 * The single place where a thrown value becomes an `AppError`. Order matters:
 * a rejection is a rejection even if the wallet also says "internal error".
 */
export function toAppError(error: unknown, options: ToAppErrorOptions = {}): AppError {
  if (isAppError(error)) return error;
  const codes = errorCodes(error);
  const text = errorMessages(error).join(' | ');

  if (codes.some((code) => REJECTED_CODES.has(code)) || /user (rejected|denied)/i.test(text)) {
    return new AppError('rejected', 'You rejected the request in your wallet; nothing was changed.', undefined, error);
  }

  const decoded = decodeContractError(error, options.decoder);
  if (decoded) return new AppError('contract', describeContractError(decoded, options.context), decoded, error);

  if (codes.includes('INSUFFICIENT_FUNDS') || /insufficient funds|enough funds/i.test(text)) {
    return new AppError(
      'insufficient-funds',
      'Your balance cannot pay for this and its gas fee; nothing was sent.',
      undefined,
      error,
    );
  }
  if (codes.includes(-32002) || /already pending/i.test(text)) {
    return new AppError('wallet', 'Your wallet is already showing a request: open it and answer that first.', undefined, error);
  }
  if (codes.includes(4100)) {
    return new AppError('wallet', 'Your wallet has not given this site access to the account: connect again.', undefined, error);
  }
  if (codes.includes(4200)) {
    return new AppError('wallet', 'Your wallet does not support this request.', undefined, error);
  }
  if (codes.includes('TIMEOUT') || /timeout|timed out/i.test(text)) {
    return new AppError('timeout', 'The chain did not answer in time. Check the connection and try again.', undefined, error);
  }
  if (
    codes.some((code) => UNREACHABLE_CODES.has(code)) ||
    /failed to fetch|fetch failed|network ?error|ECONNREFUSED|could not (detect|coalesce)|bad response|load failed/i.test(text)
  ) {
    return new AppError(
      'unreachable',
      'The community chain cannot be reached. Check the Wi-Fi connection to the main server and try again.',
      undefined,
      error,
    );
  }
  if (codes.includes('CALL_EXCEPTION') || /revert/i.test(text)) {
    return new AppError('contract', 'The marketplace refused the transaction.', undefined, error);
  }
  const first = errorMessages(error)[0];
  return new AppError('unknown', first ? `Something went wrong: ${first}` : 'Something went wrong.', undefined, error);
}

function decodeContractError(error: unknown, decoder?: ContractErrorDecoder): DecodedContractError | undefined {
  if (!decoder) return undefined;
  for (const data of revertDataCandidates(error)) {
    try {
      const parsed = decoder.parseError(data);
      if (parsed) return { name: parsed.name, args: Array.from(parsed.args) };
    } catch {
      // Not one of ours (or not revert data at all): try the next candidate.
    }
  }
  return undefined;
}
