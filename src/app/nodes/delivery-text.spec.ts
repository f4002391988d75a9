import { describeDelivery, formatPower, secondsLeft } from './delivery-text';
import type { DeliveryReading, TradeDelivery } from './node-api';
import type { NodeTradeReport } from './node-protocol';

function side(role: 'export' | 'import', state: NodeTradeReport['state'], deliveredMilliWh: number, extra: Partial<NodeTradeReport> = {}): DeliveryReading {
  return {
    kind: 'report',
    report: {
      tradeId: 9,
      role,
      quantityMilliWh: 200_000,
      state,
      deliveredMilliWh,
      powerW: state === 'delivering' ? 60 : 0,
      startedAtMs: 0,
      endedAtMs: null,
      stopReason: null,
      restarts: 0,
      ...extra,
    },
  };
}

const delivery = (seller: DeliveryReading, buyer: DeliveryReading | null, timeScale: number | null = 1): TradeDelivery => ({ seller, buyer, timeScale });

describe('a delivery in words', () => {
  it('says the power now, both figures, the share sent and the time left', () => {
    // 200 Wh at 60 W take 3 h 20 min; 124 mWh of it sent.
    const view = describeDelivery(delivery(side('export', 'delivering', 124), side('import', 'delivering', 121)), 200_000n);
    expect(view).toEqual({ percent: 0, text: '60 W now: sent 0.124 Wh, received 0.121 Wh of 200 Wh (0%), about 3 h 20 min left' });
  });

  it("turns the node's power into real time on an emulator whose clock runs faster", () => {
    const view = describeDelivery(delivery(side('export', 'delivering', 100_000), side('import', 'delivering', 98_000), 60), 200_000n);
    expect(view.text).toBe('60 W now: sent 100.000 Wh, received 98.000 Wh of 200 Wh (50%), about 2 min left');
    expect(secondsLeft(100_000, 60, 60)).toBe(100);
    expect(secondsLeft(0, 60, 1)).toBeNull();
    expect(secondsLeft(1000, 0, 1)).toBeNull();
  });

  it('says a buyer without a meter, or whose node does not answer', () => {
    expect(describeDelivery(delivery(side('export', 'delivering', 1_000), null), 2_000n).text).toBe(
      '60 W now: sent 1.000 Wh of 2 Wh (50%) (one-sided: the buyer has no meter), about 1 min left',
    );
    expect(describeDelivery(delivery(side('export', 'delivering', 1_000), { kind: 'unreachable', message: 'x' }), 2_000n).text).toBe(
      "60 W now: sent 1.000 Wh of 2 Wh (50%) (the buyer's node does not answer right now), about 1 min left",
    );
    expect(describeDelivery(delivery(side('export', 'delivered', 2_000), null), 2_000n).text).toBe(
      'Delivered: sent 2.000 Wh of 2 Wh (one-sided: the buyer has no meter); the settlement pays for what was sent.',
    );
  });

  it('says waiting, queued, stopped early and delivered', () => {
    expect(describeDelivery(delivery({ kind: 'not-started' }, null), 2_000n)).toEqual({ percent: null, text: "Waiting for the seller's node to start." });
    expect(describeDelivery(delivery({ kind: 'unreachable', message: 'House 2 is unreachable' }, null), 2_000n).text).toBe('House 2 is unreachable');
    expect(describeDelivery(delivery(side('export', 'queued', 0), side('import', 'queued', 0)), 2_000n).text).toBe(
      "Queued at the seller's node: it starts when the node is free.",
    );
    expect(
      describeDelivery(delivery(side('export', 'stopped', 400, { stopReason: 'battery-flat' }), side('import', 'delivered', 392)), 2_000n).text,
    ).toBe('Stopped early: sent 0.400 Wh, received 0.392 Wh of 2 Wh; the battery ran flat.');
    expect(describeDelivery(delivery(side('export', 'delivered', 2_000), side('import', 'delivered', 1_960)), 2_000n)).toEqual({
      percent: 100,
      text: 'Delivered: sent 2.000 Wh, received 1.960 Wh of 2 Wh; the settlement pays for what was received.',
    });
  });

  it('writes power as people read it', () => {
    expect([formatPower(60.4), formatPower(-60.4), formatPower(2.345), formatPower(1500)]).toEqual(['60 W', '60 W', '2.3 W', '1.5 kW']);
  });
});
