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
  /** At most `fraction` of another figure (e.g. a community's memory against the demo's). */
  | { readonly atMostFractionOf: string; readonly fraction: number }
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
  { key: 'gas.settle', what: 'gas to settle one trade, both meters, all received', unit: 'gas', goal: { reportOnly: true }, issue: 2 },
  { key: 'gas.settleTwoSided', what: 'gas to settle one trade, both meters, 97.2% received', unit: 'gas', goal: { reportOnly: true }, issue: 16 },
  { key: 'gas.settleOneSided', what: "gas to settle one trade on the seller's figure", unit: 'gas', goal: { reportOnly: true }, issue: 16 },
  { key: 'gas.settleBatchPerTrade', what: 'gas per trade, 20 settled in one call', unit: 'gas', goal: { atMost: 35_000 }, issue: 2 },
  { key: 'gas.withdraw', what: 'gas to withdraw credits', unit: 'gas', goal: { reportOnly: true }, issue: 2 },
  { key: 'gas.authorizeAgent', what: 'gas to authorize an agent with limits and a budget', unit: 'gas', goal: { reportOnly: true }, issue: 11 },
  { key: 'gas.depositAgentBudget', what: 'gas to add to an agent budget', unit: 'gas', goal: { reportOnly: true }, issue: 11 },
  { key: 'gas.agentCreateOffer', what: 'gas for an agent to post an offer', unit: 'gas', goal: { reportOnly: true }, issue: 11 },
  { key: 'gas.agentCreateRequest', what: 'gas for an agent to post a request from the budget', unit: 'gas', goal: { reportOnly: true }, issue: 11 },
  { key: 'gas.agentBuy', what: 'gas for an agent to buy part of an offer', unit: 'gas', goal: { reportOnly: true }, issue: 11 },
  { key: 'gas.agentFill', what: 'gas for an agent to fill part of a request', unit: 'gas', goal: { reportOnly: true }, issue: 11 },
  { key: 'gas.agentCancelOffer', what: 'gas for an agent to cancel its offer', unit: 'gas', goal: { reportOnly: true }, issue: 11 },
  { key: 'gas.agentCancelRequest', what: 'gas for an agent to cancel its request', unit: 'gas', goal: { reportOnly: true }, issue: 11 },
  { key: 'gas.withdrawAgentBudget', what: 'gas to take money back from an agent budget', unit: 'gas', goal: { reportOnly: true }, issue: 11 },
  { key: 'gas.revokeAgent', what: 'gas to revoke an agent', unit: 'gas', goal: { reportOnly: true }, issue: 11 },
  { key: 'gas.placeRequestCrossingTwo', what: 'gas for a buy request that takes two offers and rests the rest', unit: 'gas', goal: { reportOnly: true }, issue: 11 },
  { key: 'gas.placeOfferCrossingTwo', what: 'gas for a sell offer that sells into two requests and rests the rest', unit: 'gas', goal: { reportOnly: true }, issue: 11 },
  { key: 'gas.agentPlaceRequestCrossingTwo', what: 'the same buy request by an agent', unit: 'gas', goal: { reportOnly: true }, issue: 11 },
  { key: 'gas.agentPlaceOfferCrossingTwo', what: 'the same sell offer by an agent', unit: 'gas', goal: { reportOnly: true }, issue: 11 },
  { key: 'gas.tradeLifecycle', what: 'gas to list, buy and settle', unit: 'gas', goal: { atMost: 150_000 }, issue: 2 },

  { key: 'firmware.statusRequestsPerSecond', what: 'node GET /api/status rate', unit: 'req/s', goal: { atLeast: 2_000 }, issue: 3 },
  { key: 'firmware.statusP99Ms', what: 'node GET /api/status p99 latency', unit: 'ms', goal: { atMost: 5 }, issue: 3 },
  { key: 'firmware.meteringErrorPct', what: 'worst metering error', unit: '%', goal: { atMost: 0.5 }, issue: 3 },

  { key: 'latency.relayOnMedianMs', what: 'trade block to both relays on (seller exports, buyer imports), median', unit: 'ms', goal: { atMost: 100 }, issue: 16 },
  { key: 'latency.relayOnP95Ms', what: 'trade block to both relays on, p95', unit: 'ms', goal: { reportOnly: true }, issue: 16 },
  { key: 'latency.settledMedianMs', what: 'trade block to settlement mined, median', unit: 'ms', goal: { reportOnly: true }, issue: 5 },
  { key: 'throughput.chainTxPerSecond', what: 'plain transfers Ganache sustains', unit: 'tx/s', goal: { reportOnly: true }, issue: 5 },
  {
    key: 'throughput.tradesPerSecond',
    what: 'trades bought, delivered and settled',
    unit: 'trades/s',
    goal: { atLeastFractionOf: 'throughput.chainTxPerSecond', fraction: 0.5 },
    issue: 5,
  },
  { key: 'throughput.deliveryCpuMsPerTrade', what: 'delivery service CPU per trade (both nodes, settlement)', unit: 'ms', goal: { reportOnly: true }, issue: 16 },
  { key: 'footprint.rssMb', what: 'memory of all npm start processes, idle', unit: 'MB', goal: { atMost: 450 }, issue: 15 },
  { key: 'agents.idleRssMb', what: 'agent service memory between steps, trading for 10 households', unit: 'MB', goal: { atMost: 60 }, issue: 11 },
  { key: 'footprint.startSeconds', what: 'npm start to ready, built', unit: 's', goal: { reportOnly: true }, issue: 5 },
  {
    key: 'gateway.victimTradeMsUnderAttack',
    what: "a peer's trade mined while another floods the gateway, worst",
    unit: 'ms',
    goal: { atMost: 1_000 },
    issue: 14,
  },
  { key: 'gateway.victimTradeMsAlone', what: 'the same trade with nobody flooding, median', unit: 'ms', goal: { reportOnly: true }, issue: 14 },
  { key: 'backup.seconds', what: 'backup of a ledger of 10,000 trades, system running', unit: 's', goal: { reportOnly: true }, issue: 14 },
  { key: 'restore.seconds', what: 'restore of that backup into a new folder', unit: 's', goal: { reportOnly: true }, issue: 14 },

  { key: 'indexer.catchUpEventsPerSecond', what: 'events a fresh indexer reads from a ledger of 20,000 trades, per second', unit: 'events/s', goal: { reportOnly: true }, issue: 15 },
  { key: 'indexer.rssMb', what: 'memory of the indexer at rest after catching up', unit: 'MB', goal: { reportOnly: true }, issue: 15 },
  { key: 'community.initSeconds', what: 'npm run community -- init, to a ready community', unit: 's', goal: { reportOnly: true }, issue: 13 },
  {
    key: 'community.tradeFee',
    what: "households' fees for one trade (offer + buy), in the currency",
    unit: 'coins',
    goal: { reportOnly: true },
    issue: 13,
  },
  { key: 'community.settlementFee', what: "meter operator's fee to settle one trade", unit: 'coins', goal: { reportOnly: true }, issue: 13 },
  {
    key: 'community.rssMb',
    what: 'memory of all npm start processes of a community, idle',
    unit: 'MB',
    goal: { atMostFractionOf: 'footprint.rssMb', fraction: 1 },
    issue: 13,
  },

  { key: 'ui.market10kLoadMs', what: 'market of 10,000 offers shown, median of 5', unit: 'ms', goal: { atMost: 1_500 }, issue: 7 },
  { key: 'ui.market10kRpcCalls', what: 'JSON-RPC calls for that load', unit: 'calls', goal: { atMost: 10 }, issue: 7 },
  { key: 'ui.initialBundleKbGzip', what: 'initial JavaScript, gzipped', unit: 'kB', goal: { atMost: 250 }, issue: 7 },
  { key: 'ui.liveOfferMs', what: "another peer's new offer shown in an open market, from its block", unit: 'ms', goal: { atMost: 2_000 }, issue: 15 },
  {
    key: 'ui.marketLoadHistoryRatio',
    what: 'market of 1,000 offers shown after 20,000 closed trades, over the same market with no history',
    unit: 'x',
    goal: { atMost: 1.2 },
    issue: 15,
  },
  { key: 'ui.myTradesLoadMs', what: 'My trades of a household with 5,000 trades shown, median of 3', unit: 'ms', goal: { atMost: 500 }, issue: 15 },
  { key: 'ui.jsonDecodeSpeedup', what: "6 MB JSON-RPC answer decoded, times ethers' own decoder", unit: 'x', goal: { atLeast: 3 }, issue: 15 },

  { key: 'wallet.unlockMsPhone', what: 'wallet in the app opened under its PIN, CPU 6x slower (a low-end phone)', unit: 'ms', goal: { atMost: 2_000 }, issue: 13 },
  { key: 'wallet.unlockMs', what: 'the same on this machine', unit: 'ms', goal: { reportOnly: true }, issue: 13 },
  { key: 'wallet.unlockMsPhoneEthersDefault', what: "the same at ethers' default scrypt cost (N=2^17)", unit: 'ms', goal: { reportOnly: true }, issue: 13 },

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
  { script: 'bench:gateway', sections: ['gateway'] },
  { script: 'bench:backup', sections: ['backup', 'restore'] },
  { script: 'bench:indexer', sections: ['indexer'] },
  { script: 'bench:community', sections: ['community'] },
  { script: 'bench:agents', sections: ['agents'] },
  { script: 'bench:ui', sections: ['ui'] },
  { script: 'bench:wallet', sections: ['wallet'] },
  { script: 'bench:network', sections: ['network'] },
];
