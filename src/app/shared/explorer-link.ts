import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';

import { shortAddress } from '../core/units';
import { addressLink, blockLink, txLink } from '../explorer/explorer-links';

export type ExplorerTarget = 'block' | 'tx' | 'address';

/** The in-app explorer's page for a block, transaction or address. */
export function explorerPath(target: ExplorerTarget, value: string | number | bigint): string {
  if (target === 'block') return blockLink(value);
  return target === 'tx' ? txLink(String(value)) : addressLink(String(value));
}

/**
 * A link to the explorer: blocks by number, transactions and addresses
 * shortened on screen, in full for screen readers and on hover.
 */
@Component({
  selector: 'app-explorer-link',
  imports: [RouterLink],
  template: `<a [routerLink]="path()" [title]="fullText()" class="mono"
    ><span aria-hidden="true">{{ text() }}</span><span class="visually-hidden">{{ spoken() }}</span></a
  >`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ExplorerLink {
  readonly target = input.required<ExplorerTarget>();
  readonly value = input.required<string | number | bigint>();
  /** Show the whole value instead of a shortened one. */
  readonly whole = input(false);

  protected readonly fullText = computed(() => String(this.value()));
  protected readonly path = computed(() => explorerPath(this.target(), this.value()));
  protected readonly text = computed(() => {
    const value = String(this.value());
    if (this.target() === 'block') return `#${value}`;
    return this.whole() ? value : shortAddress(value);
  });
  protected readonly spoken = computed(() => {
    const noun = { block: 'block', tx: 'transaction', address: 'address' }[this.target()];
    return `${noun} ${this.fullText()}`;
  });
}
