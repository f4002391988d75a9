/**
 * The one shape every failure takes before a component sees it: a wallet
 * rejection, a contract's custom error, an unreachable chain, missing funds.
 * Built once, by `toAppError`, so components only print `message`.
 */

export type AppErrorKind =
  /** The person said no in the wallet (EIP-1193 code 4001). Nothing changed. */
  | 'rejected'
  /** The contract refused, with one of its custom errors. */
  | 'contract'
  /** The account cannot pay the value plus gas. */
  | 'insufficient-funds'
  /** The chain (the RPC gateway) or the wallet's node cannot be reached. */
  | 'unreachable'
  /** Nothing answered within the time allowed. */
  | 'timeout'
  /** The wallet refused for another reason (busy, unsupported, locked). */
  | 'wallet'
  /** Input that the app itself turned down before sending anything. */
  | 'invalid-input'
  /** What was asked for does not exist (no such trade, order, block). */
  | 'not-found'
  /** The page showed something the chain no longer holds (an order bought or cancelled a moment ago); nothing was sent. */
  | 'changed'
  | 'unknown';

/** A contract custom error, decoded with the ABI from the runtime config. */
export interface DecodedContractError {
  readonly name: string;
  readonly args: readonly unknown[];
}

export class AppError extends Error {
  override readonly name = 'AppError';

  constructor(
    readonly kind: AppErrorKind,
    message: string,
    readonly contractError?: DecodedContractError,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
