import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { combineLatest, map, of, switchMap } from 'rxjs';

import { RUNTIME_CONFIG } from '../config/config.service';
import { formatDuration } from '../core/time-format';
import { formatEnergy } from '../core/units';
import { NodeApi } from './node-api';
import { type NodeQueue, type StartEstimate, estimateStart } from './node-queue';

/**
 * Before a trade: when its delivery would start. A node delivers one trade at
 * a time and a trade needs both its nodes, so a new trade waits for the
 * energy ahead of it at the seller's node and at the buyer's (read through
 * the main server's node proxy when the form opens).
 */
@Component({
  selector: 'app-delivery-start',
  template: `
    @if (text(); as text) {
      <p class="hint delivery-start" aria-live="polite">{{ text }}</p>
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DeliveryStart {
  private readonly nodes = inject(NodeApi);
  private readonly config = inject(RUNTIME_CONFIG);

  readonly seller = input.required<string>();
  /** Null while no wallet is connected to say who buys. */
  readonly buyer = input.required<string | null>();
  /** The connected account, whose node is "your node". */
  readonly me = input<string | null>(null);

  private readonly queues = toSignal(
    toObservable(computed(() => ({ seller: this.seller(), buyer: this.buyer() }))).pipe(
      switchMap(({ seller, buyer }) => {
        if (!this.nodes.hasNode(seller)) return of('no-seller-node' as const);
        const accounts = [seller, ...(buyer && this.nodes.hasNode(buyer) ? [buyer] : [])];
        return combineLatest(accounts.map((account) => this.nodes.queue(account))).pipe(
          map((queues) => (queues.some((queue) => queue === null) ? ('unknown' as const) : (queues as NodeQueue[]))),
        );
      }),
    ),
    { initialValue: null },
  );

  protected readonly text = computed(() => {
    const queues = this.queues();
    if (queues === null) return null;
    if (queues === 'no-seller-node') return 'The seller has no energy node yet: the delivery waits until one is registered.';
    if (queues === 'unknown') return 'When the delivery would start cannot be said right now: the node list does not answer.';
    return this.describe(estimateStart(queues), queues.length > 1);
  });

  private describe(estimate: StartEstimate, buyerHasNode: boolean): string {
    switch (estimate.kind) {
      case 'now':
        return buyerHasNode ? 'Delivery would start at once: both nodes are free.' : "Delivery would start at once: the seller's node is free.";
      case 'unknown':
        return `${this.nodeName(estimate.account)} does not answer right now: the delivery starts when it is back.`;
      case 'later': {
        const ahead = `${formatEnergy(BigInt(Math.round(estimate.aheadMilliWh)))} of other trades ahead at ${this.nodeName(estimate.account)}`;
        return estimate.seconds === null
          ? `Delivery would start after ${ahead}.`
          : `Delivery would start in about ${formatDuration(estimate.seconds)} (${ahead}).`;
      }
    }
  }

  private nodeName(account: string): string {
    if (account.toLowerCase() === this.me()?.toLowerCase()) return 'your node';
    const label = Object.entries(this.config.nodes ?? {}).find(([known]) => known.toLowerCase() === account.toLowerCase())?.[1].label;
    return label ? `${label}'s node` : "the seller's node";
  }
}
