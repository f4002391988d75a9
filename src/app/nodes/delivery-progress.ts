import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';

import { HouseholdDirectory } from '../community/household-directory';
import { describeDelivery } from './delivery-text';
import type { TradeDelivery } from './node-api';

/**
 * A delivery as both nodes report it: a progress bar of what was sent, and the
 * power, figures and time left in words, naming the seller's household.
 */
@Component({
  selector: 'app-delivery-progress',
  template: `
    @if (view(); as view) {
      @if (view.percent !== null) {
        <div class="delivery">
          <progress [value]="view.percent" max="100" [attr.aria-label]="'Delivery of trade ' + tradeId()">{{ view.percent }}%</progress>
          <span class="delivery-text">{{ view.text }}</span>
        </div>
      } @else {
        <span class="hint">{{ view.text }}</span>
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DeliveryProgress {
  readonly delivery = input.required<TradeDelivery | null>();
  readonly quantityMilliWh = input.required<bigint>();
  readonly tradeId = input.required<bigint>();
  /** The seller's account: its household's name says whose node and battery it is. */
  readonly seller = input<string | null>(null);
  private readonly directory = inject(HouseholdDirectory);

  /** "Amina's", or "the seller's" when the directory has no name for the account. */
  private readonly sellers = computed(() => {
    const name = this.directory.nameOf(this.seller());
    return name ? `${name}'s` : "the seller's";
  });

  protected readonly view = computed(() => {
    const delivery = this.delivery();
    return delivery ? describeDelivery(delivery, this.quantityMilliWh(), this.sellers()) : null;
  });
}
