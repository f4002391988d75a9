import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';

import { RUNTIME_CONFIG } from '../config/config.service';
import { isDemo } from './community-contract';
import { formatUtc } from '../core/time-format';
import { MoneyPipe } from '../shared/money.pipe';
import { ExplorerLink } from '../shared/explorer-link';
import { Pager } from '../shared/pager';
import { WalletSession } from '../wallet/wallet-session';
import { CashOutForm } from './cash-out-form';
import { TreasuryLedger } from './treasury-ledger';

/** Rows per page of the ledger. */
const PAGE_SIZE = 20;

/**
 * The community's money in the open: coins the treasury issued (top-ups),
 * coins that came back (cash-outs), what circulates (issued - returned), and
 * every top-up and cash-out with who, how much, when and the note. A
 * connected household cashes out here.
 */
@Component({
  selector: 'app-treasury-page',
  imports: [CashOutForm, ExplorerLink, MoneyPipe, Pager],
  providers: [TreasuryLedger],
  template: `
    <h1>Treasury</h1>
    @if (demo) {
      <p class="banner banner-warning">The demo's treasury: its coins are the development chain's, and worth nothing.</p>
    }
      <section class="card" aria-labelledby="totals-heading">
        <h2 id="totals-heading">{{ config.community.name }}'s money</h2>
        @if (ledger.totals(); as totals) {
          <dl class="totals">
            <div><dt>Issued by top-ups</dt><dd data-figure="issued">{{ totals.issuedWei | money }}</dd></div>
            <div><dt>Returned by cash-outs</dt><dd data-figure="returned">{{ totals.returnedWei | money }}</dd></div>
            <div><dt>In circulation</dt><dd data-figure="circulation">{{ totals.circulationWei | money }}</dd></div>
          </dl>
          <p class="hint">
            In circulation = issued - returned: what households and the operator hold, what the marketplace holds in
            escrow, and what was paid in network fees. Treasury account: <app-explorer-link target="address" [value]="config.community.contract.treasury" [whole]="true" />.
          </p>
        } @else if (ledger.state() === 'failed') {
          <p class="problem" role="alert">{{ ledger.error()?.message }}</p>
        } @else {
          <p class="hint" role="status"><span class="spinner" aria-hidden="true"></span> Reading the treasury…</p>
        }
      </section>

      @if (wallet.account()) {
        <app-cash-out-form />
      }

      <section class="card" aria-labelledby="ledger-heading">
        <h2 id="ledger-heading">Top-ups and cash-outs</h2>
        @if (ledger.state() === 'loading') {
          <p class="hint" role="status"><span class="spinner" aria-hidden="true"></span> Reading the ledger…</p>
        } @else if (ledger.entries().length === 0) {
          <p class="hint">No top-up or cash-out yet.</p>
        } @else {
          <div class="table-scroll">
            <table class="ledger">
              <caption class="visually-hidden">Top-ups and cash-outs, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">What</th>
                  <th scope="col">Who</th>
                  <th scope="col">Amount</th>
                  <th scope="col">Note</th>
                  <th scope="col">Block</th>
                </tr>
              </thead>
              <tbody>
                @for (row of rows(); track row.entry.transactionHash + row.entry.logIndex) {
                  <tr [attr.data-kind]="row.entry.kind">
                    <td data-label="When">{{ row.when }}</td>
                    <td data-label="What">{{ row.entry.kind === 'top-up' ? 'Top-up' : 'Cash-out' }}</td>
                    <td data-label="Who"><app-explorer-link target="address" [value]="row.entry.account" /></td>
                    <td class="figure" data-label="Amount">{{ row.entry.amountWei | money }}</td>
                    <td data-label="Note">{{ row.entry.note }}</td>
                    <td data-label="Block"><app-explorer-link target="block" [value]="row.entry.blockNumber" /></td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
          <app-pager [total]="ledger.entries().length" [pageSize]="pageSize" [(page)]="page" label="Top-ups and cash-outs: pages" />
        }
      </section>
  `,
  styles: `
    .totals { display: flex; flex-wrap: wrap; gap: 0.5rem 2rem; margin: 0 0 0.5rem; }
    .totals dt { color: var(--muted); font-size: 0.9rem; }
    .totals dd { margin: 0; font-size: 1.25rem; font-weight: 700; font-variant-numeric: tabular-nums; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TreasuryPage {
  protected readonly config = inject(RUNTIME_CONFIG);
  protected readonly demo = isDemo(this.config);
  protected readonly ledger = inject(TreasuryLedger);
  protected readonly wallet = inject(WalletSession);
  protected readonly pageSize = PAGE_SIZE;
  protected readonly page = signal(0);

  private readonly shown = computed(() => this.ledger.entries().slice(this.page() * PAGE_SIZE, (this.page() + 1) * PAGE_SIZE));
  protected readonly rows = computed(() => {
    const times = this.ledger.times();
    return this.shown().map((entry) => {
      const time = times.get(entry.blockNumber);
      return { entry, when: time === undefined ? '…' : formatUtc(time) };
    });
  });

  constructor() {
    // Block times only for the rows on screen: the page costs what it shows.
    effect(() => void this.ledger.loadTimes(this.shown().map((entry) => entry.blockNumber)));
  }
}
