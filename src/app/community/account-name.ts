import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';

import { shortAddress } from '../core/units';
import { HouseholdDirectory } from './household-directory';

/**
 * An account as plain text where a link would lead away (a wallet dialog):
 * the household's name when the directory knows it, else the short address;
 * the full address on hover and for screen readers, after the visible text.
 */
@Component({
  selector: 'app-account-name',
  template: `<span class="account-name" [title]="address()"
    >{{ visible() }}<span class="visually-hidden">{{ spokenTail() }}</span></span
  >`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AccountName {
  private readonly directory = inject(HouseholdDirectory);
  readonly address = input.required<string>();

  protected readonly name = computed(() => this.directory.nameOf(this.address()));
  protected readonly visible = computed(() => this.name() ?? shortAddress(this.address()));
  protected readonly spokenTail = computed(() => (this.name() ? `, address ${this.address()}` : ` (address ${this.address()})`));
}
