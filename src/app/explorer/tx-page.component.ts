import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject } from '@angular/core';

import { READ_PROVIDER } from '../chain/read-provider';
import { formatUtc, timeAgo } from '../core/time-format';
import { formatMoney, formatGwei, formatInteger } from '../core/units';
import { CopyButton } from '../shared/copy-button';
import { AddressLinkComponent } from './address-link.component';
import { BlockLinkComponent } from './block-link.component';
import { ExplorerProblemComponent } from './explorer-problem.component';
import { EXPLORER_READER } from './explorer-reader.token';
import { shortHex } from './explorer-links';
import { eventFields } from './market-event-fields';
import { MarketPhraseComponent } from './market-phrase.component';
import { followNewBlocks } from './new-blocks';
import { loadOnRouteParam } from './route-page-loader';
import { tickingNowSeconds } from './ticking-clock';

/** One transaction: what it did, what it cost, and every marketplace event it emitted, in words. */
@Component({
  selector: 'app-tx-page',
  imports: [AddressLinkComponent, BlockLinkComponent, CopyButton, ExplorerProblemComponent, MarketPhraseComponent],
  template: `<h2>Transaction</h2>
    @switch (page.state().status) {
      @case ('loading') {
        <p class="mono">{{ page.key() }}</p>
        <p role="status">Loading transaction…</p>
      }
      @case ('failed') {
        <app-explorer-problem [error]="page.failure()!" (retry)="page.reload()" />
      }
      @case ('loaded') {
        @let t = view()!;
        <dl class="facts">
          <dt>Hash</dt>
          <dd class="mono">{{ t.tx.hash }}<app-copy-button [value]="t.tx.hash" what="transaction hash" compact /></dd>
          <dt>Status</dt>
          <dd>
            @switch (t.status) {
              @case ('success') {<span class="status-success">Success</span>}
              @case ('failed') {
                <span class="status-failed">Failed</span>
                @if (t.revertReason) {: {{ t.revertReason }}}
              }
              @default {<span class="status-pending" role="status">Pending: waiting to be mined</span>}
            }
          </dd>
          <dt>Block</dt>
          <dd>
            @if (t.tx.blockNumber !== null) {
              <app-block-link [block]="t.tx.blockNumber" /><span class="muted"> ({{ t.confirmations }})</span>
            } @else {Not yet mined}
          </dd>
          @if (t.timestamp !== null) {
            <dt>Time</dt>
            <dd><time [attr.datetime]="t.iso">{{ t.utc }}</time><span class="muted"> ({{ t.ago }})</span></dd>
          }
          <dt>From</dt>
          <dd>
            <app-address-link [address]="t.tx.from" />
            @if (t.fromIsOperator) {<span class="tag">meter operator</span>}
          </dd>
          <dt>To</dt>
          <dd>
            @if (t.tx.to) {
              <app-address-link [address]="t.tx.to" />
              @if (t.toIsMarketplace) {<span class="tag">EnergyMarketplace</span>}
            } @else {
              Contract creation
              @if (t.contractCreated) {: <app-address-link [address]="t.contractCreated" />}
            }
          </dd>
          @if (t.call) {
            <dt>Call</dt>
            <dd>{{ t.call.summary }} <span class="muted mono">({{ t.call.name }})</span></dd>
          }
          <dt>Value</dt>
          <dd>{{ t.value }}</dd>
          <dt>Gas used</dt>
          <dd>{{ t.gasUsed }} <span class="muted">of {{ t.gasLimit }} allowed</span></dd>
          @if (t.gasPrice) {
            <dt>Gas price</dt>
            <dd>{{ t.gasPrice }}</dd>
          }
          @if (t.fee) {
            <dt>Fee</dt>
            <dd>{{ t.fee }}</dd>
          }
          <dt>Nonce</dt>
          <dd>{{ t.tx.nonce }}</dd>
        </dl>

        <h3 id="tx-events">Marketplace events ({{ t.events.length }})</h3>
        @if (t.events.length === 0) {
          <p class="muted">
            @if (t.status === 'pending') {Events appear once the transaction is mined.} @else {This transaction emitted no marketplace events.}
          </p>
        } @else {
          <ol class="events" aria-labelledby="tx-events">
            @for (e of t.events; track e.log.logIndex) {
              <li>
                <app-market-phrase [phrase]="e.phrase" />.
                <details>
                  <summary>{{ e.event.type }}: decoded fields</summary>
                  <dl class="facts">
                    @for (f of e.fields; track f.name) {
                      <dt>{{ f.name }}</dt>
                      <dd>
                        @if (f.address) {<app-address-link [address]="f.address" />} @else {{{ f.value }}}
                        @if (f.raw) {<span class="muted"> ({{ f.raw }})</span>}
                      </dd>
                    }
                  </dl>
                </details>
              </li>
            }
          </ol>
        }

        <h3 id="tx-logs">Raw logs ({{ t.logs.length }})</h3>
        @for (log of t.logs; track log.logIndex) {
          <details>
            <summary>Log {{ log.logIndex }} from {{ log.shortAddress }}{{ log.eventName ? ' (' + log.eventName + ')' : '' }}</summary>
            <dl class="facts">
              <dt>Address</dt>
              <dd><app-address-link [address]="log.address" /></dd>
              @for (topic of log.topics; track $index) {
                <dt>Topic {{ $index }}</dt>
                <dd class="mono">{{ topic }}</dd>
              }
              <dt>Data</dt>
              <dd class="mono">{{ log.data }}</dd>
            </dl>
          </details>
        } @empty {
          <p class="muted">No logs.</p>
        }
        <details>
          <summary>Input data ({{ t.inputBytes }} bytes)</summary>
          <p class="mono">{{ t.tx.input }}</p>
        </details>
      }
    }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TxPageComponent {
  private readonly reader = inject(EXPLORER_READER);
  protected readonly page = loadOnRouteParam('hash', (hash) => this.reader.transaction(hash));
  private readonly now = tickingNowSeconds();
  protected readonly view = computed(() => {
    const s = this.page.state();
    if (s.status !== 'loaded') return undefined;
    const t = s.value;
    const confirmations = t.tx.blockNumber === null ? 0 : t.head - t.tx.blockNumber;
    const names = new Map(t.events.map((e) => [e.log.logIndex, e.event.type]));
    return {
      ...t,
      confirmations: confirmations === 0 ? 'in the latest block' : `${confirmations} block${confirmations === 1 ? '' : 's'} since`,
      iso: t.timestamp === null ? '' : new Date(t.timestamp * 1000).toISOString(),
      utc: t.timestamp === null ? '' : formatUtc(t.timestamp),
      ago: t.timestamp === null ? '' : timeAgo(t.timestamp, this.now()),
      value: formatMoney(t.tx.value),
      gasUsed: t.gasUsed === null ? '–' : formatInteger(t.gasUsed),
      gasLimit: formatInteger(t.tx.gasLimit),
      gasPrice: t.effectiveGasPrice === null ? '' : formatGwei(t.effectiveGasPrice),
      fee: t.feeWei === null ? '' : formatMoney(t.feeWei),
      inputBytes: Math.max(0, (t.tx.input.length - 2) / 2),
      events: t.events.map((e) => ({ ...e, fields: eventFields(this.reader.decoder.iface, e.log) })),
      logs: t.logs.map((log) => ({ ...log, shortAddress: shortHex(log.address), eventName: names.get(log.logIndex) ?? '' })),
    };
  });

  constructor() {
    // A pending transaction turns into a mined one on a new block; a mined one gains confirmations.
    inject(DestroyRef).onDestroy(followNewBlocks(inject(READ_PROVIDER), () => this.refreshIfPending()));
  }

  private async refreshIfPending(): Promise<void> {
    if (this.page.value()?.status !== 'pending') return;
    await this.page.refresh();
  }
}
