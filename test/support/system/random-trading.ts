/**
 * Random trading on the real contract, for property tests of what follows
 * the chain: offers, requests, buys, fills, cancellations, settlements by the
 * meter operator and reclaims after the deadline. Each action picks its
 * target among what is open on chain at that moment, so a generated sequence
 * stays mostly valid whatever came before.
 */
import fc from 'fast-check';
import type { BaseWallet, Contract } from 'ethers';

import { loadOperatorKey } from '../../../scripts/deploy/operator-key';
import type { TestSystem } from './test-system';

export const TRADERS = 5;

export type TradingAction =
  | { readonly type: 'offer' | 'request'; readonly who: number; readonly quantity: number; readonly price: number }
  | { readonly type: 'buy' | 'fill'; readonly who: number; readonly pick: number; readonly part: number }
  | { readonly type: 'cancel'; readonly pick: number }
  | { readonly type: 'settle'; readonly pick: number; readonly part: number }
  | { readonly type: 'reclaim'; readonly pick: number };

const who = fc.integer({ min: 0, max: TRADERS - 1 });
const pick = fc.nat({ max: 1000 });
const part = fc.integer({ min: 1, max: 100 });

export const tradingAction: fc.Arbitrary<TradingAction> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ type: fc.constantFrom('offer' as const, 'request' as const), who, quantity: fc.integer({ min: 1, max: 50_000 }), price: fc.integer({ min: 1, max: 50 }) }) },
  { weight: 4, arbitrary: fc.record({ type: fc.constantFrom('buy' as const, 'fill' as const), who, pick, part }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('cancel' as const), pick }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('settle' as const), pick, part }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('reclaim' as const), pick }) },
);

interface OpenOrder {
  id: bigint;
  kind: number;
  maker: string;
  unitPrice: bigint;
  remainingMilliWh: bigint;
}

export class RandomTrader {
  private readonly operator: BaseWallet;

  constructor(private readonly system: TestSystem) {
    this.operator = loadOperatorKey(system.paths.operatorKey);
  }

  /** Performs the action; false when nothing on chain fits it (e.g. no open offer to buy). */
  async perform(action: TradingAction): Promise<boolean> {
    const system = this.system;
    const market = system.marketplace();
    const send = async (account: number | 'operator', call: (contract: Contract, nonce: number) => Promise<{ wait(): Promise<unknown> }>) => {
      // Connected now: the system's provider is replaced when the chain restarts.
      const wallet = account === 'operator' ? this.operator.connect(system.provider) : system.wallet(account);
      const nonce = Number(await system.provider.send('eth_getTransactionCount', [wallet.address, 'pending']));
      await (await call(market.connect(wallet) as Contract, nonce)).wait();
      return true;
    };
    switch (action.type) {
      case 'offer':
        return send(action.who, (m, nonce) => m.createOffer(action.quantity, action.price, { nonce }));
      case 'request':
        return send(action.who, (m, nonce) => m.createRequest(action.quantity, action.price, { nonce, value: BigInt(action.quantity * action.price) }));
      case 'buy':
      case 'fill': {
        const me = system.wallet(action.who).address;
        const candidates = (await this.openOrders(action.type === 'buy' ? 0 : 1)).filter((o) => o.maker !== me);
        if (candidates.length === 0) return false;
        const order = candidates[action.pick % candidates.length];
        const quantity = (order.remainingMilliWh * BigInt(action.part) + 99n) / 100n;
        return action.type === 'buy'
          ? send(action.who, (m, nonce) => m.buy(order.id, quantity, { nonce, value: quantity * order.unitPrice }))
          : send(action.who, (m, nonce) => m.fill(order.id, quantity, { nonce }));
      }
      case 'cancel': {
        const candidates = [...(await this.openOrders(0)), ...(await this.openOrders(1))];
        if (candidates.length === 0) return false;
        const order = candidates[action.pick % candidates.length];
        const maker = this.accountIndex(order.maker);
        return send(maker, (m, nonce) => (order.kind === 0 ? m.cancelOffer(order.id, { nonce }) : m.cancelRequest(order.id, { nonce })));
      }
      case 'settle': {
        const trades = await this.openTrades();
        if (trades.length === 0) return false;
        const trade = trades[action.pick % trades.length];
        // Both meters: what the seller's node sent; the buyer's node received all of it, a little
        // less, or far less (disputed); now and then the buyer has no node (one-sided).
        const sent = (trade.quantityMilliWh * BigInt(action.part)) / 100n;
        const received = action.part % 3 === 0 ? sent / 2n : action.part % 3 === 1 ? sent : (sent * 99n) / 100n;
        const delivery = { tradeId: trade.id, sentMilliWh: sent, receivedMilliWh: received, buyerMetered: action.part % 5 !== 0 };
        return send('operator', (m, nonce) => m.settle(delivery, { nonce }));
      }
      case 'reclaim': {
        const trades = await this.openTrades();
        if (trades.length === 0) return false;
        const trade = trades[action.pick % trades.length];
        // Past the deadline: Ganache moves its clock when asked.
        const latest = await system.provider.getBlock('latest');
        if (latest!.timestamp < Number(trade.deadline)) {
          await system.provider.send('evm_increaseTime', [Number(trade.deadline) - latest!.timestamp + 1]);
          await system.provider.send('evm_mine', []);
        }
        return send(this.accountIndex(trade.buyer), (m, nonce) => m.reclaim(trade.id, { nonce, gasLimit: 200_000 }));
      }
    }
  }

  private accountIndex(address: string): number {
    for (let i = 0; i < TRADERS; i++) if (this.system.wallet(i).address === address) return i;
    throw new Error(`${address} is not one of the traders`);
  }

  private async openOrders(kind: 0 | 1): Promise<OpenOrder[]> {
    const [orders] = await this.system.marketplace().getOpenOrders(kind, 1, 5000);
    return orders.map((o: OpenOrder) => ({ id: o.id, kind: Number(o.kind), maker: o.maker, unitPrice: o.unitPrice, remainingMilliWh: o.remainingMilliWh }));
  }

  private async openTrades(): Promise<{ id: bigint; buyer: string; quantityMilliWh: bigint; deadline: bigint }[]> {
    const seen = new Map<bigint, { id: bigint; buyer: string; quantityMilliWh: bigint; deadline: bigint }>();
    for (let i = 0; i < TRADERS; i++) {
      const [trades] = await this.system.marketplace().getOpenTradesOf(this.system.wallet(i).address, 1, 3000);
      for (const t of trades) seen.set(t.id, { id: t.id, buyer: t.buyer, quantityMilliWh: t.quantityMilliWh, deadline: t.deadline });
    }
    return [...seen.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  }
}
