import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';

import { blockLink, shortHex } from './explorer-links';

/** A block anywhere in the app, by number ("#28") or by hash (shortened), linked to its explorer page. */
@Component({
  selector: 'app-block-link',
  imports: [RouterLink],
  template: `<a [routerLink]="path()" [class.hex-link]="isHash()" [title]="title()" [attr.aria-label]="title()">{{ text() }}</a>`,
  styles: `:host { white-space: nowrap; } .hex-link { font-family: ui-monospace, monospace; }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BlockLinkComponent {
  readonly block = input.required<number | bigint | string>();
  protected readonly isHash = computed(() => String(this.block()).startsWith('0x'));
  protected readonly path = computed(() => blockLink(this.block()));
  protected readonly text = computed(() => (this.isHash() ? shortHex(String(this.block()), 10, 8) : `#${this.block()}`));
  protected readonly title = computed(() => `Block ${this.isHash() ? '' : '#'}${this.block()}`);
}
