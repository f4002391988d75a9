import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';

import { HouseholdDirectory } from '../community/household-directory';
import { CopyButton } from '../shared/copy-button';
import { addressLink, shortHex } from './explorer-links';

/**
 * An address anywhere in the explorer: its name (given, or the household's from
 * the community's directory) or else shortened, linked to its explorer page, copyable.
 */
@Component({
  selector: 'app-address-link',
  imports: [RouterLink, CopyButton],
  template: `@if (name(); as name) {<a class="name-link" [routerLink]="path()" [title]="address()" [attr.aria-label]="name + ', address ' + address()">{{
      name
    }}</a>} @else {<a class="hex-link" [routerLink]="path()" [title]="address()" [attr.aria-label]="'Address ' + address()">{{
      short()
    }}</a>}@if (copyable()) {<app-copy-button [value]="address()" what="address" compact />}`,
  styles: `:host { white-space: nowrap; } .hex-link { font-family: ui-monospace, monospace; }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AddressLinkComponent {
  private readonly directory = inject(HouseholdDirectory);
  readonly address = input.required<string>();
  /** A name to show instead of the hex ("EnergyMarketplace"). */
  readonly label = input<string>('');
  readonly copyable = input(true);
  protected readonly path = computed(() => addressLink(this.address()));
  protected readonly short = computed(() => shortHex(this.address()));
  protected readonly name = computed(() => this.label() || this.directory.nameOf(this.address()));
}
