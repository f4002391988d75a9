import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';

import { formatEnergy } from '../core/units';
import { AgentMark } from '../shared/agent-mark';
import { EnergyPipe } from '../shared/energy.pipe';
import { PricePipe } from '../shared/price.pipe';
import { type TxHandle, Transactor } from '../transactions/transactor';
import { TxStatusView } from '../transactions/tx-status-view';
import { MarketBook } from './market-book';
import type { MarketOrder } from './market-order';

/** My open offers and requests, with what remains of each, and Cancel. */
@Component({
  selector: 'app-my-orders',
  imports: [AgentMark, EnergyPipe, PricePipe, TxStatusView],
  template: `
    <section class="card" aria-labelledby="my-orders-heading">
      <h2 id="my-orders-heading">My open offers and requests</h2>
      <app-tx-status [handle]="handle()" />
      @if (market.state() === 'loading') {
        <p class="hint" role="status"><span class="spinner" aria-hidden="true"></span> Loading…</p>
      } @else if (market.mine().length === 0) {
        <p class="hint">You have no open offers or requests.</p>
      } @else {
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Kind</th>
                <th scope="col">Remaining</th>
                <th scope="col">Price</th>
                <th scope="col"><span class="visually-hidden">Action</span></th>
              </tr>
            </thead>
            <tbody>
              @for (order of market.mine(); track order.id) {
                <tr>
                  <td data-label="#">{{ order.id }}</td>
                  <td data-label="Kind">{{ order.kind === 'offer' ? 'Sell offer' : 'Buy request' }}@if (order.byAgent) {<app-agent-mark text="By my agent" />}</td>
                  <td data-label="Remaining">{{ order.remainingMilliWh | energy }}</td>
                  <td data-label="Price">{{ order.unitPrice | pricePerKWh }}</td>
                  <td>
                    <button type="button" (click)="cancelOrder(order)" [disabled]="cancelling() === order.id">
                      Cancel<span class="visually-hidden"> {{ order.kind }} #{{ order.id }}</span>
                    </button>
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      }
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MyOrders {
  protected readonly market = inject(MarketBook);
  private readonly transactor = inject(Transactor);
  protected readonly handle = signal<TxHandle | null>(null);
  protected readonly cancelling = signal<bigint | null>(null);

  protected cancelOrder(order: MarketOrder): void {
    const offer = order.kind === 'offer';
    const handle = this.transactor.run({
      label: `Cancel ${offer ? 'offer' : 'request'} #${order.id} (${formatEnergy(order.remainingMilliWh)} left)`,
      action: offer ? 'cancelOffer' : 'cancelRequest',
      args: [order.id],
      errorContext: { orderNoun: offer ? 'offer' : 'request' },
    });
    this.handle.set(handle);
    this.cancelling.set(order.id);
    void handle.done.then(() => this.cancelling.set(null));
  }
}
