import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';

import { HouseholdDirectory } from '../community/household-directory';
import { formatEnergy, percentOf } from '../core/units';
import type { DeliveryReading } from './node-api';
import { STOP_REASON_WORDS } from './node-protocol';

/** The seller's node's live delivery figure as a progress bar with words, naming the seller's household. */
@Component({
  selector: 'app-delivery-progress',
  template: `
    @if (reading(); as reading) {
      @switch (reading.kind) {
        @case ('report') {
          <div class="delivery">
            <progress [value]="percent()" max="100" [attr.aria-label]="'Delivery of trade ' + tradeId()">{{ percent() }}%</progress>
            <span class="delivery-text">{{ text() }}</span>
          </div>
        }
        @case ('not-started') {
          <span class="hint">Waiting for {{ sellers() }} node to start.</span>
        }
        @case ('unreachable') {
          <span class="hint">{{ reading.message }}</span>
        }
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DeliveryProgress {
  readonly reading = input.required<DeliveryReading | null>();
  readonly tradeId = input.required<bigint>();
  /** The seller's account: its household's name says whose node and battery it is. */
  readonly seller = input<string | null>(null);
  private readonly directory = inject(HouseholdDirectory);

  /** "Amina's", or "the seller's" when the directory has no name for the account. */
  protected readonly sellers = computed(() => {
    const name = this.directory.nameOf(this.seller());
    return name ? `${name}'s` : "the seller's";
  });

  protected readonly percent = computed(() => {
    const reading = this.reading();
    if (reading?.kind !== 'report') return 0;
    return percentOf(BigInt(reading.report.deliveredMilliWh), BigInt(reading.report.quantityMilliWh));
  });
  protected readonly text = computed(() => {
    const reading = this.reading();
    if (reading?.kind !== 'report') return '';
    const { deliveredMilliWh, quantityMilliWh, state, stopReason } = reading.report;
    const figures = `${formatEnergy(BigInt(deliveredMilliWh))} of ${formatEnergy(BigInt(quantityMilliWh))}`;
    if (state === 'stopped') return `stopped early: ${figures}, ${stopReason ? STOP_REASON_WORDS[stopReason] : 'no reason given'}`;
    if (state === 'queued') return `${figures}: queued at ${this.sellers()} node`;
    return `${figures} (${this.percent()}%)`;
  });
}
