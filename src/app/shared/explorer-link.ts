import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';

import { HouseholdDirectory } from '../community/household-directory';
import { addressLink, blockLink, orderLink, shortHex, tradeLink, txLink } from '../explorer/explorer-links';
import { CopyButton } from './copy-button';

export type ExplorerTarget = 'block' | 'tx' | 'address' | 'trade' | 'order';

/** The in-app explorer's page for a block, transaction, address, trade or order. */
export function explorerPath(target: ExplorerTarget, value: string | number | bigint): string {
  switch (target) {
    case 'block':
      return blockLink(value);
    case 'tx':
      return txLink(String(value));
    case 'trade':
      return tradeLink(value);
    case 'order':
      return orderLink(value);
    default:
      return addressLink(String(value));
  }
}

/**
 * The one link into the explorer, on every page that names a block, a
 * transaction, an address, a trade or an order. Numbers read "#12" (blocks,
 * trades, orders); hashes and addresses are shortened on screen, in full on
 * hover and for screen readers after the visible text, so every link's
 * accessible name holds what is seen (voice control says what it sees). An
 * address of the community's directory reads as the household's name; its
 * address is on hover, in the accessible name after the name, and one click
 * away in the copy button beside it.
 */
@Component({
  selector: 'app-explorer-link',
  imports: [RouterLink, CopyButton],
  template: `<a [routerLink]="path()" [title]="titleText()" [class.mono]="hex()" [class.account-link]="named()"
      ><span class="visually-hidden">{{ before() }}</span>{{ text() }}<span class="visually-hidden">{{ after() }}</span></a
    >@if (showCopy()) {<app-copy-button [value]="fullText()" [what]="copyWhat()" compact />}`,
  styles: `:host { white-space: nowrap; } .mono { font-family: ui-monospace, monospace; }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ExplorerLink {
  private readonly directory = inject(HouseholdDirectory);
  readonly target = input.required<ExplorerTarget>();
  readonly value = input.required<string | number | bigint>();
  /** Show the whole hash or address instead of a shortened one (and no household name). */
  readonly whole = input(false);
  /** A name to show for an address instead of the directory's ("EnergyMarketplace"). */
  readonly label = input('');
  /** Offer or request, to name an order. */
  readonly kind = input<'offer' | 'request' | null>(null);
  /** A copy button beside it: true always, false never; by default beside a named address (whose hex is not on screen). */
  readonly copyable = input<boolean | null>(null);

  protected readonly fullText = computed(() => String(this.value()));
  private readonly isNumber = computed(() => this.target() === 'trade' || this.target() === 'order' || (this.target() === 'block' && !this.fullText().startsWith('0x')));
  /** A household's name (or the given label), unless the whole address is asked for. */
  protected readonly name = computed(() => {
    if (this.target() !== 'address') return null;
    if (this.label()) return this.label();
    return this.whole() ? null : this.directory.nameOf(this.fullText());
  });
  protected readonly named = computed(() => this.name() !== null);
  protected readonly hex = computed(() => !this.isNumber() && !this.named());
  protected readonly path = computed(() => explorerPath(this.target(), this.value()));
  private readonly noun = computed(() => {
    switch (this.target()) {
      case 'block':
        return 'Block';
      case 'tx':
        return 'Transaction';
      case 'trade':
        return 'Trade';
      case 'order':
        return this.kind() === 'offer' ? 'Offer' : this.kind() === 'request' ? 'Request' : 'Order';
      default:
        return 'Address';
    }
  });
  protected readonly text = computed(() => {
    const value = this.fullText();
    if (this.isNumber()) return `#${value}`;
    if (this.name()) return this.name()!;
    if (this.whole()) return value;
    return this.target() === 'address' ? shortHex(value) : shortHex(value, 10, 8);
  });
  /** Said before the visible text: "Trade" before "#12". */
  protected readonly before = computed(() => (this.isNumber() ? `${this.noun()} ` : ''));
  /** Said after it: the whole value of a shortened hash or a name. */
  protected readonly after = computed(() => {
    if (this.isNumber() || (this.whole() && !this.named())) return '';
    return `, ${this.noun().toLowerCase()} ${this.fullText()}`;
  });
  protected readonly titleText = computed(() => (this.isNumber() ? `${this.noun()} #${this.fullText()}` : this.fullText()));
  protected readonly showCopy = computed(() => {
    const copyable = this.copyable();
    if (copyable !== null) return copyable && !this.isNumber();
    return this.named();
  });
  protected readonly copyWhat = computed(() => (this.target() === 'tx' ? 'transaction hash' : this.target() === 'block' ? 'block hash' : 'address'));
}
