/**
 * Every figure the project measures, with its target, in one table: what
 * `npm run bench` checks and prints. Figures without a target are reported
 * for the reader (the README quotes them) but pass or fail nothing.
 */

/** How a figure is judged. */
export type Goal =
  | { readonly atMost: number }
  | { readonly atLeast: number }
  /** At least `fraction` of another figure measured in the same run (e.g. the chain's own rate). */
  | { readonly atLeastFractionOf: string; readonly fraction: number }
  | { readonly reportOnly: true };

export interface FigureSpec {
  /** `section.figure`, as in reports/bench.json. */
  readonly key: string;
  readonly what: string;
  readonly unit: string;
  readonly goal: Goal;
  /** The issue that set the target. */
  readonly issue: number;
}

export const FIGURES: readonly FigureSpec[] = [
  { key: 'gas.createOffer', what: 'gas to list an offer', unit: 'gas', goal: { atMost: 60_000 }, issue: 2 },
  { key: 'gas.buyFull', what: 'gas to buy a whole offer', unit: 'gas', goal: { reportOnly: true }, issue: 2 },
  { key: 'gas.buyPartial', what: 'gas to buy part of an offer', unit: 'gas', goal: { reportOnly: true }, issue: 2 },
  { key: 'gas.createRequest', what: 'gas to post a buy request', unit: 'gas', goal: { reportOnly: true }, issue: 2 },
  { key: 'gas.fill', what: 'gas to fill a request', unit: 'gas', goal: { reportOnly: true }, issue: 2 },
  { key: 'gas.cancelOffer', what: 'gas to cancel an offer', unit: 'gas', goal: { reportOnly: true }, issue: 2 },
  { key: 'gas.cancelRequest', what: 'gas to cancel a request', unit: 'gas', goal: { reportOnly: true }, issue: 2 },
  { key: 'gas.settle', what: 'gas to settle one trade', unit: 'gas', goal: { reportOnly: true }, issue: 2 },
  { key: 'gas.settleBatchPerTrade', what: 'gas per trade, 20 settled in one call', unit: 'gas', goal: { atMost: 35_000 }, issue: 2 },
  { key: 'gas.withdraw', what: 'gas to withdraw credits', unit: 'gas', goal: { reportOnly: true }, issue: 2 },
  { key: 'gas.tradeLifecycle', what: 'gas to list, buy and settle', unit: 'gas', goal: { atMost: 150_000 }, issue: 2 },

  { key: 'firmware.statusRequestsPerSecond', what: 'node GET /api/status rate', unit: 'req/s', goal: { atLeast: 2_000 }, issue: 3 },
  { key: 'firmware.statusP99Ms', what: 'node GET /api/status p99 latency', unit: 'ms', goal: { atMost: 5 }, issue: 3 },
  { key: 'firmware.meteringErrorPct', what: 'worst metering error', unit: '%', goal: { atMost: 0.5 }, issue: 3 },

  { key: 'latency.relayOnMedianMs', what: 'trade block to seller relay on, median', unit: 'ms', goal: { atMost: 100 }, issue: 5 },
  { key: 'latency.relayOnP95Ms', what: 'trade block to seller relay on, p95', unit: 'ms', goal: { reportOnly: true }, issue: 5 },
  { key: 'latency.settledMedianMs', what: 'trade block to settlement mined, median', unit: 'ms', goal: { reportOnly: true }, issue: 5 },
  { key: 'throughput.chainTxPerSecond', what: 'plain transfers Ganache sustains', unit: 'tx/s', goal: { reportOnly: true }, issue: 5 },
  {
    key: 'throughput.tradesPerSecond',
    what: 'trades bought, delivered and settled',
    unit: 'trades/s',
    goal: { atLeastFractionOf: 'throughput.chainTxPerSecond', fraction: 0.5 },
    issue: 5,
  },
  { key: 'footprint.rssMb', what: 'memory of all npm start processes, idle', unit: 'MB', goal: { atMost: 600 }, issue: 5 },
  { key: 'footprint.startSeconds', what: 'npm start to ready, built', unit: 's', goal: { reportOnly: true }, issue: 5 },

  { key: 'ui.market10kLoadMs', what: 'market of 10,000 offers shown, median of 5', unit: 'ms', goal: { atMost: 1_500 }, issue: 7 },
  { key: 'ui.market10kRpcCalls', what: 'JSON-RPC calls for that load', unit: 'calls', goal: { atMost: 10 }, issue: 7 },
  { key: 'ui.initialBundleKbGzip', what: 'initial JavaScript, gzipped', unit: 'kB', goal: { atMost: 250 }, issue: 7 },

  { key: 'network.blockSeconds', what: 'time between blocks, four proof-of-stake servers', unit: 's', goal: { atMost: 4 }, issue: 12 },
  { key: 'network.finalitySeconds', what: 'trade block to finalized, median', unit: 's', goal: { reportOnly: true }, issue: 12 },
  { key: 'network.relayOnMedianMs', what: 'trade block to seller relay on, median (network)', unit: 'ms', goal: { reportOnly: true }, issue: 12 },
  { key: 'network.settledMedianMs', what: 'trade block to settlement mined, median (network)', unit: 'ms', goal: { reportOnly: true }, issue: 12 },
  { key: 'network.tradesPerSecond', what: 'trades bought, delivered and settled (network)', unit: 'trades/s', goal: { reportOnly: true }, issue: 12 },
  { key: 'network.rssMbPerServer', what: "one server's geth, beacon node and validator, idle", unit: 'MB', goal: { reportOnly: true }, issue: 12 },
  { key: 'network.buildSeconds', what: 'npm run network -- build from scratch', unit: 's', goal: { reportOnly: true }, issue: 12 },
];

/** The benchmark npm scripts `npm run bench` runs, in order, and the sections each writes. */
export const BENCHMARKS: readonly { readonly script: string; readonly sections: readonly string[] }[] = [
  { script: 'bench:gas', sections: ['gas'] },
  { script: 'bench:firmware', sections: ['firmware'] },
  { script: 'bench:system', sections: ['latency', 'throughput', 'footprint'] },
  { script: 'bench:ui', sections: ['ui'] },
  { script: 'bench:network', sections: ['network'] },
];
