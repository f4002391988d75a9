import type { Log } from 'ethers/providers';

import type { AppError } from '../core/app-error';

/**
 * Where a transaction is, as the person sees it. Every state but the first two is
 * final, and the first two end by time-out at the latest: no endless spinner.
 */
export type TxStatus =
  | { readonly state: 'awaiting-wallet' }
  | { readonly state: 'pending'; readonly hash: string }
  /** `logs`: the receipt's events, so a form can say what the transaction did (what an order took). */
  | { readonly state: 'confirmed'; readonly hash: string; readonly blockNumber: number; readonly logs: readonly Log[] }
  | { readonly state: 'failed'; readonly error: AppError; readonly hash?: string; readonly blockNumber?: number };

export type TxState = TxStatus['state'];

export function isFinished(status: TxStatus): boolean {
  return status.state === 'confirmed' || status.state === 'failed';
}
