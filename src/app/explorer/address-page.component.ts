import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, signal, untracked } from '@angular/core';

import { READ_PROVIDER } from '../chain/read-provider';
import { HouseholdDirectory } from '../community/household-directory';
import { formatUtc } from '../core/time-format';
import { formatEnergy, formatMoney, formatPricePerKWh } from '../core/units';
import { AgentMark } from '../shared/agent-mark';
import type { ApiTrade } from '../read-model/api-shapes';
import { ReadApi } from '../read-model/read-api';
import { ReadModelUpdates } from '../read-model/read-model-updates';
import { TRADE_STAGE_WORDS, deadlinePassed, meterFiguresText } from '../trades/trade-stage';
import { CopyButton } from '../shared/copy-button';
import { ExplorerLink } from '../shared/explorer-link';
import { ActivityPagerComponent } from './activity-pager.component';
import { type AddressActivityPages, addressActivityPages } from './address-activity-pages';
import { AddressLinkComponent } from './address-link.component';
import { marketEventOf } from './api-market-event';
import { BlockLinkComponent } from './block-link.component';
import { ExplorerProblemComponent } from './explorer-problem.component';
import { EXPLORER_READER } from './explorer-reader.token';
import { eventInWords } from './market-event-names';
import { MarketPhraseComponent } from './market-phrase.component';
import { describeMarketEvent } from './market-wording';
import { followNewBlocks } from './new-blocks';
import { loadOnRouteParam } from './route-page-loader';
import { TxLinkComponent } from './tx-link.component';
import { tickingNowSeconds } from './ticking-clock';

const ROLE_TEXT = {
  marketplace: 'The EnergyMarketplace contract: it holds buyers’ escrow and pays sellers when trades settle.',
  operator: 'The meter operator: the delivery service’s key, the only account that settles trades.',
  contract: 'A contract account.',
  account: 'An account (a person’s wallet).',
} as const;

/**
 * One address: balance, nonce, credits and role from the chain; its market
 * events, trades and orders from the read API, a page at a time, so the page
 * costs what it shows however long the ledger's history.
 */
@Component({
  selector: 'app-address-page',
  imports: [ActivityPagerComponent, AddressLinkComponent, AgentMark, BlockLinkComponent, CopyButton, ExplorerLink, ExplorerProblemComponent, MarketPhraseComponent, TxLinkComponent],
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

        @if (activity(); as act) {
          @let ev = eventRows();
          <h3 id="history">{{ a.marketplace ? 'Latest market events' : 'Market history' }}</h3>
          <p class="muted">Newest first, as the main server's index holds them.</p>
          <ol class="events" aria-labelledby="history">
            @for (h of ev; track h.key) {
              <li>@if (h.phrase) {<app-market-phrase [phrase]="h.phrase" />} @else {{{ h.words }}} — <app-tx-link [hash]="h.tx" [copyable]="false" />, <app-block-link [block]="h.block" /></li>
            } @empty {
              @if (act.events.state() === 'ready') {<li class="muted">{{ a.marketplace ? 'No market events yet.' : 'This address has not traded on the market.' }}</li>}
            }
          </ol>
          <app-activity-pager [view]="act.events" what="Events" />

          @if (act.trades; as trades) {
            <h3 id="trades">Trades</h3>
            @if (tradeRows().length === 0 && trades.state() === 'ready') {
              <p class="muted">None yet.</p>
            } @else if (tradeRows().length > 0) {
              <div class="table-scroll">
                <table aria-labelledby="trades">
                  <thead>
                    <tr>
                      <th scope="col">Trade</th><th scope="col">Role</th><th scope="col">With</th><th scope="col" class="num">Energy</th>
                      <th scope="col" class="num">Amount</th><th scope="col">State</th>
                    </tr>
                  </thead>
                  <tbody>
                    @for (t of tradeRows(); track t.id) {
                      <tr>
                        <td data-label="Trade"><app-explorer-link target="trade" [value]="t.id" />&ngsp;<span class="muted">({{ t.orderLabel }})</span>@if (t.byAgent) {<app-agent-mark />}</td>
                        <td data-label="Role">{{ t.role }}</td>
                        <td data-label="With"><app-address-link [address]="t.counterparty" [copyable]="false" /></td>
                        <td data-label="Energy" class="num">{{ t.energy }}</td>
                        <td data-label="Amount" class="num">{{ t.amount }}</td>
                        <td data-label="State">{{ t.stateText }}</td>
                      </tr>
                    }
                  </tbody>
                </table>
              </div>
            }
            <app-activity-pager [view]="trades" what="Trades" />
          }

          @if (act.orders; as orders) {
            <h3 id="orders">Offers and requests</h3>
            @if (orderRows().length === 0 && orders.state() === 'ready') {
              <p class="muted">None.</p>
            } @else if (orderRows().length > 0) {
              <div class="table-scroll">
                <table aria-labelledby="orders">
                  <thead>
                    <tr><th scope="col">Order</th><th scope="col" class="num">Remaining</th><th scope="col" class="num">Price</th><th scope="col">State</th><th scope="col">Posted in</th></tr>
                  </thead>
                  <tbody>
                    @for (o of orderRows(); track o.id) {
                      <tr>
                        <td data-label="Order"><app-explorer-link target="order" [value]="o.id" [kind]="o.kind" />@if (o.byAgent) {<app-agent-mark />}</td>
                        <td data-label="Remaining" class="num">{{ o.remaining }} <span class="muted">of {{ o.quantity }}</span></td>
                        <td data-label="Price" class="num">{{ o.price }}</td>
                        <td data-label="State">{{ o.stateText }}</td>
                        <td data-label="Posted in"><app-tx-link [hash]="o.created.transactionHash" [copyable]="false" /></td>
                      </tr>
                    }
                  </tbody>
                </table>
              </div>
            }
            <app-activity-pager [view]="orders" what="Orders" />
          }
        }
      }
    }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AddressPageComponent {
  private readonly reader = inject(EXPLORER_READER);
  private readonly directory = inject(HouseholdDirectory);
  private readonly api = inject(ReadApi);
  private readonly updates = inject(ReadModelUpdates);
  protected readonly page = loadOnRouteParam('address', (address) => this.reader.address(address));
  private readonly now = tickingNowSeconds();
  /** The address's events, trades and orders from the read API; made once its chain facts are known. */
  protected readonly activity = signal<AddressActivityPages | null>(null);
  private activityOf = '';
  /** The household's name in the community's directory (or the account's role). */
  protected readonly name = computed(() => this.directory.nameOf(this.page.key()));
  protected readonly view = computed(() => {
    const s = this.page.state();
    if (s.status !== 'loaded') return undefined;
    const a = s.value;
    return {
      ...a,
      stale: s.staleBecause,
      roleText: ROLE_TEXT[a.role],
      balance: formatMoney(a.balanceWei),
      credits: formatMoney(a.creditsWei),
      hasCredits: a.creditsWei > 0n,
      window: a.marketplace ? `${a.marketplace.settlementWindowSeconds} s` : '',
    };
  });
  private readonly trades = computed(() => this.activity()?.trades?.value()?.items ?? []);
  private readonly orders = computed(() => this.activity()?.orders?.value()?.items ?? []);
  protected readonly orderRows = computed(() =>
    this.orders().map((o) => ({
      ...o,
      quantity: formatEnergy(BigInt(o.quantityMilliWh)),
      remaining: formatEnergy(BigInt(o.remainingMilliWh)),
      price: formatPricePerKWh(BigInt(o.unitPrice)),
      stateText: ORDER_STATUS_TEXT[o.status],
    })),
  );
  protected readonly tradeRows = computed(() => {
    const me = this.activityOf.toLowerCase();
    const nowSeconds = this.now();
    return this.trades().map((t) => {
      const role = t.buyer === me ? 'buyer' : 'seller';
      return {
        id: t.id,
        role,
        byAgent: role === 'buyer' ? t.boughtByAgent : t.soldByAgent,
        counterparty: role === 'buyer' ? t.seller : t.buyer,
        orderLabel: `${t.orderKind} #${t.orderId}`,
        energy: formatEnergy(BigInt(t.quantityMilliWh)),
        amount: formatMoney(BigInt(t.amountWei)),
        stateText: tradeStateText(t, nowSeconds),
      };
    });
  });
  protected readonly eventRows = computed(() => {
    const events = this.activity()?.events.value()?.items ?? [];
    // Offer or request, for the trades' words: from the orders, trades and creations in view.
    const kinds = new Map<bigint, 'offer' | 'request'>();
    for (const o of this.orders()) kinds.set(BigInt(o.id), o.kind);
    for (const t of this.trades()) kinds.set(BigInt(t.orderId), t.orderKind);
    const decoded = events.map((e) => ({ api: e, event: marketEventOf(e) }));
    for (const { event } of decoded) {
      if (event?.type === 'OfferCreated') kinds.set(event.orderId, 'offer');
      if (event?.type === 'RequestCreated') kinds.set(event.orderId, 'request');
    }
    return decoded.map(({ api, event }) => ({
      key: `${api.blockNumber}/${api.logIndex}`,
      phrase: event ? describeMarketEvent(event, { orderKind: (id) => kinds.get(id) }) : null,
      words: eventInWords(api),
      tx: api.transactionHash,
      block: api.blockNumber,
    }));
  });

  constructor() {
    // Balances and credits change with every block: refresh in place (one batch per new head).
    inject(DestroyRef).onDestroy(followNewBlocks(inject(READ_PROVIDER), () => this.refresh()));
    // A new address gets its own lists, from their newest page.
    effect(() => {
      const details = this.page.value() ?? null;
      const shown = this.view()?.address ?? '';
      untracked(() => {
        if (!details || shown === this.activityOf) return;
        this.activity()?.destroy();
        this.activityOf = shown;
        this.activity.set(addressActivityPages(this.api, this.updates, shown, details.role === 'marketplace'));
      });
    });
    inject(DestroyRef).onDestroy(() => this.activity()?.destroy());
  }

  private async refresh(): Promise<void> {
    if (!this.page.value()) return;
    await this.page.refresh();
  }
}

const ORDER_STATUS_TEXT = { open: 'open', filled: 'filled', cancelled: 'cancelled' } as const;

/** Where a trade stands for the address's page: open with its reclaim date, or how it closed. */
function tradeStateText(t: ApiTrade, nowSeconds: number): string {
  if (t.state === 'reclaimed') return `${TRADE_STAGE_WORDS.reclaimed}: ${formatMoney(BigInt(t.reclaim?.amountWei ?? t.amountWei))} returned`;
  if (t.state === 'settled') {
    const s = t.settlement;
    if (!s) return TRADE_STAGE_WORDS.settled;
    const meters =
      s.sentMilliWh !== undefined && s.receivedMilliWh !== undefined && s.metering
        ? meterFiguresText(BigInt(s.sentMilliWh), BigInt(s.receivedMilliWh), s.metering)
        : `${formatEnergy(BigInt(s.deliveredMilliWh))} delivered`;
    return `${TRADE_STAGE_WORDS.settled}: ${meters}; seller paid ${formatMoney(BigInt(s.sellerAmountWei))}, buyer got back ${formatMoney(BigInt(s.buyerRefundWei))}`;
  }
  return deadlinePassed(t.reclaimableFrom, nowSeconds)
    ? `${TRADE_STAGE_WORDS.reclaimable}: the deadline passed (${formatUtc(t.reclaimableFrom)})`
    : `Not settled yet; reclaimable from ${formatUtc(t.reclaimableFrom)}`;
}
