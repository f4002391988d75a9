import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';

import { CopyButton } from '../shared/copy-button';
import { addressLink, shortHex } from './explorer-links';

/** An address anywhere in the app: shortened, linked to its explorer page, copyable. */
@Component({
  selector: 'app-address-link',
  imports: [RouterLink, CopyButton],
  template: `<a class="hex-link" [routerLink]="path()" [title]="address()" [attr.aria-label]="'Address ' + address()">{{
      label() || short()
    }}</a>@if (copyable()) {<app-copy-button [value]="address()" what="address" compact />}`,
  styles: `:host { white-space: nowrap; } .hex-link { font-family: ui-monospace, monospace; }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AddressLinkComponent {
  readonly address = input.required<string>();
  /** A name to show instead of the hex ("EnergyMarketplace"). */
  readonly label = input<string>('');
  readonly copyable = input(true);
  protected readonly path = computed(() => addressLink(this.address()));
  protected readonly short = computed(() => shortHex(this.address()));
}
