/**
 * throughput.*: the rate Ganache sustains for plain transfers, and the rate
 * of whole trades (bought through the gateway, delivered by the nodes,
 * settled on chain) the stack sustains on the same chain in the same run.
 * Both send from the ten accounts at once, each account's transactions one
 * after the other, as ten wallets would.
 */
import { Wallet } from 'ethers';

import { waitFor } from '../../../test/support/wait-for';
import { type BenchContext, PRICE_WEI_PER_MWH, signBuy, tradeCount } from './bench-context';
import { JsonRpcHttpClient } from '../../lib/json-rpc';
import { NonceSigner } from './signer';
import { wallNow } from './node-clock';
import { round } from './stats';

export interface ThroughputFigures {
  chainTxPerSecond: number;
  chainBuyTxPerSecond: number;
  tradesPerSecond: number;
  trades: number;
  transfers: number;
  buysPerSecond: number;
  settlementTransactions: number;
  tradesPerSettlement: number;
}

/** Sends each account's transactions in order, all accounts at once (each through its own client, when given); returns elapsed ms. */
async function sendStreams(rpc: JsonRpcHttpClient | readonly JsonRpcHttpClient[], streams: string[][]): Promise<number> {
  const started = wallNow();
  await Promise.all(
    streams.map(async (stream, index) => {
      const client = Array.isArray(rpc) ? rpc[index] : (rpc as JsonRpcHttpClient);
      for (const raw of stream) await client.request('eth_sendRawTransaction', [raw]);
    }),
  );
  return wallNow() - started;
}

export async function measureChainRate(context: BenchContext, transfers: number): Promise<number> {
  const sink = Wallet.createRandom().address;
  const streams: string[][] = context.signers.map(() => []);
  for (let i = 0; i < transfers; i++) {
    const s = i % context.signers.length;
    streams[s].push(await context.signers[s].sign({ to: sink, value: 1n, gasLimit: 21_000n, gasPrice: context.gasPrice }));
  }
  const elapsedMs = await sendStreams(context.chain, streams);
  return transfers / (elapsedMs / 1000);
}

/**
 * The rate Ganache sustains for the trade's own transaction (buy) alone: buys
 * from a seller that has no energy node, so nothing is delivered or settled.
 */
export async function measureChainBuyRate(context: BenchContext, buys: number): Promise<number> {
  const { chain, signers, gasPrice, market, config } = context;
  const seller = await NonceSigner.create(Wallet.createRandom().privateKey, chain);
  const funding = await signers[0].sign({ to: seller.address, value: 10n ** 18n, gasLimit: 21_000n, gasPrice });
  await chain.request('eth_sendRawTransaction', [funding]);
  const offerTx = await seller.sign({
    to: config.marketplace.address,
    data: market.encodeFunctionData('createOffer', [buys, PRICE_WEI_PER_MWH]),
    gasLimit: 200_000n,
    gasPrice,
  });
  const hash = await chain.request<string>('eth_sendRawTransaction', [offerTx]);
  const receipt = await chain.request<{ logs: { topics: string[] }[] }>('eth_getTransactionReceipt', [hash]);
  const offerId = Number(BigInt(receipt.logs[0].topics[1]));
  const streams: string[][] = signers.map(() => []);
  for (let i = 0; i < buys; i++) {
    const b = i % signers.length;
    streams[b].push(
      await signers[b].sign({
        to: config.marketplace.address,
        data: market.encodeFunctionData('buy', [offerId, 1]),
        value: PRICE_WEI_PER_MWH,
        gasLimit: 300_000n,
        gasPrice,
      }),
    );
  }
  const elapsedMs = await sendStreams(chain, streams);
  return buys / (elapsedMs / 1000);
}

export async function measureTradeRate(
  context: BenchContext,
  trades: number,
  log: (line: string) => void,
): Promise<Omit<ThroughputFigures, 'chainTxPerSecond' | 'chainBuyTxPerSecond' | 'transfers'>> {
  const nodes = context.nodes.length;
  const streams: string[][] = context.signers.map(() => []);
  for (let i = 0; i < trades; i++) {
    const buyer = i % context.signers.length;
    const seller = (buyer + 1 + (Math.floor(i / context.signers.length) % (nodes - 1))) % nodes;
    streams[buyer].push(await signBuy(context, buyer, seller, 1));
  }
  const firstId = (await tradeCount(context)) + 1;
  const ids = Array.from({ length: trades }, (_, i) => firstId + i);

  // Ten wallets are ten phones: the gateway gives each its turn (it believes X-Forwarded-For from loopback).
  const phones = streams.map((_, i) => new JsonRpcHttpClient(context.gateway.url, { headers: { 'X-Forwarded-For': `10.0.0.${i + 1}` } }));
  const started = wallNow();
  const buyMs = await sendStreams(phones, streams).finally(() => phones.forEach((phone) => phone.close()));
  log(`throughput: ${trades} buys mined in ${round(buyMs / 1000, 2)} s; waiting for deliveries and settlements`);
  await waitFor(() => ids.every((id) => context.observer.settledSeenAt.has(id)), {
    what: `all ${trades} trades settled`,
    timeoutMs: 600_000,
    intervalMs: 20,
  });
  const lastSettled = Math.max(...ids.map((id) => context.observer.settledSeenAt.get(id)!));
  const elapsedSeconds = (lastSettled - started) / 1000;

  const settledTopic = context.market.getEvent('TradeSettled')!.topicHash;
  const logs = await context.chain.request<{ transactionHash: string; topics: string[] }[]>('eth_getLogs', [
    { address: context.config.marketplace.address, topics: [settledTopic], fromBlock: '0x0', toBlock: 'latest' },
  ]);
  const ours = logs.filter((l) => Number(BigInt(l.topics[1])) >= firstId);
  const settlementTransactions = new Set(ours.map((l) => l.transactionHash)).size;
  return {
    tradesPerSecond: round(trades / elapsedSeconds, 2),
    trades,
    buysPerSecond: round(trades / (buyMs / 1000), 2),
    settlementTransactions,
    tradesPerSettlement: round(ours.length / settlementTransactions, 1),
  };
}
