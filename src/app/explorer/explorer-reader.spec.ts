import { type Server, createServer } from 'node:http';

import { JsonRpcProvider } from 'ethers';

import { type LocalChain, startLocalChain } from '../../testing/local-chain';
import { freePort } from '../../testing/ports';
import { ExplorerError } from './explorer-error';
import { ExplorerReader } from './explorer-reader';
import { type CountingReadProvider, countingReadProvider } from './testing/counting-read-provider';
import { type MarketScenario, SETTLEMENT_WINDOW_SECONDS, playMarketScenario } from './testing/market-scenario';

/** The explorer's reads against a real chain holding real trades, with every HTTP round trip counted. */
// A real chain shares two cores with the rest of the suite: give it time rather than flake.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 120_000 });

describe('ExplorerReader', () => {
  let chain: LocalChain;
  let s: MarketScenario;
  let counting: CountingReadProvider;
  let reader: ExplorerReader;
  /** A second view of the same chain, through plain ethers, to check the explorer against. */
  let direct: JsonRpcProvider;

  beforeAll(async () => {
    chain = await startLocalChain({ settlementWindowSeconds: SETTLEMENT_WINDOW_SECONDS });
    s = await playMarketScenario(chain);
    counting = countingReadProvider(chain.config);
    reader = new ExplorerReader(counting.provider, chain.config.marketplace);
    direct = new JsonRpcProvider(chain.rpcUrl, 1337, { staticNetwork: true });
  });
  afterAll(async () => {
    direct?.destroy();
    counting?.provider.destroy();
    await chain?.stop();
  });

  const failure = async (work: Promise<unknown>): Promise<ExplorerError> => {
    const error = await work.then(
      () => {
        throw new Error('expected the read to fail');
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ExplorerError);
    return error as ExplorerError;
  };

  describe('when reading the latest blocks', () => {
    it('shows the newest 20 blocks, chained parent to child, in two round trips', async () => {
      const head = await direct.getBlockNumber();
      const { result, counts } = await counting.measure(() => reader.latestBlocks());
      expect(counts.httpRequests).toBe(2);
      expect(counts.methods).toEqual(['eth_blockNumber', ...Array(20).fill('eth_getBlockByNumber')]);
      expect(result.head).toBe(head);
      expect(result.blocks.map((b) => b.number)).toEqual(Array.from({ length: 20 }, (_, i) => head - i));
      for (let i = 0; i + 1 < result.blocks.length; i++) expect(result.blocks[i].parentHash).toBe(result.blocks[i + 1].hash);
      const newest = (await direct.getBlock(head))!;
      expect(result.blocks[0]).toMatchObject({
        hash: newest.hash,
        timestamp: newest.timestamp,
        gasUsed: newest.gasUsed,
        gasLimit: newest.gasLimit,
        transactionCount: newest.transactions.length,
      });
      expect(result.page).toMatchObject({ isLatest: true, newerTop: null, olderTop: head - 20 });
    });

    it('keeps the same number of round trips and calls however high the chain grows', async () => {
      await direct.send('evm_mine', [{ blocks: 600 }]);
      const head = await direct.getBlockNumber();
      expect(head).toBeGreaterThan(600);

      const latest = await counting.measure(() => reader.latestBlocks());
      expect(latest.counts).toMatchObject({ httpRequests: 2, calls: 21 });

      // A named page asks for its blocks and the head in one batch.
      const middle = await counting.measure(() => reader.latestBlocks(300));
      expect(middle.counts).toMatchObject({ httpRequests: 1, calls: 21 });
      expect(middle.result.blocks.map((b) => b.number)).toEqual(Array.from({ length: 20 }, (_, i) => 300 - i));
      expect(middle.result.page).toMatchObject({ isLatest: false, newerTop: 320, olderTop: 280 });

      const oldest = await counting.measure(() => reader.latestBlocks(5));
      expect(oldest.counts).toMatchObject({ httpRequests: 1, calls: 7 }); // blocks 5..0 and the head
      expect(oldest.result.blocks.map((b) => b.number)).toEqual([5, 4, 3, 2, 1, 0]);
      expect(oldest.result.page.olderTop).toBeNull();
    });

    it('walks from the newest page to block 0 by "older", every block once, one round trip a page', async () => {
      const first = await reader.latestBlocks();
      const seen = first.blocks.map((b) => b.number);
      let older = first.page.olderTop;
      while (older !== null) {
        const { result, counts } = await counting.measure(() => reader.latestBlocks(older!));
        expect(counts.httpRequests).toBe(1);
        seen.push(...result.blocks.map((b) => b.number));
        older = result.page.olderTop;
      }
      expect(seen).toEqual(Array.from({ length: first.head + 1 }, (_, i) => first.head - i));
    });
  });

  describe('when reading one block', () => {
    it('reads a block by number with its transactions in one round trip', async () => {
      const receipt = (await direct.getTransactionReceipt(s.tx.buy))!;
      const { result, counts } = await counting.measure(() => reader.block(String(receipt.blockNumber)));
      expect(counts).toMatchObject({ httpRequests: 1, calls: 2 });
      const block = (await direct.getBlock(receipt.blockNumber))!;
      expect(result.block).toMatchObject({
        number: receipt.blockNumber,
        hash: block.hash,
        parentHash: block.parentHash,
        nonce: block.nonce,
        difficulty: block.difficulty,
        gasUsed: block.gasUsed,
        gasLimit: block.gasLimit,
        timestamp: block.timestamp,
        transactionCount: 1,
      });
      expect(result.block.size).toBeGreaterThan(500);
      expect(result.transactions).toHaveLength(1);
      expect(result.transactions[0]).toMatchObject({ hash: s.tx.buy, from: s.buyer, to: chain.config.marketplace.address });
      expect(result.transactions[0].call?.summary).toBe('Buy 1 kWh of offer #1, paying ETH 0.20');
    });

    it('reads the same block by hash', async () => {
      const receipt = (await direct.getTransactionReceipt(s.tx.buy))!;
      const { result, counts } = await counting.measure(() => reader.block(receipt.blockHash));
      expect(counts.httpRequests).toBe(1);
      expect(result.block.number).toBe(receipt.blockNumber);
    });

    it('says plainly when there is no such block, and asks nothing of the chain for nonsense', async () => {
      const head = await direct.getBlockNumber();
      const above = await failure(reader.block(String(head + 10)));
      expect(above.kind).toBe('not-found');
      expect(above.message).toBe(`There is no block #${head + 10} yet: the latest block is #${head}.`);

      const unknownHash = `0x${'ab'.repeat(32)}`;
      expect((await failure(reader.block(unknownHash))).message).toBe(`No block has the hash ${unknownHash}.`);

      const nonsense = await counting.measure(() => failure(reader.block('twelve')));
      expect(nonsense.result.kind).toBe('invalid');
      expect(nonsense.counts.httpRequests).toBe(0);
    });
  });

  describe('when reading one transaction', () => {
    it('reads a mined transaction, its receipt and its block time in two round trips', async () => {
      const { result, counts } = await counting.measure(() => reader.transaction(s.tx.settle));
      expect(counts.httpRequests).toBe(2);
      expect(counts.methods).toEqual(['eth_getTransactionByHash', 'eth_getTransactionReceipt', 'eth_blockNumber', 'eth_getBlockByNumber']);
      const receipt = (await direct.getTransactionReceipt(s.tx.settle))!;
      const block = (await direct.getBlock(receipt.blockNumber))!;
      expect(result).toMatchObject({
        status: 'success',
        timestamp: block.timestamp,
        gasUsed: receipt.gasUsed,
        feeWei: receipt.gasUsed * receipt.gasPrice,
        toIsMarketplace: true,
        revertReason: null,
      });
      expect(result.tx).toMatchObject({ hash: s.tx.settle, blockNumber: receipt.blockNumber, from: chain.operator.address, value: 0n });
    });

    it('replays a failed marketplace call in the same second round trip to read its custom error', async () => {
      const { result, counts } = await counting.measure(() => reader.transaction(s.tx.failedBuy));
      expect(counts.httpRequests).toBe(2);
      expect(counts.methods.slice(3)).toEqual(['eth_getBlockByNumber', 'eth_call']);
      expect(result.status).toBe('failed');
      expect(result.revertReason).toBe('Nothing remains in offer #1: it was filled or cancelled.');
    });

    it('says plainly when no transaction has the hash', async () => {
      const unknown = `0x${'cd'.repeat(32)}`;
      const { result, counts } = await counting.measure(() => failure(reader.transaction(unknown)));
      expect(result.kind).toBe('not-found');
      expect(result.message).toBe(`No transaction with the hash ${unknown} is known to the chain.`);
      expect(counts.httpRequests).toBe(1);
      expect((await failure(reader.transaction('0x1234'))).kind).toBe('invalid');
    });
  });

  describe('when reading an address', () => {
    it('reads balance, nonce, code, credits and the operator in one round trip of chain reads, no logs and no trade scan', async () => {
      const { result, counts } = await counting.measure(() => reader.address(s.seller));
      expect(counts.httpRequests).toBe(1);
      expect(counts.methods).toEqual(['eth_blockNumber', 'eth_getBalance', 'eth_getTransactionCount', 'eth_getCode', 'eth_call', 'eth_call']);
      expect(result.balanceWei).toBe(await direct.getBalance(s.seller));
      expect(result.nonce).toBe(await direct.getTransactionCount(s.seller));
      expect(result.role).toBe('account');
      expect(result.operator).toBe(chain.operator.address);
      expect(result.marketplace).toBeNull();
    });

    it('tells a contract account by its code', async () => {
      const result = await reader.address(s.receiver);
      expect(result.role).toBe('contract');
      expect(result.creditsWei).toBe(0n);
    });

    it('knows the operator and the marketplace itself, whose counters come in the same round trip', async () => {
      expect((await reader.address(chain.operator.address)).role).toBe('operator');
      const { result, counts } = await counting.measure(() => reader.address(chain.config.marketplace.address));
      expect(counts.httpRequests).toBe(1);
      expect(counts.methods).not.toContain('eth_getLogs');
      expect(result.role).toBe('marketplace');
      expect(result.marketplace).toEqual({ orderCount: 4n, tradeCount: 4n, settlementWindowSeconds: BigInt(SETTLEMENT_WINDOW_SECONDS) });
      expect(result.balanceWei).toBe(await direct.getBalance(chain.config.marketplace.address));
    });

    it('turns down what is not an address without asking the chain', async () => {
      const { result, counts } = await counting.measure(() => failure(reader.address('0x1234')));
      expect(result.kind).toBe('invalid');
      expect(counts.httpRequests).toBe(0);
    });
  });

  describe('when searching', () => {
    // A bare number may also be a trade or an order: ExplorerSearch asks the read model too.
    // The chain's own search answers "block 12" (or "block #12").
    it('finds a block by number with one call, and says when the chain is not that high yet', async () => {
      const head = await direct.getBlockNumber();
      const found = await counting.measure(() => reader.search(' block #12 '));
      expect(found.result).toEqual({ kind: 'found', path: '/explorer/block/12', what: 'block' });
      expect(found.counts).toMatchObject({ httpRequests: 1, calls: 1 });
      expect(await reader.search(`Block ${head + 1}`)).toEqual({
        kind: 'not-found',
        message: `There is no block #${head + 1} yet: the latest block is #${head}.`,
      });
    });

    it('asks for a block and a transaction at once for a 32-byte hash', async () => {
      const blockHash = (await direct.getTransactionReceipt(s.tx.fill))!.blockHash;
      const asBlock = await counting.measure(() => reader.search(blockHash));
      expect(asBlock.result).toEqual({ kind: 'found', path: `/explorer/block/${blockHash}`, what: 'block' });
      expect(asBlock.counts).toMatchObject({ httpRequests: 1, methods: ['eth_getBlockByHash', 'eth_getTransactionByHash'] });

      const asTx = await counting.measure(() => reader.search(s.tx.fill.toUpperCase().replace('0X', '0x')));
      expect(asTx.result).toEqual({ kind: 'found', path: `/explorer/tx/${s.tx.fill}`, what: 'transaction' });
      expect(asTx.counts.httpRequests).toBe(1);

      const unknown = `0x${'ef'.repeat(32)}`;
      expect(await reader.search(unknown)).toEqual({ kind: 'not-found', message: `No block and no transaction has the hash ${unknown}.` });
    });

    it('goes straight to an address, and turns down typos without a call', async () => {
      const found = await counting.measure(() => reader.search(s.buyer.toLowerCase()));
      expect(found.result).toEqual({ kind: 'found', path: `/explorer/address/${s.buyer}`, what: 'address' });
      expect(found.counts.httpRequests).toBe(0);
      const typo = s.buyer.slice(0, 2) + s.buyer.slice(2, 6).toLowerCase() + s.buyer.slice(6, 10).toUpperCase() + s.buyer.slice(10);
      const mangled = typo === s.buyer ? s.buyer.replace(/[a-f]/, (c) => c.toUpperCase()) : typo;
      const refused = await counting.measure(() => reader.search(mangled));
      expect(refused.result.kind).toBe('invalid');
      expect(refused.counts.httpRequests).toBe(0);
      expect(await reader.search('kilowatt')).toMatchObject({ kind: 'invalid' });
      expect(await reader.search('   ')).toMatchObject({ kind: 'invalid' });
    });
  });

  describe('when the chain cannot answer', () => {
    let silent: Server;
    let silentPort: number;
    let closedPort: number;

    beforeAll(async () => {
      // Accepts connections and never answers, like a wedged gateway.
      silent = createServer(() => undefined);
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      silentPort = (silent.address() as { port: number }).port;
      closedPort = await freePort();
    });
    afterAll(() => {
      silent.closeAllConnections();
      silent.close();
    });

    it('says the chain cannot be reached when nothing listens', async () => {
      const down = countingReadProvider({ ...chain.config, rpcUrl: `http://127.0.0.1:${closedPort}` });
      const error = await failure(new ExplorerReader(down.provider, chain.config.marketplace).latestBlocks());
      expect(error.kind).toBe('unreachable');
      expect(error.message).toMatch(/cannot be reached/);
      down.provider.destroy();
    });

    it('gives up with words, not a spinner, when the gateway never answers', async () => {
      const wedged = countingReadProvider({ ...chain.config, rpcUrl: `http://127.0.0.1:${silentPort}` });
      const started = Date.now();
      const error = await failure(new ExplorerReader(wedged.provider, chain.config.marketplace, 400).block('1'));
      expect(Date.now() - started).toBeLessThan(3000);
      expect(error.kind).toBe('timeout');
      expect(error.message).toBe('The chain did not answer within 1 s: the main server may be overloaded or the network slow. Try again.');
      wedged.provider.destroy();
    });
  });
});
