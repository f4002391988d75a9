/**
 * Seeds a market with many open sell offers, fast: every `createOffer` is
 * signed locally and the transactions of several accounts are sent at once,
 * each account's in nonce order, in JSON-RPC batches straight to the chain
 * (the gateway's rate limit is for people, not for seeding).
 */
import { Interface, Transaction, Wallet, type InterfaceAbi } from 'ethers';

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
    // connection may drop while the block is still mined; the loop checks again.
    await chain.request('evm_mine', []).catch((error: Error) => {
      if (!(error instanceof JsonRpcUnavailable)) throw error;
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

export async function seedOffers(options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const market = new Interface(options.abi);
  // A connection per exchange: Ganache closes idle keep-alive sockets, and a batch signed slowly could otherwise go out on a dead one.
  const chain = new JsonRpcHttpClient(options.chainUrl, { freshConnections: true });
  const batchSize = options.batchSize ?? 25;
  const sellers = options.sellerKeys.map((key) => new Wallet(key));
  const tip = 1_000_000_000n;
  // Full blocks raise the base fee 12.5% each (about 9x over 20 blocks); a
  // transaction whose fee cap falls below it is never mined, so cap high.
  const maxFeePerGas = 100_000_000_000n; // 100 gwei
  const [q0, p0] = offerTerms(0);
  const estimate = BigInt(
    await chain.request<string>('eth_estimateGas', [
      { from: sellers[0].address, to: options.marketplace, data: market.encodeFunctionData('createOffer', [q0, p0]) },
    ]),
  );
  // The first offer of a fresh market writes more storage than the rest: keep a margin.
  const gasLimit = (estimate * 3n) / 2n + 20_000n;

  // Hold mining while the transactions arrive, then mine them in full blocks:
  // one block per transaction (the chain's instamine) would take minutes.
  await chain.request('miner_stop', []);
  let next = 0;
  const finalNonces = new Map<string, number>();
  const perSeller = sellers.map((_, s) => Math.floor(options.count / sellers.length) + (s < options.count % sellers.length ? 1 : 0));
  await Promise.all(
    sellers.map(async (seller, s) => {
      let nonce = Number(await chain.request<string>('eth_getTransactionCount', [seller.address, 'pending']));
      for (let done = 0; done < perSeller[s]; ) {
        const size = Math.min(batchSize, perSeller[s] - done);
        const raws: string[] = [];
        for (let k = 0; k < size; k++) {
          const [quantity, price] = offerTerms(next++);
          const tx = Transaction.from({
            type: 2,
            chainId: options.chainId,
            nonce: nonce++,
            to: options.marketplace,
            data: market.encodeFunctionData('createOffer', [quantity, price]),
            gasLimit,
            maxFeePerGas,
            maxPriorityFeePerGas: tip,
          });
          raws.push(await seller.signTransaction(tx));
        }
        await sendBatch(chain, raws);
        done += size;
      }
      finalNonces.set(seller.address, nonce);
    }),
  );
  const sent = performance.now();
  const firstBlock = Number(await chain.request<string>('eth_blockNumber', []));
  await mineUntilIncluded(chain, finalNonces);
  await chain.request('miner_start', []);
  const blocks = Number(await chain.request<string>('eth_blockNumber', [])) - firstBlock;
  const done = performance.now();
  return { offers: options.count, sellers: sellers.length, ms: done - started, sendMs: sent - started, mineMs: done - sent, blocks };
}
