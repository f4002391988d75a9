import { type Server, createServer } from 'node:http';

import { FetchRequest, FetchResponse, Interface, type InterfaceAbi, JsonRpcProvider, toUtf8Bytes } from 'ethers';

import { type LocalChain, startLocalChain } from '../../testing/local-chain';
import { seedMarket } from '../../testing/seed-market';
import { GatewayProvider, parseJsonBody } from './gateway-provider';
import { createReadProvider } from './read-provider';

describe('GatewayProvider', () => {
  let chain: LocalChain;

  beforeAll(async () => {
    chain = await startLocalChain();
    await seedMarket(chain, Array.from({ length: 40 }, (_, i) => ({ account: 1 + (i % 4), kind: 'offer' as const, quantityMilliWh: 1000n + BigInt(i), unitPrice: 10n ** 9n })));
  }, 120_000);
  afterAll(() => chain?.stop());

  it('is the read provider the app uses', () => {
    const provider = createReadProvider(chain.config);
    expect(provider).toBeInstanceOf(GatewayProvider);
    provider.destroy();
  });

  it('answers a batch of reads exactly as ethers\' own JsonRpcProvider does', async () => {
    const ours = new GatewayProvider(chain.rpcUrl, chain.config.chainId, { staticNetwork: true });
    const theirs = new JsonRpcProvider(chain.rpcUrl, chain.config.chainId, { staticNetwork: true });
    const reads = (provider: JsonRpcProvider) =>
      Promise.all([
        provider.send('eth_blockNumber', []),
        provider.send('eth_getLogs', [{ address: chain.config.marketplace.address, fromBlock: '0x0', toBlock: 'latest' }]),
        provider.send('eth_getBlockByNumber', ['0x1', true]),
        provider.getBalance(chain.accounts[1].address),
      ]);
    const [mine, expected] = await Promise.all([reads(ours), reads(theirs)]);
    expect(mine).toEqual(expected);
    expect((mine[1] as unknown[]).length).toBe(40);
    ours.destroy();
    theirs.destroy();
  });

  it('reports a node\'s JSON-RPC errors as ethers does: a revert with its data, an unknown method', async () => {
    const ours = new GatewayProvider(chain.rpcUrl, chain.config.chainId, { staticNetwork: true });
    const theirs = new JsonRpcProvider(chain.rpcUrl, chain.config.chainId, { staticNetwork: true });
    const buyMissingOrder = new Interface(chain.config.marketplace.abi as InterfaceAbi).encodeFunctionData('buy', [999n, 1n]);
    const failures = (provider: JsonRpcProvider) =>
      Promise.all([
        provider.call({ to: chain.config.marketplace.address, data: buyMissingOrder, from: chain.accounts[2].address }),
        provider.send('eth_noSuchMethod', []),
      ].map((call) => call.then(() => null, (error: { code?: string; shortMessage?: string; data?: string }) => ({ code: error.code, shortMessage: error.shortMessage, data: error.data }))));
    const [mine, expected] = await Promise.all([failures(ours), failures(theirs)]);
    expect(mine[0]?.code).toBe('CALL_EXCEPTION');
    expect(mine[0]?.data).toMatch(/^0x[0-9a-f]{8}/);
    expect(mine[1]).not.toBeNull();
    expect(mine).toEqual(expected);
    ours.destroy();
    theirs.destroy();
  });

  describe('against a server that answers badly', () => {
    let server: Server;
    let url: string;
    let answer: { status: number; body: Buffer } = { status: 200, body: Buffer.from('') };

    beforeAll(async () => {
      server = createServer((req, res) => {
        req.resume();
        req.on('end', () => res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const failureOf = async (provider: JsonRpcProvider) => {
      const error = await provider.send('eth_blockNumber', []).then(
        () => null,
        (e: unknown) => e as { code?: string; shortMessage?: string },
      );
      provider.destroy();
      return error && { code: error.code, shortMessage: error.shortMessage };
    };
    const bothFail = async () => {
      const mine = await failureOf(new GatewayProvider(url, 1337, { staticNetwork: true }));
      const expected = await failureOf(new JsonRpcProvider(url, 1337, { staticNetwork: true }));
      expect(mine).not.toBeNull();
      expect(mine).toEqual(expected);
      return mine!;
    };

    it('HTTP 500: the same server error as ethers', async () => {
      answer = { status: 500, body: Buffer.from('{"error":"down"}') };
      expect((await bothFail()).code).toBe('SERVER_ERROR');
    });

    it('a body that is not JSON: the same error as ethers', async () => {
      answer = { status: 200, body: Buffer.from('<html>gateway</html>') };
      expect(await bothFail()).toEqual({ code: 'UNSUPPORTED_OPERATION', shortMessage: 'response body is not valid JSON' });
    });

    it('a body that is not UTF-8: refused, not read as JSON', async () => {
      answer = { status: 200, body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) };
      const mine = await failureOf(new GatewayProvider(url, 1337, { staticNetwork: true }));
      expect(mine?.code).toBe('UNSUPPORTED_OPERATION');
    });
  });

  it('reads text in any language, as ethers\' decoder does', () => {
    const body = toUtf8Bytes(JSON.stringify({ jsonrpc: '2.0', id: 1, result: 'Grüße, नमस्ते, ⚡ 10 kWh' }));
    expect(parseJsonBody(body)).toEqual(new FetchResponse(200, 'OK', {}, body, new FetchRequest('http://localhost')).bodyJson);
    expect(() => parseJsonBody(null)).toThrow(/not valid JSON/);
  });

  // How much faster than ethers' decoder is a figure of the machine: ui.jsonDecodeSpeedup in scripts/bench/json-decode.ts.
  it('turns a 6 MB answer into the same JSON as ethers\' own decoder', () => {
    // The size of the eth_getLogs answer for a market of 10,000 offers.
    const log = { address: chain.config.marketplace.address.toLowerCase(), topics: [`0x${'1'.repeat(64)}`, `0x${'2'.repeat(64)}`, `0x${'3'.repeat(64)}`], data: `0x${'4'.repeat(128)}`, blockNumber: '0x10', transactionHash: `0x${'5'.repeat(64)}`, transactionIndex: '0x0', blockHash: `0x${'6'.repeat(64)}`, logIndex: '0x0', removed: false };
    const body = toUtf8Bytes(JSON.stringify({ jsonrpc: '2.0', id: 1, result: Array.from({ length: 10_000 }, () => log) }));
    expect(body.length).toBeGreaterThan(6_000_000);
    expect(parseJsonBody(body)).toEqual(new FetchResponse(200, 'OK', {}, body, new FetchRequest('http://localhost')).bodyJson);
  });
});
