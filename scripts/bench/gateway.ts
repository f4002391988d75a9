/**
 * `npm run bench:gateway`: how long a peer waits for its trade while another
 * client floods the gateway with the most expensive requests it can craft
 * (scripts/bench/gateway/flood.ts), on the system as `npm start` runs it.
 *
 *   gateway.victimTradeMsUnderAttack   the slowest of the peer's trades during the flood: its
 *                                      signed buy sent through the gateway, to its receipt
 *
 * Also reported, from the same run: the same trade with nobody flooding, the
 * heaviest single request the gateway lets through (a view over the whole
 * market at the gas cap) alone, and what the flood sent and was told.
 * Peers are told apart by address: the flood comes from 127.0.0.2, the trader
 * from 127.0.0.3. Options: --trades N (under attack, default 20).
 */
import { parseArgs } from 'node:util';

import { Interface, Wallet } from 'ethers';

import { startSystem } from '../../test/support/system/npm-start';
import { DEV_ACCOUNTS } from '../chain/dev-accounts';
import { Flood } from './gateway/flood';
import { PeerRpc } from './gateway/peer-rpc';
import { writeSection } from './report';
import { seedOffers } from './seed-offers';
import { median, round } from './system/stats';

const log = (line: string) => console.log(`[bench:gateway] ${line}`);
const PRICE = 1_000_000_000n;
const TRADER = 0;
const SELLER = 1;
const ATTACKER = 3;
const FLOOD_CONCURRENCY = 16;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { trades: { type: 'string', default: '20' } } });
  const tradesUnderAttack = Number(values.trades);
  log('starting npm start (everything built, fresh data folder)');
  const system = await startSystem({ timeScale: 60 });
  const trader = new PeerRpc(`${system.baseUrl}/rpc`, '127.0.0.3');
  const attacker = new PeerRpc(`${system.baseUrl}/rpc`, '127.0.0.2');
  try {
    const marketplace = system.config.marketplace;
    const market = new Interface(marketplace.abi as never);
    // A market larger than any view may read within the gas cap, and one offer to buy from.
    await seedOffers({
      chainUrl: system.chainUrl,
      chainId: system.config.chainId,
      marketplace: marketplace.address,
      abi: marketplace.abi as never,
      sellerKeys: [DEV_ACCOUNTS[2].privateKey, DEV_ACCOUNTS[4].privateKey],
      count: 500,
    });
    const seller = new Wallet(DEV_ACCOUNTS[SELLER].privateKey);
    const offerTx = await seller.signTransaction({
      type: 2,
      chainId: system.config.chainId,
      nonce: Number(await trader.request<string>('eth_getTransactionCount', [seller.address, 'pending'])),
      to: marketplace.address,
      data: market.encodeFunctionData('createOffer', [10_000_000, PRICE]),
      gasLimit: 200_000,
      maxFeePerGas: 100_000_000_000n,
      maxPriorityFeePerGas: 1_000_000_000n,
    });
    const offerReceipt = await trader.request<{ logs: { topics: string[] }[] }>('eth_getTransactionReceipt', [
      await trader.request<string>('eth_sendRawTransaction', [offerTx]),
    ]);
    const offerId = Number(BigInt(offerReceipt.logs[0].topics[1]));

    const wallet = new Wallet(DEV_ACCOUNTS[TRADER].privateKey);
    let nonce = Number(await trader.request<string>('eth_getTransactionCount', [wallet.address, 'pending']));
    const trade = async (): Promise<number> => {
      const raw = await wallet.signTransaction({
        type: 2,
        chainId: system.config.chainId,
        nonce: nonce++,
        to: marketplace.address,
        data: market.encodeFunctionData('buy', [offerId, 10]),
        value: 10n * PRICE,
        gasLimit: 200_000,
        maxFeePerGas: 100_000_000_000n,
        maxPriorityFeePerGas: 1_000_000_000n,
      });
      const started = performance.now();
      const hash = await trader.request<string>('eth_sendRawTransaction', [raw]);
      const receipt = await trader.request<{ status: string }>('eth_getTransactionReceipt', [hash]);
      if (receipt?.status !== '0x1') throw new Error(`the trade ${hash} failed`);
      return performance.now() - started;
    };

    const heavy: number[] = [];
    const scan = market.encodeFunctionData('getOpenOrders', [0, 0, 5_000]);
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await attacker.send('eth_call', [{ to: marketplace.address, data: scan, gas: '0xffffffffff' }, 'latest']);
      heavy.push(performance.now() - started);
    }
    const alone: number[] = [];
    for (let i = 0; i < 10; i++) alone.push(await trade());
    log(`alone: the heaviest request ${round(median(heavy))} ms, a trade ${round(median(alone))} ms (medians)`);

    const flood = new Flood(
      attacker,
      { marketplace: marketplace.address, abi: marketplace.abi, chainId: system.config.chainId, victim: wallet.address },
      DEV_ACCOUNTS[ATTACKER].privateKey,
    );
    await flood.prepare();
    flood.start(FLOOD_CONCURRENCY);
    const underAttack: number[] = [];
    let stats;
    try {
      while (flood.inFlight() < FLOOD_CONCURRENCY) await new Promise((resolve) => setTimeout(resolve, 20));
      for (let i = 0; i < tradesUnderAttack; i++) underAttack.push(await trade());
    } finally {
      stats = await flood.stop();
    }
    const worst = Math.max(...underAttack);
    log(`under attack: worst ${round(worst)} ms, median ${round(median(underAttack))} ms over ${underAttack.length} trades`);
    log(`the flood: ${stats.requests} requests in ${round(stats.seconds)} s; refused ${JSON.stringify(stats.refused)}`);
    writeSection('gateway', {
      victimTradeMsUnderAttack: round(worst),
      victimTradeMedianMsUnderAttack: round(median(underAttack)),
      victimTradeMsAlone: round(median(alone)),
      heaviestRequestMsAlone: round(median(heavy)),
      tradesUnderAttack: underAttack.length,
      floodConcurrency: FLOOD_CONCURRENCY,
      floodRequests: stats.requests,
      floodSeconds: round(stats.seconds),
      floodRefused: Object.values(stats.refused).reduce((a, b) => a + b, 0),
      trade: 'a signed buy sent through the gateway, to its receipt (instamine: mined when the send answers)',
    });
  } finally {
    trader.close();
    attacker.close();
    await system.stop();
  }
}

main().catch((error) => {
  console.error(`[bench:gateway] failed: ${error instanceof Error ? error.stack : error}`);
  process.exit(1);
});
