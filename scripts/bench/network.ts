/**
 * `npm run bench:network`: a community network of four servers on this
 * machine (as npm run test:network makes it), measured. Writes the `network`
 * section of reports/bench.json:
 *
 *   blockSeconds      mean time between blocks over 30 blocks
 *   finalitySeconds   a trade's block to that block finalized, median
 *   relayOnMedianMs   a trade's block (its slot's start) to the seller's relay closed, median
 *   settledMedianMs   a trade's block to its settlement's block, median
 *   tradesPerSecond   trades bought through the gateways by nine buyers at once,
 *                     delivered and settled, first sent to last settled
 *   rssMbPerServer    geth + beacon node + validator of one server, idle
 *   buildSeconds      the last `npm run network -- build` that compiled (build/network/.../build.json)
 *
 * Needs `npm run network -- build`. Traffic goes to 127.0.0.1 only. Options:
 * --latency-trades N (default 10), --trades N (default 200).
 */
import { parseArgs } from 'node:util';

import type { Contract, Log, LogDescription } from 'ethers';

import { TestNetwork } from '../../test/support/network/test-network';
import { waitFor } from '../../test/support/wait-for';
import { readBuildRecord } from '../network/build-programs';
import { allProcesses } from './process-tree';
import { writeSection } from './report';
import { calibrateNodeClock } from './system/node-clock';
import { median, round } from './system/stats';

const log = (line: string) => console.log(`[bench:network] ${line}`);
const SELLER = 1;
const PRICE = 1_000_000n;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'latency-trades': { type: 'string', default: '10' },
      trades: { type: 'string', default: '200' },
    },
  });
  const build = readBuildRecord();
  if (!build) throw new Error('the network is not built: run npm run network -- build');
  const net = await TestNetwork.create(4, () => undefined);
  try {
    log(`starting four servers in ${net.dataDir}`);
    await Promise.all([1, 2, 3, 4].map((i) => net.start(i)));
    const address = JSON.parse(await (await fetch(`http://127.0.0.1:${net.mainPorts[0]}/config.json`)).text()).marketplace
      .address as string;

    const blockSeconds = await measureBlockSeconds(net);
    log(`blocks every ${blockSeconds} s`);

    const seller = net.marketplace(address, net.wallet(SELLER, 1));
    const offerReceipt = await (await seller.createOffer(10_000_000, PRICE)).wait();
    const offerId = Number(parsed(seller, offerReceipt!.logs, 'OfferCreated').args.offerId);

    // The seller's emulator counts its own (scaled) time: turn it into wall-clock time.
    const sellerClock = await calibrateNodeClock(net.nodeUrl(SELLER));
    const finality: number[] = [];
    const relayOn: number[] = [];
    const settled: number[] = [];
    for (let i = 0; i < Number(values['latency-trades']); i++) {
      const server = 1 + (i % 4);
      const market = net.marketplace(address, net.wallet(2 + (i % 8), server));
      const receipt = (await (await market.buy(offerId, 1, { value: PRICE })).wait())!;
      const tradeId = Number(parsed(market, receipt.logs, 'TradeOpened').args.tradeId);
      const blockMs = (await net.provider(server).getBlock(receipt.blockNumber))!.timestamp * 1000;
      const node = await waitFor(
        async () => {
          const seen = await (() => nodeTrade(net, tradeId))();
          return ((t) => t?.startedAtMs != null)(seen) && seen;
        },
        { what: 'relay on', timeoutMs: 60_000, intervalMs: 50 },
      );
      relayOn.push(Math.round(sellerClock.toWallMs(node!.startedAtMs!) - blockMs));
      await net.waitFinalized(server, receipt.blockNumber);
      finality.push(Date.now() - blockMs);
      const settlement = await waitFor(
        async () => {
          const seen = await (() => settlementOf(net, address, tradeId))();
          return ((s) => s !== undefined)(seen) && seen;
        },
        { what: 'settled', timeoutMs: 120_000, intervalMs: 250 },
      );
      settled.push(settlement! - blockMs);
      log(
        `trade #${tradeId}: relay on ${relayOn.at(-1)} ms, final after ${finality.at(-1)} ms, settled ${settled.at(-1)} ms after its block`,
      );
    }

    const tradesPerSecond = await measureTradeRate(net, address, offerId, Number(values.trades));
    log(`${tradesPerSecond} trades/s delivered and settled`);

    await new Promise((resolve) => setTimeout(resolve, 10_000));
    const rssMbPerServer = serverRssMb(net, 2);
    log(`one server's geth, beacon node and validator: ${rssMbPerServer} MB`);

    writeSection('network', {
      blockSeconds,
      finalitySeconds: round(median(finality) / 1000, 1),
      relayOnMedianMs: round(median(relayOn), 0),
      settledMedianMs: round(median(settled), 0),
      tradesPerSecond,
      rssMbPerServer,
      buildSeconds: build.seconds,
      servers: 4,
      slotSeconds: net.network().slotSeconds,
      slotsPerEpoch: net.network().slotsPerEpoch,
      from: "the trade's block: its slot's start (block timestamp)",
    });
  } finally {
    await net.destroy();
  }
}

function parsed(market: Contract, logs: readonly Log[], name: string): LogDescription {
  return logs.map((l) => market.interface.parseLog(l)).find((p) => p?.name === name)!;
}

async function measureBlockSeconds(net: TestNetwork): Promise<number> {
  const first = (await net.provider(2).getBlock('latest'))!;
  await waitFor(
    async () => {
      const seen = await (() => net.provider(2).getBlockNumber())();
      return ((n) => n >= first.number + 30)(seen) && seen;
    },
    { what: '30 blocks', timeoutMs: 300_000, intervalMs: 1000 },
  );
  const last = (await net.provider(2).getBlock(first.number + 30))!;
  return round((last.timestamp - first.timestamp) / 30, 2);
}

function nodeTrade(net: TestNetwork, tradeId: number) {
  return net.nodeTrade(SELLER, tradeId);
}

/** Milliseconds timestamp of the block that settled the trade. */
async function settlementOf(net: TestNetwork, address: string, tradeId: number): Promise<number | undefined> {
  const market = net.marketplace(address, net.provider(1));
  const [event] = await market.queryFilter(market.filters.TradeSettled(tradeId), 0, 'latest');
  if (!event) return undefined;
  return (await net.provider(1).getBlock(event.blockNumber))!.timestamp * 1000;
}

/** Nine buyers send `count` trades at once through the four gateways; done when the last is settled. */
async function measureTradeRate(net: TestNetwork, address: string, offerId: number, count: number): Promise<number> {
  const buyers = Array.from({ length: 8 }, (_, i) => 2 + i);
  const startedAt = Date.now();
  const ids: number[] = [];
  await Promise.all(
    buyers.map(async (account, b) => {
      const wallet = net.wallet(account, 1 + (b % 4));
      const market = net.marketplace(address, wallet);
      let nonce = await wallet.getNonce('pending');
      const sent = [];
      for (let i = b; i < count; i += buyers.length) sent.push(await market.buy(offerId, 1, { value: PRICE, nonce: nonce++ }));
      for (const tx of sent) ids.push(Number(parsed(market, (await tx.wait())!.logs, 'TradeOpened').args.tradeId));
    }),
  );
  const market = net.marketplace(address, net.provider(1));
  const last = Math.max(...ids);
  await waitFor(
    async () => {
      const seen = await (async () =>
        (
          await market.queryFilter(market.filters.TradeSettled(), 0, 'latest')
        ).filter((e) => ids.includes(Number((e as unknown as { args: { tradeId: bigint } }).args.tradeId))).length)();
      return ((settledCount) => settledCount === ids.length)(seen) && seen;
    },
    { what: `${count} trades settled`, timeoutMs: 600_000, intervalMs: 2000 },
  );
  log(`${ids.length} trades, the last #${last}, settled ${((Date.now() - startedAt) / 1000).toFixed(1)} s after the first was sent`);
  return round(ids.length / ((Date.now() - startedAt) / 1000), 2);
}

/** Resident memory of server I's geth, beacon node and validator (their command lines name its folder). */
function serverRssMb(net: TestNetwork, index: number): number {
  const folder = `${net.dataDir}/server-${index}/`;
  const programs = allProcesses().filter((p) => /\/(geth|beacon-chain|validator) /.test(p.command) && p.command.includes(folder));
  if (programs.length !== 3) throw new Error(`found ${programs.length} of server ${index}'s three programs`);
  return round(programs.reduce((sum, p) => sum + p.rssKb, 0) / 1024, 0);
}

main().catch((error) => {
  console.error(`[bench:network] ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
