import { Interface, type InterfaceAbi, JsonRpcProvider } from 'ethers';

import { type LocalChain, startLocalChain } from '../../testing/local-chain';
import { SETTLEMENT_WINDOW_SECONDS, playMarketScenario } from '../explorer/testing/market-scenario';
import { readRawLogs } from './log-reader';
import { type RawLog, decodeMarketEvent } from './market-event';
import { createReadProvider } from './read-provider';

/** The hand decoder against ethers' ABI decoder, on logs of every marketplace event from real trades. */
describe('decodeMarketEvent on raw eth_getLogs answers', () => {
  let chain: LocalChain;
  let provider: JsonRpcProvider;
  let iface: Interface;
  let logs: RawLog[];

  beforeAll(async () => {
    chain = await startLocalChain({ settlementWindowSeconds: SETTLEMENT_WINDOW_SECONDS });
    await playMarketScenario(chain);
    provider = createReadProvider(chain.config);
    iface = new Interface(chain.config.marketplace.abi as InterfaceAbi);
    const head = await provider.getBlockNumber();
    logs = await readRawLogs(provider, { address: chain.config.marketplace.address, fromBlock: 0, toBlock: head });
  }, 120_000);
  afterAll(async () => {
    provider?.destroy();
    await chain?.stop();
  });

  it('reads each log\'s place exactly as ethers\' getLogs does', async () => {
    const expected = await new JsonRpcProvider(chain.rpcUrl, chain.config.chainId, { staticNetwork: true }).getLogs({
      address: chain.config.marketplace.address,
      fromBlock: 0,
      toBlock: 'latest',
    });
    expect(logs.length).toBe(expected.length);
    expect(logs.map(({ topics, data, blockNumber, transactionHash, index }) => ({ topics: [...topics], data, blockNumber, transactionHash, index }))).toEqual(
      expected.map(({ topics, data, blockNumber, transactionHash, index }) => ({ topics: [...topics], data, blockNumber, transactionHash, index })),
    );
  });

  it('decodes every event type field by field as ethers\' parseLog does', () => {
    const types = new Set<string>();
    for (const log of logs) {
      const expected = iface.parseLog({ topics: [...log.topics], data: log.data })!;
      const decoded = decodeMarketEvent(iface, log)!;
      types.add(decoded.type);
      expect(decoded.type).toBe(expected.name);
      expect(decoded).toMatchObject({ blockNumber: log.blockNumber, transactionHash: log.transactionHash, logIndex: log.index });
      const fields = Object.entries(decoded).filter(([key]) => !['type', 'blockNumber', 'transactionHash', 'logIndex'].includes(key));
      expect(fields.map(([, value]) => value)).toEqual([...expected.args]);
      // Field names as the contract declares them, in its order.
      expect(fields.length).toBe(expected.fragment.inputs.length);
    }
    expect([...types].sort()).toEqual(
      ['OfferCancelled', 'OfferCreated', 'PaymentDeferred', 'RequestCancelled', 'RequestCreated', 'TradeOpened', 'TradeReclaimed', 'TradeSettled', 'Withdrawn'],
    );
  });

  it('turns down logs it cannot read instead of inventing values', () => {
    const offer = logs.find((log) => iface.parseLog({ topics: [...log.topics], data: log.data })?.name === 'OfferCreated')!;
    expect(decodeMarketEvent(iface, offer)?.type).toBe('OfferCreated');
    // Data cut short, a topic missing, an event of another contract.
    expect(decodeMarketEvent(iface, { ...offer, data: offer.data.slice(0, offer.data.length - 2) })).toBeNull();
    expect(decodeMarketEvent(iface, { ...offer, topics: offer.topics.slice(0, 2) })).toBeNull();
    expect(decodeMarketEvent(iface, { ...offer, topics: [`0x${'ab'.repeat(32)}`, ...offer.topics.slice(1)] })).toBeNull();
    expect(decodeMarketEvent(iface, { ...offer, topics: [] })).toBeNull();
  });

  it('reads checksummed addresses and values above 2^53 without loss', () => {
    const offer = logs.find((log) => decodeMarketEvent(iface, log)?.type === 'OfferCreated')!;
    const big = (2n ** 200n + 12345n).toString(16).padStart(64, '0');
    const data = `0x${big}${offer.data.slice(2 + 64)}`;
    const decoded = decodeMarketEvent(iface, { ...offer, data });
    expect(decoded).toMatchObject({ type: 'OfferCreated', quantityMilliWh: 2n ** 200n + 12345n, maker: chain.accounts[1].address });
  });
});
