import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';

import { HouseholdDirectory } from '../community/household-directory';
import { shortAddress } from '../core/units';
import { addressLink, blockLink, txLink } from '../explorer/explorer-links';
import { CopyButton } from './copy-button';

export type ExplorerTarget = 'block' | 'tx' | 'address';

/** The in-app explorer's page for a block, transaction or address. */
export function explorerPath(target: ExplorerTarget, value: string | number | bigint): string {
  if (target === 'block') return blockLink(value);
  return target === 'tx' ? txLink(String(value)) : addressLink(String(value));
}

/**
 * A link to the explorer: blocks by number, transactions shortened on screen,
 * in full on hover and for screen readers after the visible text (so the
 * accessible name holds what is seen, as voice control needs). An address of the community's
 * directory reads as the household's name, its address on hover, in the
 * link's accessible name after the name (which keeps the visible text first), on the explorer page the link opens, and one click
 * away in the copy button beside it.
 */
@Component({
  selector: 'app-explorer-link',
  imports: [RouterLink, CopyButton],
  template: `@if (name(); as name) {<a
      [routerLink]="path()"
      [title]="fullText()"
      [attr.aria-label]="name + ', address ' + fullText()"
      class="account-link"
      >{{ name }}</a
    >@if (copyable()) {<app-copy-button [value]="fullText()" what="address" compact />}} @else {<a
      [routerLink]="path()"
      [title]="fullText()"
      class="mono"
      >{{ text() }}<span class="visually-hidden">, {{ spoken() }}</span></a
    >}`,
  styles: `:host { white-space: nowrap; }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ExplorerLink {
  private readonly directory = inject(HouseholdDirectory);
  readonly target = input.required<ExplorerTarget>();
  readonly value = input.required<string | number | bigint>();
  /** Show the whole value instead of a shortened one. */
  readonly whole = input(false);
  /** A copy button beside a named address (off where the page has its own). */
  readonly copyable = input(true);

  protected readonly fullText = computed(() => String(this.value()));
  /** A household's name, unless the whole address is asked for (My Account shows it in full). */
  protected readonly name = computed(() =>
    this.target() === 'address' && !this.whole() ? this.directory.nameOf(this.fullText()) : null,
  );
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
