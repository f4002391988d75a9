import { Injectable, type Signal, type WritableSignal, inject, signal } from '@angular/core';
import { type Observable, Subject } from 'rxjs';
import type { Interface } from 'ethers/abi';
import { toQuantity } from 'ethers/utils';

import { ChainHead } from '../chain/chain-head';
import { COMMUNITY_INTERFACE } from '../community/community-contract';
import { MARKETPLACE_INTERFACE, type MarketplaceAction } from '../chain/marketplace-contract';
import { READ_PROVIDER } from '../chain/read-provider';
import { RUNTIME_CONFIG } from '../config/config.service';
import { AppError } from '../core/app-error';
import type { ErrorContext } from '../core/contract-error-messages';
import { toAppError } from '../core/to-app-error';
import { WalletSession } from '../wallet/wallet-session';
import { withTimeout } from '../core/with-timeout';
import type { TxStatus } from './tx-status';

/** A household's calls to the community contract (top-ups are the treasury's, made at the terminal). */
export type CommunityAction = 'cashOut';

/** What to run: a marketplace (or community) function, its arguments, the money it carries. */
export interface TxRequest {
  /** What the person is doing, in words: "Buy 1.5 Wh from offer #12". */
  readonly label: string;
  readonly action: MarketplaceAction | CommunityAction;
  /** The contract called: the marketplace unless said otherwise. */
  readonly contract?: 'marketplace' | 'community';
  readonly args: readonly unknown[];
  readonly value?: bigint;
  /** Names the order in error messages ("offer #12"). */
  readonly errorContext?: ErrorContext;
  /**
   * Asked of the chain first, before the wallet: rejects (with an AppError in words) when the
   * chain no longer allows what the page showed, e.g. an order bought a moment ago. Nothing is sent then.
   */
  readonly check?: () => Promise<void>;
}

/** One transaction the app runs; its `status` moves until it is confirmed or failed. */
export interface TxHandle {
  readonly id: number;
  readonly label: string;
  readonly status: Signal<TxStatus>;
  /** Settles with the final status; never rejects. */
  readonly done: Promise<TxStatus>;
}

/** How long a sent transaction may stay unmined before the page says so. */
export const RECEIPT_TIMEOUT_MS = 120_000;
/** Gas headroom over the estimate: state can move a little between estimate and mining. */
const GAS_HEADROOM_PERCENT = 125n;
const RECENT_LIMIT = 5;

/**
 * The one place that runs a transaction: it checks the call against the chain
 * first (a call that would revert is explained without bothering the wallet),
 * asks the wallet, waits for the receipt through the read provider, and turns
 * every failure into an AppError. Components read `status`; none waits itself.
 */
@Injectable({ providedIn: 'root' })
export class Transactor {
  private readonly wallet = inject(WalletSession);
  private readonly provider = inject(READ_PROVIDER);
  private readonly iface = inject(MARKETPLACE_INTERFACE);
  private readonly head = inject(ChainHead);
  private readonly config = inject(RUNTIME_CONFIG);
  private readonly communityIface = inject(COMMUNITY_INTERFACE);
  private readonly finished = new Subject<TxStatus>();
  private nextId = 1;
  private readonly recentHandles = signal<readonly TxHandle[]>([]);

  /** The last few transactions of this page, newest first. */
  readonly recent = this.recentHandles.asReadonly();
  /** Every transaction that reached a final state: balances and lists refresh on it. */
  readonly finished$: Observable<TxStatus> = this.finished.asObservable();

  run(request: TxRequest): TxHandle {
    const status = signal<TxStatus>({ state: 'awaiting-wallet' });
    const done = this.execute(request, status).then((final) => {
      status.set(final);
      this.finished.next(final);
      void this.head.refresh();
      return final;
    });
    const handle: TxHandle = { id: this.nextId++, label: request.label, status: status.asReadonly(), done };
    this.recentHandles.update((handles) => [handle, ...handles].slice(0, RECENT_LIMIT));
    return handle;
  }

  private async execute(request: TxRequest, status: WritableSignal<TxStatus>): Promise<TxStatus> {
    const target = this.target(request);
    const fail = (error: unknown, extra: { hash?: string; blockNumber?: number } = {}): TxStatus => ({
      state: 'failed',
      error: toAppError(error, { decoder: target.iface, context: request.errorContext }),
      ...extra,
    });
    const from = this.wallet.account();
    if (!from || this.wallet.state() !== 'connected') {
      return fail(new AppError('wallet', this.wallet.state() === 'wrong-network'
        ? 'Your wallet is on another network: switch network first.'
        : 'Connect your wallet first.'));
    }
    if (request.check) {
      try {
        await request.check();
      } catch (error) {
        return fail(error);
      }
    }
    const call = {
      from,
      to: target.address,
      data: target.iface.encodeFunctionData(request.action, [...request.args]),
      value: request.value ?? 0n,
    };

    let gas: bigint;
    try {
      gas = await this.provider.estimateGas(call);
    } catch (error) {
      return fail(error);
    }

    let hash: string;
    try {
      hash = await this.wallet.sendTransaction({
        to: call.to,
        data: call.data,
        value: toQuantity(call.value),
        gas: toQuantity((gas * GAS_HEADROOM_PERCENT) / 100n),
      });
    } catch (error) {
      return fail(error);
    }
    status.set({ state: 'pending', hash });

    try {
      const receipt = await withTimeout(
        this.provider.waitForTransaction(hash, 1),
        RECEIPT_TIMEOUT_MS,
        'The transaction was sent but not mined within 2 minutes. It may still be mined: follow it in the explorer.',
      );
      if (!receipt) throw new AppError('timeout', 'The transaction was not mined.');
      if (receipt.status === 1) return { state: 'confirmed', hash, blockNumber: receipt.blockNumber };
      return fail(await this.revertReason(call, receipt.blockNumber), { hash, blockNumber: receipt.blockNumber });
    } catch (error) {
      return fail(error, { hash });
    }
  }

  private target(request: TxRequest): { address: string; iface: Interface } {
    return request.contract === 'community'
      ? { address: this.config.community.contract.address, iface: this.communityIface }
      : { address: this.config.marketplace.address, iface: this.iface };
  }

  /** A mined transaction that reverted carries no reason: replay it on the state before its block. */
  private async revertReason(call: { from: string; to: string; data: string; value: bigint }, blockNumber: number): Promise<unknown> {
    try {
      await this.provider.call({ ...call, blockTag: blockNumber - 1 });
      return new AppError('contract', `The transaction was reverted in block ${blockNumber}.`);
    } catch (error) {
      return error;
    }
  }
}
