import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';

import { READ_PROVIDER } from '../chain/read-provider';
import { HouseholdDirectory } from '../community/household-directory';
import { formatUtc } from '../core/time-format';
import { formatEnergy, formatMoney, formatPricePerKWh } from '../core/units';
import { AgentMark } from '../shared/agent-mark';
import { METERING_TAGS, TRADE_STAGE_WORDS, meterFiguresText } from '../trades/trade-stage';
import { CopyButton } from '../shared/copy-button';
import { ExplorerLink } from '../shared/explorer-link';
import { AddressLinkComponent } from './address-link.component';
import { deadlinePassed } from './address-activity';
import { BlockLinkComponent } from './block-link.component';
import { ExplorerProblemComponent } from './explorer-problem.component';
import type { AddressDetails } from './explorer-reader';
import { EXPLORER_READER } from './explorer-reader.token';
import { MarketPhraseComponent } from './market-phrase.component';
import { describeMarketEvent } from './market-wording';
import { followNewBlocks } from './new-blocks';
import { loadOnRouteParam } from './route-page-loader';
import { TxLinkComponent } from './tx-link.component';
import { tickingNowSeconds } from './ticking-clock';

/** How many history lines show before "Show all". */
const HISTORY_SHOWN = 50;

const ROLE_TEXT = {
  marketplace: 'The EnergyMarketplace contract: it holds buyers’ escrow and pays sellers when trades settle.',
  operator: 'The meter operator: the delivery service’s key, the only account that settles trades.',
  contract: 'A contract account.',
  account: 'An account (a person’s wallet).',
} as const;

/** One address: balance, nonce, and its offers, requests and trades in the market. */
@Component({
  selector: 'app-address-page',
  imports: [AddressLinkComponent, AgentMark, BlockLinkComponent, CopyButton, ExplorerLink, ExplorerProblemComponent, MarketPhraseComponent, TxLinkComponent],
  template: `<h2>Address</h2>
    @switch (page.state().status) {
      @case ('loading') {
        <p class="mono">{{ page.key() }}</p>
        <p role="status">Loading address…</p>
      }
      @case ('failed') {
        <app-explorer-problem [error]="page.failure()!" (retry)="page.reload()" />
      }
      @case ('loaded') {
        @let a = view()!;
        @if (a.stale) {<p class="stale" role="status">Figures may be out of date: {{ a.stale }}</p>}
        <dl class="facts">
          @if (name(); as name) {
            <dt>Name</dt>
            <dd class="account-name">{{ name }}</dd>
          }
          <dt>Address</dt>
          <dd class="mono">{{ a.address }}<app-copy-button [value]="a.address" what="address" compact /></dd>
          <dt>What it is</dt>
          <dd>{{ a.roleText }}</dd>
          <dt>Balance</dt>
          <dd>{{ a.balance }}</dd>
          <dt>Nonce</dt>
          <dd>{{ a.nonce }} <span class="muted">(transactions sent)</span></dd>
          @if (a.hasCredits) {
            <dt>Credits</dt>
            <dd>{{ a.credits }} <span class="muted">(payments the marketplace holds for it to withdraw)</span></dd>
          }
          @if (a.role !== 'operator') {
            <dt>Meter operator</dt>
            <dd><app-address-link [address]="a.operator" /></dd>
          }
          @if (a.marketplace; as m) {
            <dt>Orders ever posted</dt>
            <dd>{{ m.orderCount }}</dd>
            <dt>Trades ever opened</dt>
            <dd>{{ m.tradeCount }}</dd>
            <dt>Settlement window</dt>
            <dd>{{ a.window }}</dd>
          }
          <dt>As of</dt>
          <dd><app-block-link [block]="a.head" /></dd>
        </dl>

        @if (a.marketplace; as m) {
          <h3 id="recent-market">Latest market events</h3>
          <p class="muted">From block #{{ m.recentFromBlock }} on, newest first.</p>
          <ol class="events" aria-labelledby="recent-market">
            @for (e of m.recentEvents.slice(0, historyLimit()); track e.log.transactionHash + e.log.logIndex) {
              <li><app-market-phrase [phrase]="e.phrase" /> — <app-tx-link [hash]="e.log.transactionHash" [copyable]="false" /></li>
            } @empty {
              <li class="muted">No market events in these blocks.</li>
            }
          </ol>
          @if (m.recentEvents.length > historyLimit()) {<button type="button" (click)="showAllHistory()">Show all {{ m.recentEvents.length }}</button>}
        } @else {
          <h3 id="open-orders">Open offers and requests ({{ a.openOrders.length }})</h3>
          @if (a.openOrders.length === 0) {
            <p class="muted">None.</p>
          } @else {
            <div class="table-scroll">
              <table aria-labelledby="open-orders">
                <thead>
                  <tr><th scope="col">Order</th><th scope="col" class="num">Remaining</th><th scope="col" class="num">Price</th><th scope="col">Posted in</th></tr>
                </thead>
                <tbody>
                  @for (o of a.openOrders; track o.id) {
                    <tr>
                      <td data-label="Order"><app-explorer-link target="order" [value]="o.id" [kind]="o.kind" />@if (o.byAgent) {<app-agent-mark />}</td>
                      <td data-label="Remaining" class="num">{{ o.remaining }} <span class="muted">of {{ o.quantity }}</span></td>
                      <td data-label="Price" class="num">{{ o.price }}</td>
                      <td data-label="Posted in"><app-tx-link [hash]="o.created.transactionHash" [copyable]="false" /></td>
                    </tr>
                  }
                </tbody>
              </table>
            </div>
          }

          <h3 id="open-trades">Open trades ({{ a.openTrades.length }}{{ a.moreOpenTrades ? '+' : '' }})</h3>
          @if (a.openTrades.length === 0) {
            <p class="muted">None awaiting settlement.</p>
          } @else {
            <div class="table-scroll">
              <table aria-labelledby="open-trades">
                <thead>
                  <tr>
                    <th scope="col">Trade</th><th scope="col">Role</th><th scope="col">With</th><th scope="col" class="num">Energy</th>
                    <th scope="col" class="num">In escrow</th><th scope="col">State</th>
                  </tr>
                </thead>
                <tbody>
                  @for (t of a.openTrades; track t.id) {
                    <tr>
                      <td data-label="Trade"><app-explorer-link target="trade" [value]="t.id" />&ngsp;<span class="muted">({{ t.orderLabel }})</span>@if (t.byAgent) {<app-agent-mark />}</td>
                      <td data-label="Role">{{ t.role }}</td>
                      <td data-label="With"><app-address-link [address]="t.counterparty" [copyable]="false" /></td>
                      <td data-label="Energy" class="num">{{ t.energy }}</td>
                      <td data-label="In escrow" class="num">{{ t.amount }}</td>
                      <td data-label="State">{{ t.stateText }}</td>
                    </tr>
                  }
                </tbody>
              </table>
            </div>
          }

          <h3 id="closed-trades">Closed trades ({{ a.closedTrades.length }})</h3>
          @if (a.closedTrades.length === 0) {
            <p class="muted">None yet.</p>
          } @else {
            <div class="table-scroll">
              <table aria-labelledby="closed-trades">
                <thead>
                  <tr>
                    <th scope="col">Trade</th><th scope="col">Role</th><th scope="col">With</th><th scope="col">Meters</th><th scope="col" class="num">Paid for</th>
                    <th scope="col" class="num">Seller paid</th><th scope="col" class="num">Buyer got back</th><th scope="col">Closed in</th>
                  </tr>
                </thead>
                <tbody>
                  @for (t of a.closedTrades; track t.id) {
                    <tr>
                      <td data-label="Trade"><app-explorer-link target="trade" [value]="t.id" />&ngsp;<span class="muted">({{ t.stageText }})</span>@if (t.byAgent) {<app-agent-mark />}</td>
                      <td data-label="Role">{{ t.role }}</td>
                      <td data-label="With"><app-address-link [address]="t.counterparty" [copyable]="false" /></td>
                      <td data-label="Meters">{{ t.meters }}</td>
                      <td data-label="Paid for" class="num">{{ t.delivered }} <span class="muted">of {{ t.energy }}</span></td>
                      <td data-label="Seller paid" class="num">{{ t.sellerPaid }}</td>
                      <td data-label="Buyer got back" class="num">{{ t.buyerBack }}</td>
                      <td data-label="Closed in">@if (t.closed) {<app-tx-link [hash]="t.closed.transactionHash" [copyable]="false" />}</td>
                    </tr>
                  }
                </tbody>
              </table>
            </div>
          }

          <h3 id="closed-orders">Filled and cancelled orders ({{ a.closedOrders.length }})</h3>
          @if (a.closedOrders.length === 0) {
            <p class="muted">None.</p>
          } @else {
            <ul>
              @for (o of a.closedOrders; track o.id) {
                <li><app-explorer-link target="order" [value]="o.id" [kind]="o.kind" />: {{ o.quantity }} at {{ o.price }}, {{ o.traded }} traded, {{ o.state }}@if (o.byAgent) {<app-agent-mark />}</li>
              }
            </ul>
          }

          <h3 id="history">Market history ({{ a.history.length }})</h3>
          <ol class="events" aria-labelledby="history">
            @for (h of a.history.slice(0, historyLimit()); track h.key) {
              <li><app-market-phrase [phrase]="h.phrase" /> — <app-tx-link [hash]="h.tx" [copyable]="false" />, <app-block-link [block]="h.block" /></li>
            } @empty {
              <li class="muted">This address has not traded on the market.</li>
            }
          </ol>
          @if (a.history.length > historyLimit()) {<button type="button" (click)="showAllHistory()">Show all {{ a.history.length }}</button>}
        }
      }
    }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AddressPageComponent {
  private readonly reader = inject(EXPLORER_READER);
  private readonly directory = inject(HouseholdDirectory);
  protected readonly historyLimit = signal(HISTORY_SHOWN);
  // A new address starts with its history folded again.
  protected readonly page = loadOnRouteParam('address', (address) => this.reader.address(address), () => this.historyLimit.set(HISTORY_SHOWN));
  private readonly now = tickingNowSeconds();
  /** The household's name in the community's directory (or the account's role). */
  protected readonly name = computed(() => this.directory.nameOf(this.page.key()));
  protected readonly view = computed(() => {
    const s = this.page.state();
    if (s.status !== 'loaded') return undefined;
    const a = s.value;
    const own = new Map(a.activity.orders.map((o) => [o.id, o.kind]));
    const traded = new Map(a.activity.trades.map((t) => [t.orderId, t.orderKind]));
    const orderKind = (id: bigint) => own.get(id) ?? traded.get(id);
    const agentTrades = new Set(a.activity.trades.filter((t) => t.byAgent).map((t) => t.id));
    const orderRow = (o: AddressDetails['activity']['orders'][number]) => ({
      ...o,
      label: `${o.kind === 'offer' ? 'Offer' : 'Request'} #${o.id}`,
      quantity: formatEnergy(o.quantityMilliWh),
      remaining: formatEnergy(o.remainingMilliWh),
      traded: formatEnergy(o.tradedMilliWh),
      price: formatPricePerKWh(o.unitPrice),
    });
    const nowSeconds = this.now();
    return {
      ...a,
      stale: s.staleBecause,
      roleText: ROLE_TEXT[a.role],
      balance: formatMoney(a.balanceWei),
      credits: formatMoney(a.creditsWei),
      hasCredits: a.creditsWei > 0n,
      window: a.marketplace ? `${a.marketplace.settlementWindowSeconds} s` : '',
      openOrders: a.activity.orders.filter((o) => o.state === 'open').map(orderRow),
      closedOrders: a.activity.orders.filter((o) => o.state !== 'open').map(orderRow),
      openTrades: a.openTrades.map((t) => {
        const role = t.buyer === a.address ? 'buyer' : 'seller';
        const kind = orderKind(t.orderId) ?? (role === 'buyer' ? 'offer' : 'request');
        const reclaimable = deadlinePassed(t.deadline, nowSeconds);
        return {
          ...t,
          role,
          byAgent: agentTrades.has(t.id),
          counterparty: role === 'buyer' ? t.seller : t.buyer,
          orderLabel: `${kind} #${t.orderId}`,
          energy: formatEnergy(t.quantityMilliWh),
          amount: formatMoney(t.amountWei),
          stateText: reclaimable
            ? `${TRADE_STAGE_WORDS.reclaimable}: the deadline passed (${formatUtc(Number(t.deadline))})`
            : `Not settled yet; reclaimable from ${formatUtc(Number(t.deadline))}`,
        };
      }),
      closedTrades: a.activity.trades
        .filter((t) => t.state !== 'open')
        .map((t) => ({
          ...t,
          stageText:
            t.state === 'reclaimed'
              ? TRADE_STAGE_WORDS.reclaimed
              : [TRADE_STAGE_WORDS.settled, t.metering && METERING_TAGS[t.metering]].filter(Boolean).join(', '),
          meters:
            t.sentMilliWh !== null && t.receivedMilliWh !== null && t.metering !== null
              ? meterFiguresText(t.sentMilliWh, t.receivedMilliWh, t.metering)
              : 'none: reclaimed before any settlement',
          energy: formatEnergy(t.quantityMilliWh),
          delivered: formatEnergy(t.deliveredMilliWh ?? 0n),
          sellerPaid: formatMoney(t.sellerAmountWei ?? 0n),
          buyerBack: formatMoney(t.buyerRefundWei ?? 0n),
        })),
      history: a.activity.history.map((entry) => ({
        key: `${entry.log.transactionHash}:${entry.log.logIndex}`,
        phrase: describeMarketEvent(entry.event, { orderKind }),
        tx: entry.log.transactionHash,
        block: entry.log.blockNumber,
      })),
    };
  });

  constructor() {
    // Balances and trades change with every block: refresh in place (one batch per new head).
    inject(DestroyRef).onDestroy(followNewBlocks(inject(READ_PROVIDER), () => this.refresh()));
  }

  protected showAllHistory(): void {
    this.historyLimit.set(Number.MAX_SAFE_INTEGER);
  }

  private async refresh(): Promise<void> {
    if (!this.page.value()) return;
    await this.page.refresh();
  }
}
