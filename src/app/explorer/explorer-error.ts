import { toAppError } from '../core/to-app-error';

/**
 * The explorer's failures: the app's one error shape (`toAppError`) for what
 * the chain threw, plus the two outcomes only a reader has: nothing found,
 * and input that cannot name a block, transaction or address.
 */
export type ExplorerErrorKind = 'not-found' | 'invalid' | 'unreachable' | 'timeout' | 'rpc';

export class ExplorerError extends Error {
  constructor(
    readonly kind: ExplorerErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'ExplorerError';
  }
}

/** Turns whatever a read threw (ethers error, fetch TypeError, JSON-RPC error) into words, once. */
export function explainRpcFailure(failure: unknown): ExplorerError {
  if (failure instanceof ExplorerError) return failure;
  const appError = toAppError(failure);
  switch (appError.kind) {
    case 'unreachable':
      return new ExplorerError('unreachable', appError.message);
    case 'timeout':
      return new ExplorerError('timeout', appError.message);
    // The read API's answers (trades, orders, activity): its own sentence.
    case 'not-found':
      return new ExplorerError('not-found', appError.message);
    case 'invalid-input':
      return new ExplorerError('invalid', appError.message);
    default:
      return new ExplorerError('rpc', `The chain refused the request. ${appError.message}`);
  }
}

export function timeoutError(seconds: number): ExplorerError {
  return new ExplorerError(
    'timeout',
    `The chain did not answer within ${seconds} s: the main server may be overloaded or the network slow. Try again.`,
  );
}
