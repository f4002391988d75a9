import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

import { ExplorerLink } from '../shared/explorer-link';
import type { TxHandle } from './transactor';

/**
 * A transaction's progress in words: waiting for the wallet, pending (with its
 * hash), confirmed in block N (a link to it), or failed with the reason.
 */
@Component({
  selector: 'app-tx-status',
  imports: [ExplorerLink],
  template: `
    @if (status(); as status) {
      <div class="tx-status" [class]="'tx-' + status.state" role="status" aria-live="polite">
        @switch (status.state) {
          @case ('awaiting-wallet') {
            <span class="spinner" aria-hidden="true"></span>
            <span>{{ label() }}: waiting for your wallet. Confirm or reject it there.</span>
          }
          @case ('pending') {
            <span class="spinner" aria-hidden="true"></span>
            <span>{{ label() }}: pending, transaction <app-explorer-link target="tx" [value]="status.hash" />.</span>
          }
          @case ('confirmed') {
            <span>
              {{ label() }}: confirmed in block <app-explorer-link target="block" [value]="status.blockNumber" />
              (transaction <app-explorer-link target="tx" [value]="status.hash" />).
            </span>
          }
          @case ('failed') {
            <span>
              {{ label() }} failed: {{ status.error.message }}
              @if (status.hash) {
                (transaction <app-explorer-link target="tx" [value]="status.hash" />)
              }
            </span>
          }
        }
      </div>
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TxStatusView {
  readonly handle = input<TxHandle | null>(null);
  protected readonly status = computed(() => this.handle()?.status() ?? null);
  protected readonly label = computed(() => this.handle()?.label ?? '');
}
