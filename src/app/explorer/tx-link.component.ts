import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';

import { CopyButton } from '../shared/copy-button';
import { shortHex, txLink } from './explorer-links';

/** A transaction hash anywhere in the app: shortened, linked to its explorer page, copyable. */
@Component({
  selector: 'app-tx-link',
  imports: [RouterLink, CopyButton],
  template: `<a class="hex-link" [routerLink]="path()" [title]="hash()" [attr.aria-label]="'Transaction ' + hash()">{{
      short()
    }}</a>@if (copyable()) {<app-copy-button [value]="hash()" what="transaction hash" compact />}`,
  styles: `:host { white-space: nowrap; } .hex-link { font-family: ui-monospace, monospace; }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TxLinkComponent {
  readonly hash = input.required<string>();
  readonly copyable = input(true);
  protected readonly path = computed(() => txLink(this.hash()));
  protected readonly short = computed(() => shortHex(this.hash(), 10, 8));
}
