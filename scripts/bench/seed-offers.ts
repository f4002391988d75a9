/**
 * Seeds a market with many open sell offers, fast: every `createOffer` is
 * signed locally and the transactions of several accounts are sent at once,
 * each account's in nonce order, in JSON-RPC batches straight to the chain
 * (the gateway's rate limit is for people, not for seeding).
 */
import { request } from 'node:http';

import { Interface, Transaction, Wallet, type InterfaceAbi } from 'ethers';

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

interface RpcReply {
  readonly id: number;
  readonly result?: unknown;
  readonly error?: { code: number; message: string };
}

/**
 * One JSON-RPC exchange on a fresh connection: Ganache closes idle keep-alive
 * sockets, and a batch signed slowly could otherwise go out on a dead one.
 */
function rpc(url: string, body: unknown): Promise<RpcReply | RpcReply[]> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) return reject(new Error(`${url} answered ${res.statusCode}: ${text.slice(0, 200)}`));
        try {
          resolve(JSON.parse(text));
        } catch (error) {
          reject(error);
        }
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

async function call<T>(url: string, method: string, params: unknown[]): Promise<T> {
  const reply = (await rpc(url, { jsonrpc: '2.0', id: 1, method, params })) as RpcReply;
  if (reply.error) throw new Error(`${method}: ${reply.error.message}`);
  return reply.result as T;
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
async function mineUntilIncluded(url: string, finalNonces: ReadonlyMap<string, number>): Promise<void> {
  const addresses = [...finalNonces.keys()];
  let last = -1;
  let idle = 0;
  for (;;) {
    const replies = (await rpc(
      url,
      addresses.map((address, i) => ({ jsonrpc: '2.0', id: i, method: 'eth_getTransactionCount', params: [address, 'latest'] })),
    )) as RpcReply[];
    const byId = new Map(replies.map((r) => [r.id, Number(r.result)]));
    if (addresses.every((address, i) => byId.get(i) === finalNonces.get(address))) return;
    const included = [...byId.values()].reduce((a, b) => a + b, 0);
    idle = included === last ? idle + 1 : 0;
    last = included;
    if (idle >= 20) throw new Error(`seeding stalled: 20 blocks mined without including the remaining transactions (${included} included)`);
    // A full block can take Ganache longer than its 10 s idle limit to mine: the
    // connection may drop while the block is still mined; the loop checks again.
    await call(url, 'evm_mine', []).catch((error: Error) => {
      if (!/socket hang up|ECONNRESET/i.test(error.message)) throw error;
    });
  }
}

/**
 * Hands signed transactions to the pool. A dropped connection is retried:
 * sending the same signed transaction again is harmless, the pool already
 * holds it and says so.
 */
async function sendBatch(url: string, raws: readonly string[]): Promise<void> {
  const body = raws.map((raw, k) => ({ jsonrpc: '2.0', id: k, method: 'eth_sendRawTransaction', params: [raw] }));
  for (let attempt = 1; ; attempt++) {
    try {
      const replies = (await rpc(url, body)) as RpcReply[];
      const failed = replies.find((r) => r.error && !(attempt > 1 && /known|already/i.test(r.error.message)));
      if (failed) throw new Error(`Seeding offer failed: ${failed.error!.message}`);
      return;
    } catch (error) {
      const dropped = /socket hang up|ECONNRESET|other side closed/i.test((error as Error).message);
      if (!dropped || attempt >= 5) throw error;
    }
  }
}

export async function seedOffers(options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const market = new Interface(options.abi);
  const batchSize = options.batchSize ?? 25;
  const sellers = options.sellerKeys.map((key) => new Wallet(key));
  const tip = 1_000_000_000n;
  // Full blocks raise the base fee 12.5% each (about 9x over 20 blocks); a
  // transaction whose fee cap falls below it is never mined, so cap high.
  const maxFeePerGas = 100_000_000_000n; // 100 gwei
  const [q0, p0] = offerTerms(0);
  const estimate = BigInt(
    await call<string>(options.chainUrl, 'eth_estimateGas', [
      { from: sellers[0].address, to: options.marketplace, data: market.encodeFunctionData('createOffer', [q0, p0]) },
    ]),
  );
  // The first offer of a fresh market writes more storage than the rest: keep a margin.
  const gasLimit = (estimate * 3n) / 2n + 20_000n;

  // Hold mining while the transactions arrive, then mine them in full blocks:
  // one block per transaction (the chain's instamine) would take minutes.
  await call(options.chainUrl, 'miner_stop', []);
  let next = 0;
  const finalNonces = new Map<string, number>();
  const perSeller = sellers.map((_, s) => Math.floor(options.count / sellers.length) + (s < options.count % sellers.length ? 1 : 0));
  await Promise.all(
    sellers.map(async (seller, s) => {
      let nonce = Number(await call<string>(options.chainUrl, 'eth_getTransactionCount', [seller.address, 'pending']));
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
        await sendBatch(options.chainUrl, raws);
        done += size;
      }
      finalNonces.set(seller.address, nonce);
    }),
  );
  const sent = performance.now();
  const firstBlock = Number(await call<string>(options.chainUrl, 'eth_blockNumber', []));
  await mineUntilIncluded(options.chainUrl, finalNonces);
  await call(options.chainUrl, 'miner_start', []);
  const blocks = Number(await call<string>(options.chainUrl, 'eth_blockNumber', [])) - firstBlock;
  const done = performance.now();
  return { offers: options.count, sellers: sellers.length, ms: done - started, sendMs: sent - started, mineMs: done - sent, blocks };
}
