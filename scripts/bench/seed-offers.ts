/**
 * Seeds a market fast, with many open sell offers or many trades: every
 * transaction is signed locally and the transactions of several accounts are
 * sent at once, each account's in nonce order, in JSON-RPC batches straight
 * to the chain (the gateway's rate limit is for people, not for seeding).
 */
import { Interface, Transaction, Wallet, type InterfaceAbi } from 'ethers';

import { waitFor } from '../../test/support/wait-for';
import { JsonRpcHttpClient, JsonRpcUnavailable } from '../lib/json-rpc';

export interface SeedOptions {
  /** Ganache's own URL (127.0.0.1), not the gateway. */
  readonly chainUrl: string;
  readonly chainId: number;
  readonly marketplace: string;
  readonly abi: InterfaceAbi;
  /** Private keys of the sellers; offers are spread evenly over them. */
  readonly sellerKeys: readonly string[];
  readonly count: number;
  /**
   * Transactions per JSON-RPC batch. Small: Ganache's HTTP server drops a
   * connection that stays silent for 10 s, and a busy machine verifies slowly.
   */
  readonly batchSize?: number;
}

export interface SeedResult {
  readonly offers: number;
  readonly sellers: number;
  readonly ms: number;
  /** Signing and handing the transactions to the pool. */
  readonly sendMs: number;
  /** Mining them into blocks. */
  readonly mineMs: number;
  readonly blocks: number;
}

/** A spread of quantities (0.1 to 5 kWh) and prices, so the market has something to sort. */
function offerTerms(i: number): [bigint, bigint] {
  const quantityMilliWh = BigInt(100_000 + ((i * 7919) % 4_900_000));
  const unitPrice = BigInt(1_000_000_000 + ((i * 104_729) % 1_000_000) * 1_000_000); // ~1-1000 gwei per mWh
  return [quantityMilliWh, unitPrice];
}

/**
 * Mines until every seller's last transaction is in a block. Each evm_mine
 * fills a block with what the pool holds, up to the block gas limit.
 */
async function mineUntilIncluded(chain: JsonRpcHttpClient, finalNonces: ReadonlyMap<string, number>): Promise<void> {
  const addresses = [...finalNonces.keys()];
  let last = -1;
  let idle = 0;
  for (;;) {
    const answers = await chain.batch(addresses.map((address) => ({ method: 'eth_getTransactionCount', params: [address, 'latest'] })));
    const nonces = answers.map((answer) => {
      if ('error' in answer) throw answer.error;
      return Number(answer.result);
    });
    if (addresses.every((address, i) => nonces[i] === finalNonces.get(address))) return;
    const included = nonces.reduce((a, b) => a + b, 0);
    idle = included === last ? idle + 1 : 0;
    last = included;
    if (idle >= 20) throw new Error(`seeding stalled: 20 blocks mined without including the remaining transactions (${included} included)`);
    // A full block can take Ganache longer than its 10 s idle limit to mine: the
    // connection may drop while the block is still mined. Wait for the block
    // itself, so that a block still being mined is not taken for an empty one.
    const head = Number(await chain.request<string>('eth_blockNumber', []));
    await chain.request('evm_mine', []).catch((error: Error) => {
      if (!(error instanceof JsonRpcUnavailable)) throw error;
    });
    await waitFor(async () => Number(await chain.request<string>('eth_blockNumber', [])) > head, {
      what: 'a block mined',
      timeoutMs: 600_000,
      intervalMs: 200,
    });
  }
}

/**
 * Hands signed transactions to the pool. A dropped connection is retried:
 * sending the same signed transaction again is harmless, the pool already
 * holds it and says so.
 */
async function sendBatch(chain: JsonRpcHttpClient, raws: readonly string[]): Promise<void> {
  const calls = raws.map((raw) => ({ method: 'eth_sendRawTransaction', params: [raw] }));
  for (let attempt = 1; ; attempt++) {
    try {
      const answers = await chain.batch(calls);
      const failed = answers.find((answer) => 'error' in answer && !(attempt > 1 && /known|already/i.test(answer.error.message)));
      if (failed && 'error' in failed) throw new Error(`Seeding offer failed: ${failed.error.message}`);
      return;
    } catch (error) {
      if (!(error instanceof JsonRpcUnavailable) || attempt >= 5) throw error;
    }
  }
}

/** One transaction of a seeding: where it goes and what it carries. */
export interface SeedCall {
  readonly to: string;
  readonly data: string;
  readonly value?: bigint;
}

export interface SeedTransactionsOptions {
  readonly chainUrl: string;
  readonly chainId: number;
  /** Private keys of the senders; transactions are spread evenly over them. */
  readonly senderKeys: readonly string[];
  readonly count: number;
  /** The i-th transaction (0 .. count-1); its gas limit is the first one's estimate with a margin. */
  readonly craft: (index: number) => SeedCall;
  readonly batchSize?: number;
}

/**
 * Sends `count` signed transactions from several senders at once, each
 * sender's in nonce order, with mining held, then mines them in full blocks:
 * one block per transaction (the chain's instamine) would take minutes.
 */
export async function seedTransactions(options: SeedTransactionsOptions): Promise<Omit<SeedResult, 'offers' | 'sellers'>> {
  const started = performance.now();
  // A connection per exchange: Ganache closes idle keep-alive sockets, and a batch signed slowly could otherwise go out on a dead one.
  const chain = new JsonRpcHttpClient(options.chainUrl, { freshConnections: true });
  const batchSize = options.batchSize ?? 25;
  const senders = options.senderKeys.map((key) => new Wallet(key));
  const tip = 1_000_000_000n;
  // Full blocks raise the base fee 12.5% each (about 9x over 20 blocks); a
  // transaction whose fee cap falls below it is never mined, so cap high.
  const maxFeePerGas = 100_000_000_000n; // 100 gwei
  const first = options.craft(0);
  const estimate = BigInt(
    await chain.request<string>('eth_estimateGas', [
      { from: senders[0].address, to: first.to, data: first.data, value: '0x' + (first.value ?? 0n).toString(16) },
    ]),
  );
  // The first write of a fresh market writes more storage than the rest: keep a margin.
  const gasLimit = (estimate * 3n) / 2n + 20_000n;

  await chain.request('miner_stop', []);
  let next = 0;
  const finalNonces = new Map<string, number>();
  const perSender = senders.map((_, s) => Math.floor(options.count / senders.length) + (s < options.count % senders.length ? 1 : 0));
  await Promise.all(
    senders.map(async (sender, s) => {
      let nonce = Number(await chain.request<string>('eth_getTransactionCount', [sender.address, 'pending']));
      for (let done = 0; done < perSender[s]; ) {
        const size = Math.min(batchSize, perSender[s] - done);
        const raws: string[] = [];
        for (let k = 0; k < size; k++) {
          const call = options.craft(next++);
          const tx = Transaction.from({
            type: 2,
            chainId: options.chainId,
            nonce: nonce++,
            to: call.to,
            data: call.data,
            value: call.value ?? 0n,
            gasLimit,
            maxFeePerGas,
            maxPriorityFeePerGas: tip,
          });
          raws.push(await sender.signTransaction(tx));
        }
        await sendBatch(chain, raws);
        done += size;
      }
      finalNonces.set(sender.address, nonce);
    }),
  );
  const sent = performance.now();
  const firstBlock = Number(await chain.request<string>('eth_blockNumber', []));
  await mineUntilIncluded(chain, finalNonces);
  await chain.request('miner_start', []);
  const blocks = Number(await chain.request<string>('eth_blockNumber', [])) - firstBlock;
  const done = performance.now();
  return { ms: done - started, sendMs: sent - started, mineMs: done - sent, blocks };
}

export async function seedOffers(options: SeedOptions): Promise<SeedResult> {
  const market = new Interface(options.abi);
  const seeded = await seedTransactions({
    chainUrl: options.chainUrl,
    chainId: options.chainId,
    senderKeys: options.sellerKeys,
    count: options.count,
    batchSize: options.batchSize,
    craft: (i) => ({ to: options.marketplace, data: market.encodeFunctionData('createOffer', offerTerms(i)) }),
  });
  return { offers: options.count, sellers: options.sellerKeys.length, ...seeded };
}

/** The price of every seeded trade: 1 gwei per mWh. */
const TRADE_PRICE = 1_000_000_000n;

/**
 * A ledger of `count` trades: each seller lists one large offer at one price,
 * then the buyers buy 1 mWh at a time from them, `count` times. The trades
 * stay open (nothing delivers them): what a ledger of that many trades holds.
 */
export async function seedTrades(options: SeedOptions & { readonly buyerKeys: readonly string[] }): Promise<SeedResult & { trades: number }> {
  const market = new Interface(options.abi);
  const chain = new JsonRpcHttpClient(options.chainUrl, { freshConnections: true });
  const firstOffer = Number(BigInt(await chain.request<string>('eth_call', [{ to: options.marketplace, data: market.encodeFunctionData('orderCount') }, 'latest']))) + 1;
  const sellers = options.sellerKeys.length;
  const perOffer = BigInt(Math.ceil(options.count / sellers));
  const listed = await seedTransactions({
    chainUrl: options.chainUrl,
    chainId: options.chainId,
    senderKeys: options.sellerKeys,
    count: sellers,
    craft: () => ({ to: options.marketplace, data: market.encodeFunctionData('createOffer', [perOffer, TRADE_PRICE]) }),
  });
  const bought = await seedTransactions({
    chainUrl: options.chainUrl,
    chainId: options.chainId,
    senderKeys: options.buyerKeys,
    count: options.count,
    batchSize: options.batchSize,
    craft: (i) => ({
      to: options.marketplace,
      data: market.encodeFunctionData('buy', [firstOffer + (i % sellers), 1]),
      value: TRADE_PRICE,
    }),
  });
  return {
    offers: sellers,
    sellers,
    trades: options.count,
    ms: listed.ms + bought.ms,
    sendMs: listed.sendMs + bought.sendMs,
    mineMs: listed.mineMs + bought.mineMs,
    blocks: listed.blocks + bought.blocks,
  };
}
