import { JsonRpcProvider } from 'ethers';

import { type LocalChain, startLocalChain } from '../../testing/local-chain';
import { type CountingReadProvider, countingReadProvider } from './testing/counting-read-provider';
import { type ExplorerHarness, createExplorerHarness, links } from './testing/explorer-harness';
import { type MarketScenario, SETTLEMENT_WINDOW_SECONDS, playMarketScenario } from './testing/market-scenario';

// A real chain shares two cores with the rest of the suite: give it time rather than flake.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 120_000 });

describe('TxPageComponent', () => {
  let chain: LocalChain;
  let s: MarketScenario;
  let direct: JsonRpcProvider;
  let counting: CountingReadProvider;
  let page: ExplorerHarness;

  beforeAll(async () => {
    chain = await startLocalChain({ settlementWindowSeconds: SETTLEMENT_WINDOW_SECONDS });
    s = await playMarketScenario(chain);
    direct = new JsonRpcProvider(chain.rpcUrl, 1337, { staticNetwork: true });
  });
  afterAll(async () => {
    direct?.destroy();
    await chain?.stop();
  });
  beforeEach(async () => {
    counting = countingReadProvider(chain.config);
    page = await createExplorerHarness(chain.config, counting.provider);
  });
  afterEach(() => counting.provider.destroy());

  const short = (a: string) => `${a.slice(0, 6)}…${a.slice(-4)}`;
  const facts = () =>
    Object.fromEntries(
      [...page.root().querySelectorAll('dl.facts:first-of-type > dt')].map((dt) => [
        dt.textContent?.trim(),
        (dt.nextElementSibling?.textContent ?? '').replace(/\s+/g, ' ').trim(),
      ]),
    );

  it('shows a settlement: status, block, parties, value, gas, and the events in words', async () => {
    await page.navigate(`/explorer/tx/${s.tx.settle}`);
    await page.untilText('Marketplace events (1)');
    const receipt = (await direct.getTransactionReceipt(s.tx.settle))!;
    const f = facts();
    expect(f['Status']).toBe('Success');
    expect(f['Block']).toMatch(new RegExp(`^#${receipt.blockNumber} \\(`));
    expect(f['From']).toContain(short(chain.operator.address));
    expect(f['To']).toContain('EnergyMarketplace');
    expect(f['Call']).toBe('Settle trade #1 with 800 Wh delivered (settle)');
    expect(f['Value']).toBe('0 ETH');
    expect(f['Gas used']).toBe(`${receipt.gasUsed.toLocaleString('en-US')} of ${(await direct.getTransaction(s.tx.settle))!.gasLimit.toLocaleString('en-US')} allowed`);
    expect(page.text()).toContain(
      `The meter operator settled trade #1: 800 Wh delivered, seller ${short(s.seller)} paid 0.16 ETH, buyer ${short(s.buyer)} refunded 0.04 ETH.`,
    );
    // Decoded fields, each in its unit with the raw integer beside it.
    const decoded = Object.fromEntries(
      [...page.root().querySelectorAll('ol.events details dt')].map((dt) => [dt.textContent?.trim(), dt.nextElementSibling?.textContent?.replace(/\s+/g, ' ').trim()]),
    );
    expect(decoded).toEqual({
      tradeId: '#1',
      buyer: `${short(s.buyer)}`,
      seller: `${short(s.seller)}`,
      deliveredMilliWh: '800 Wh (800,000 mWh)',
      sellerAmountWei: '0.16 ETH (160,000,000,000,000,000 wei)',
      buyerRefundWei: '0.04 ETH (40,000,000,000,000,000 wei)',
    });
    // The raw log: every topic in full.
    for (const topic of receipt.logs[0].topics) expect(page.text()).toContain(topic);
  });

  it('links every block, transaction and address it shows into the explorer', async () => {
    await page.navigate(`/explorer/tx/${s.tx.buy}`);
    await page.untilText('Marketplace events (1)');
    const receipt = (await direct.getTransactionReceipt(s.tx.buy))!;
    const hrefs = links(page.root()).map(([, href]) => href);
    expect(hrefs).toContain(`/explorer/block/${receipt.blockNumber}`);
    for (const address of [s.buyer, s.seller, chain.config.marketplace.address]) expect(hrefs).toContain(`/explorer/address/${address}`);
    for (const el of page.root().querySelectorAll('.hex-link')) expect(el.tagName).toBe('A');
    expect(page.text()).toContain(`${short(s.buyer)} bought 1 kWh of offer #1 from ${short(s.seller)} for 0.2 ETH (trade #1)`);
  });

  it('says why a failed transaction failed', async () => {
    await page.navigate(`/explorer/tx/${s.tx.failedBuy}`);
    await page.untilText('Failed');
    expect(facts()['Status']).toBe('Failed: Nothing remains in offer #1: it was filled or cancelled.');
    expect(page.text()).toContain('This transaction emitted no marketplace events.');
  });

  it('shows a transaction waiting to be mined as pending, then turns it into a mined one by itself', async () => {
    await direct.send('miner_stop', []);
    let hash = '';
    try {
      const sent = await chain.marketplace(chain.accounts[8]).createOffer(3_000n, 250_000_000_000n);
      hash = sent.hash;
      await page.navigate(`/explorer/tx/${hash}`);
      await page.untilText('Pending: waiting to be mined');
      expect(facts()['Block']).toBe('Not yet mined');
      expect(page.text()).toContain('Events appear once the transaction is mined.');
    } finally {
      await direct.send('miner_start', []);
    }
    await page.untilText('Marketplace events (1)');
    expect(facts()['Status']).toBe('Success');
    expect(page.text()).toContain(`${short(chain.accounts[8].address)} offered 3 Wh at 0.25 ETH/kWh (offer #5)`);
    expect(page.currentUrl()).toBe(`/explorer/tx/${hash}`);
  });

  it('says plainly when no transaction has the hash', async () => {
    const unknown = `0x${'77'.repeat(32)}`;
    await page.navigate(`/explorer/tx/${unknown}`);
    await page.until(() => !!page.root().querySelector('.problem[role="alert"]'), 'the alert');
    expect(page.text()).toContain(`Not found. No transaction with the hash ${unknown} is known to the chain.`);
  });
});
