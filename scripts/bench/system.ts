/**
 * `npm run bench:system`: the whole system as `npm start` runs it, measured.
 * Starts `npm start` (everything built) on free ports with a fresh data
 * folder and real-time node emulators (--time-scale 1, as on the Pi), then:
 *
 *   footprint   time to ready; memory of every process, idle
 *   latency     100 trades one at a time: block -> both relays on, block -> settled
 *   throughput  500 plain transfers straight to Ganache, then 500 trades end
 *               to end through the gateway with 10 nodes, on the same chain
 *
 * Traffic goes to 127.0.0.1 only. Options: --latency-trades N, --trades N,
 * --transfers N (smaller runs for a quick look), --footprint-only (start, measure
 * the idle memory, stop).
 */
import { parseArgs } from 'node:util';

import { type NpmStart, startSystem } from '../../test/support/system/npm-start';
import { buildMissing, buildSteps } from '../build/build-missing';
import { parseChildLine } from '../lib/log-format';
import { writeSection } from './report';
import { createBenchContext, createOffers } from './system/bench-context';
import { cpuByPart, cpuDifference, measureFootprint } from './system/footprint';
import { measureLatency } from './system/latency';
import { measureChainBuyRate, measureChainRate, measureTradeRate } from './system/throughput';
import { round } from './system/stats';

const log = (line: string) => console.log(`[bench:system] ${line}`);

/**
 * Reads the delivery service's own log records (npm start runs with LOG_FORMAT=json here)
 * for when it did a step of a trade; its clock is this machine's.
 */
function deliveryLogTimes(system: NpmStart) {
  return (tradeId: number, step: string): number | undefined => {
    for (const line of system.lines) {
      if (!line.startsWith('{')) continue;
      const record = parseChildLine('npm start', line);
      if (record.name === 'delivery' && record.tradeId === tradeId && record.msg.includes(`: ${step}`)) return record.time;
    }
    return undefined;
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'latency-trades': { type: 'string', default: '100' },
      trades: { type: 'string', default: '500' },
      transfers: { type: 'string', default: '500' },
      verbose: { type: 'boolean', default: false },
      'footprint-only': { type: 'boolean', default: false },
    },
  });
  await buildMissing(buildSteps({ ui: true }), log);

  log('starting npm start (everything built, fresh data folder)');
  const started = performance.now();
  // Node emulators in real time, as on the Pi; log records as JSON, to read when the delivery service did each step.
  const system = await startSystem({
    timeScale: 1,
    env: { LOG_FORMAT: 'json' },
    onLine: values.verbose ? (line) => console.log(`  ${line}`) : undefined,
    readyTimeoutMs: 300_000,
  });
  try {
    const startSeconds = round((performance.now() - started) / 1000, 2);
    log(`ready after ${startSeconds} s; letting it idle`);
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const footprint = await measureFootprint(system.npmStart.pid);
    writeSection('footprint', { rssMb: footprint.rssMb, startSeconds, processes: footprint.processes, rssByPartMb: footprint.rssByPartMb });
    log(`footprint: ${footprint.rssMb} MB in ${footprint.processes} processes ${JSON.stringify(footprint.rssByPartMb)}`);
    if (values['footprint-only']) return;

    const context = await createBenchContext(system);
    await createOffers(context, 1_000_000);

    const latency = await measureLatency(context, Number(values['latency-trades']), deliveryLogTimes(system.npmStart), log);
    writeSection('latency', {
      ...latency,
      from: 'block mined: first of the buy transaction answer and the newHeads notification (Ganache instamine)',
      relayOnIs: "the later of the seller emulator's and the buyer emulator's startedAtMs (each relay closed at its sample tick, 100 ms period, time scale 1)",
      tradeMilliWh: 1,
    });
    log(`latency: relay on median ${latency.relayOnMedianMs} ms, p95 ${latency.relayOnP95Ms} ms; settled median ${latency.settledMedianMs} ms`);

    const transfers = Number(values.transfers);
    const chainTxPerSecond = round(await measureChainRate(context, transfers), 2);
    log(`throughput: Ganache alone sustains ${chainTxPerSecond} plain transfers/s`);
    const chainBuyTxPerSecond = round(await measureChainBuyRate(context, transfers), 2);
    log(`throughput: Ganache alone sustains ${chainBuyTxPerSecond} buy transactions/s (nothing to deliver)`);
    const cpuBefore = cpuByPart(system.npmStart.pid);
    const benchCpuBefore = process.cpuUsage();
    const trades = await measureTradeRate(context, Number(values.trades), log);
    const cpuSecondsByPart = cpuDifference(cpuByPart(system.npmStart.pid), cpuBefore);
    const benchCpu = process.cpuUsage(benchCpuBefore);
    cpuSecondsByPart.benchmarkClient = round((benchCpu.user + benchCpu.system) / 1e6);
    log(`throughput: CPU seconds used during the trades, by part: ${JSON.stringify(cpuSecondsByPart)}`);
    // The delivery service's own work per trade: two nodes ordered and followed, one share of a settlement.
    const deliveryCpuMsPerTrade = round((1000 * (cpuSecondsByPart.delivery ?? 0)) / trades.trades, 2);
    log(`throughput: the delivery service used ${deliveryCpuMsPerTrade} ms of CPU per trade`);
    writeSection('throughput', {
      deliveryCpuMsPerTrade,
      chainTxPerSecond,
      chainBuyTxPerSecond,
      transfers,
      ...trades,
      shareOfChainTxRate: round(trades.tradesPerSecond / chainTxPerSecond, 3),
      shareOfChainBuyRate: round(trades.tradesPerSecond / chainBuyTxPerSecond, 3),
      cpuSecondsByPart,
      nodes: context.nodes.length,
      timeScale: 1,
    });
    log(
      `throughput: ${trades.tradesPerSecond} trades/s end to end: ${round((100 * trades.tradesPerSecond) / chainTxPerSecond)} % of the ` +
        `plain-transfer rate, ${round((100 * trades.tradesPerSecond) / chainBuyTxPerSecond)} % of the buy-only rate; ` +
        `${trades.settlementTransactions} settlement transactions for ${trades.trades} trades`,
    );
    context.observer.close();
  } finally {
    await system.stop();
  }
}

main().catch((error) => {
  console.error(`[bench:system] failed: ${error instanceof Error ? error.stack : error}`);
  process.exit(1);
});
