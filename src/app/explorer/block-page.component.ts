import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';

import { formatUtc, timeAgo } from '../core/time-format';
import { formatBytes, formatMoney, formatInteger } from '../core/units';
import { CopyButton } from '../shared/copy-button';
import { AddressLinkComponent } from './address-link.component';
import { BlockLinkComponent } from './block-link.component';
import { ExplorerProblemComponent } from './explorer-problem.component';
import { EXPLORER_READER } from './explorer-reader.token';
import { loadOnRouteParam } from './route-page-loader';
import { TxLinkComponent } from './tx-link.component';
import { tickingNowSeconds } from './ticking-clock';

/** One block (by number or hash): its header and its transactions. */
@Component({
  selector: 'app-block-page',
  imports: [AddressLinkComponent, BlockLinkComponent, CopyButton, ExplorerProblemComponent, TxLinkComponent],
  template: `@switch (page.state().status) {
    @case ('loading') {
      <h2>Block {{ page.key() }}</h2>
      <p role="status">Loading block…</p>
    }
    @case ('failed') {
      <h2>Block {{ page.key() }}</h2>
      <app-explorer-problem [error]="page.failure()!" (retry)="page.reload()" />
    }
    @case ('loaded') {
      @let b = view()!.block;
      <h2>Block #{{ b.number }}</h2>
      <nav class="pager" aria-label="Neighbouring blocks">
        @if (b.number > 0) {<span>Previous: <app-block-link [block]="b.number - 1" /></span>}
        @if (b.number < view()!.head) {<span>Next: <app-block-link [block]="b.number + 1" /></span>}
      </nav>
      <dl class="facts">
        <dt>Number</dt>
        <dd>{{ b.number }} <span class="muted">({{ view()!.confirmations }})</span></dd>
        <dt>Hash</dt>
        <dd class="mono">{{ b.hash }}<app-copy-button [value]="b.hash" what="block hash" compact /></dd>
        <dt>Parent hash</dt>
        <dd class="mono">
          @if (b.number > 0) {<app-block-link [block]="b.parentHash" />} @else {{{ b.parentHash }} (genesis block)}
        </dd>
        <dt>Mined</dt>
        <dd><time [attr.datetime]="view()!.iso">{{ view()!.utc }}</time><span class="muted"> ({{ view()!.ago }})</span></dd>
        <dt>Transactions</dt>
        <dd>{{ b.transactionCount }}</dd>
        <dt>Gas used</dt>
        <dd>{{ view()!.gasUsed }} <span class="muted">({{ view()!.gasShare }} of the limit)</span></dd>
        <dt>Gas limit</dt>
        <dd>{{ view()!.gasLimit }}</dd>
        <dt>Size</dt>
        <dd>{{ view()!.size }}</dd>
        <dt>Nonce</dt>
        <dd class="mono">{{ b.nonce }}</dd>
        <dt>Difficulty</dt>
        <dd>{{ view()!.difficulty }}</dd>
        @if (b.miner) {
          <dt>Miner</dt>
          <dd><app-address-link [address]="b.miner" /></dd>
        }
      </dl>
      <h3 id="block-transactions">Transactions ({{ view()!.transactions.length }})</h3>
      @if (view()!.transactions.length === 0) {
        <p class="muted">This block holds no transactions.</p>
      } @else {
        <div class="table-scroll">
          <table aria-labelledby="block-transactions">
            <thead>
              <tr>
                <th scope="col">Transaction</th>
                <th scope="col">From</th>
                <th scope="col">To</th>
                <th scope="col" class="num">Value</th>
                <th scope="col">Call</th>
              </tr>
            </thead>
            <tbody>
              @for (tx of view()!.transactions; track tx.hash) {
                <tr>
                  <td data-label="Transaction"><app-tx-link [hash]="tx.hash" [copyable]="false" /></td>
                  <td data-label="From"><app-address-link [address]="tx.from" [copyable]="false" /></td>
                  <td data-label="To">
                    @if (tx.to) {<app-address-link [address]="tx.to" [label]="tx.toLabel" [copyable]="false" />} @else {Contract creation}
                  </td>
                  <td data-label="Value" class="num">{{ tx.valueText }}</td>
                  <td data-label="Call">{{ tx.call?.summary ?? '' }}</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      }
    }
  }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BlockPageComponent {
  private readonly reader = inject(EXPLORER_READER);
  protected readonly page = loadOnRouteParam('id', (id) => this.reader.block(id));
  private readonly now = tickingNowSeconds();
  protected readonly view = computed(() => {
    const s = this.page.state();
    if (s.status !== 'loaded') return undefined;
    const { block, head, transactions } = s.value;
    const confirmations = head - block.number;
    return {
      block,
      head,
      confirmations: confirmations === 0 ? 'the latest block' : `${confirmations} block${confirmations === 1 ? '' : 's'} since`,
      iso: new Date(block.timestamp * 1000).toISOString(),
      utc: formatUtc(block.timestamp),
      ago: timeAgo(block.timestamp, this.now()),
      gasUsed: formatInteger(block.gasUsed),
      gasLimit: formatInteger(block.gasLimit),
      gasShare: block.gasLimit > 0n ? `${(Number((block.gasUsed * 10000n) / block.gasLimit) / 100).toFixed(2)} %` : '–',
      size: formatBytes(block.size),
      difficulty: formatInteger(block.difficulty),
      transactions: transactions.map((tx) => ({
        ...tx,
        valueText: formatMoney(tx.value),
        toLabel: this.reader.decoder.isMarketplace(tx.to) ? 'EnergyMarketplace' : '',
      })),
    };
  });
}
