import { type NodeQueue, estimateStart } from './node-queue';

const queue = (account: string, backlogMilliWh: number, powerW: number, waitingMilliWh = 0, timeScale = 1): NodeQueue => ({
  account,
  node: { activeTradeId: backlogMilliWh ? 1 : null, backlogMilliWh, powerW, timeScale },
  waitingTrades: waitingMilliWh ? 1 : 0,
  waitingMilliWh,
});

describe('when a delivery would start', () => {
  it('starts at once when both nodes are free', () => {
    expect(estimateStart([queue('0xA', 0, 0), queue('0xB', 0, 0)])).toEqual({ kind: 'now' });
  });

  it("waits for the busier node's backlog and what waits for it, at the power it delivers now", () => {
    // 198 Wh delivering plus 2 Wh waiting, at 60 W: 3 h 20 min.
    expect(estimateStart([queue('0xA', 198_000, 60, 2_000), queue('0xB', 1_000, 60)])).toEqual({
      kind: 'later',
      account: '0xA',
      aheadMilliWh: 200_000,
      seconds: 12_000,
    });
    // An emulator at time scale 60 gets there sixty times sooner.
    expect(estimateStart([queue('0xA', 60_000, 60, 0, 60)])).toMatchObject({ seconds: 60 });
  });

  it('says how much is ahead when the power is not known, and nothing when a node does not answer', () => {
    expect(estimateStart([queue('0xA', 0, 0, 5_000)])).toEqual({ kind: 'later', account: '0xA', aheadMilliWh: 5_000, seconds: null });
    expect(estimateStart([queue('0xA', 0, 0), { account: '0xB', node: null, waitingTrades: 0, waitingMilliWh: 0 }])).toEqual({
      kind: 'unknown',
      account: '0xB',
    });
  });
});
