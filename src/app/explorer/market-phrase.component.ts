import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

import { AddressLinkComponent } from './address-link.component';
import type { Phrase } from './market-wording';

/** A sentence about the market, each address in it a link. */
@Component({
  selector: 'app-market-phrase',
  imports: [AddressLinkComponent],
  template: `@for (part of parts(); track $index) {@if (part.address) {<app-address-link
          [address]="part.address"
          [copyable]="false"
        />} @else {{{ part.text }}}}`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MarketPhraseComponent {
  readonly phrase = input.required<Phrase>();
  protected readonly parts = computed(() =>
    this.phrase().map((part) => (typeof part === 'string' ? { text: part, address: '' } : { text: '', address: part.address })),
  );
}
