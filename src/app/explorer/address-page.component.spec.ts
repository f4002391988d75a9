import { JsonRpcProvider, parseEther } from 'ethers';

import { type LocalChain, startLocalChain } from '../../testing/local-chain';
import { type CountingReadProvider, countingReadProvider } from './testing/counting-read-provider';
import { type ExplorerHarness, createExplorerHarness, links } from './testing/explorer-harness';
import { type MarketScenario, PRICE_0_25, SETTLEMENT_WINDOW_SECONDS, playMarketScenario } from './testing/market-scenario';

// A real chain shares two cores with the rest of the suite: give it time rather than flake.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 120_000 });

describe('AddressPageComponent', () => {
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
      [...page.root().querySelectorAll('dl.facts > dt')].map((dt) => [dt.textContent?.trim(), (dt.nextElementSibling?.textContent ?? '').replace(/\s+/g, ' ').trim()]),
    );
  const tableRows = (labelledBy: string) =>
    [...page.root().querySelectorAll(`table[aria-labelledby="${labelledBy}"] tbody tr`)].map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').replace(/\s+/g, ' ').trim()),
    );
  const historyItems = () => [...page.root().querySelectorAll('ol[aria-labelledby="history"] li')].map((li) => (li.textContent ?? '').replace(/\s+/g, ' ').trim());

  it('shows a seller’s balance, nonce, closed trades, orders and history in words', async () => {
    await page.navigate(`/explorer/address/${s.seller}`);
    await page.untilText('Market history (6)');
    const f = facts();
    const balance = await direct.getBalance(s.seller);
    expect(f['Balance']).toMatch(/^[\d,]+\.\d+ ETH$/);
    expect(parseEther(f['Balance'].replace(' ETH', '').replace(/,/g, ''))).toBe(balance);
    expect(f['Nonce']).toBe(`${await direct.getTransactionCount(s.seller)} (transactions sent)`);
    expect(f['What it is']).toBe('An account (a person’s wallet).');

    expect(tableRows('closed-trades')).toEqual([
      ['#2 (reclaimed)', 'seller', `${short(s.requester)}`, '0 Wh of 200 Wh', '0 ETH', '0.06 ETH', expect.stringMatching(/^0x/)],
      ['#1 (settled)', 'seller', `${short(s.buyer)}`, '800 Wh of 1 kWh', '0.16 ETH', '0.04 ETH', expect.stringMatching(/^0x/)],
    ]);
    expect(page.text()).toContain('Offer #1: 2.5 kWh at 0.2 ETH/kWh, 1 kWh traded, cancelled');
    expect(page.text()).toContain('Open offers and requests (0)');
    expect(page.text()).toContain('Open trades (0)');
    expect(historyItems()[0]).toMatch(new RegExp(`^${short(s.requester)} reclaimed 0.06 ETH from trade #2 with ${short(s.seller)}`));
    expect(historyItems()[5]).toMatch(new RegExp(`^${short(s.seller)} offered 2.5 kWh at 0.2 ETH/kWh \\(offer #1\\)`));
    // Knowing the seller's own offer and the request it filled, the history tells the buy from the fill.
    expect(historyItems()).toContainEqual(expect.stringMatching(new RegExp(`^${short(s.seller)} sold 200 Wh to ${short(s.requester)}, filling request #2`)));
    expect(historyItems()).toContainEqual(expect.stringMatching(new RegExp(`^${short(s.buyer)} bought 1 kWh of offer #1 from ${short(s.seller)}`)));
    expect(links(page.root()).map(([, href]) => href)).toContain(`/explorer/tx/${s.tx.settle}`);
  });

  it('shows open offers and open trades from the contract, and follows new trades live', async () => {
    await page.navigate(`/explorer/address/${s.openSeller}`);
    await page.untilText('Open trades (1)');
    expect(tableRows('open-orders')).toEqual([['Offer #4', '900 Wh of 1 kWh', '0.25 ETH/kWh', expect.stringMatching(/^0x/)]]);
    expect(tableRows('open-trades')).toEqual([
      ['#4 (offer #4)', 'seller', short(s.openBuyer), '100 Wh', '0.025 ETH', expect.stringMatching(/^Awaiting delivery; reclaimable from .* UTC$/)],
    ]);

    await (await chain.marketplace(chain.accounts[8]).buy(4n, 400_000n, { value: 400_000n * PRICE_0_25 })).wait();
    await page.untilText('Open trades (2)');
    expect(tableRows('open-orders')).toEqual([['Offer #4', '500 Wh of 1 kWh', '0.25 ETH/kWh', expect.stringMatching(/^0x/)]]);
    expect(tableRows('open-trades')[1]).toEqual(['#5 (offer #4)', 'seller', short(chain.accounts[8].address), '400 Wh', '0.1 ETH', expect.any(String)]);
  });

  it('names the meter operator and the marketplace, whose page lists the latest market events', async () => {
    await page.navigate(`/explorer/address/${chain.operator.address}`);
    await page.untilText('The meter operator: the delivery service’s key');

    await page.navigate(`/explorer/address/${chain.config.marketplace.address}`);
    await page.untilText('Latest market events');
    const f = facts();
    expect(f['What it is']).toMatch(/^The EnergyMarketplace contract/);
    expect(f['Orders ever posted']).toBe('4');
    expect(f['Settlement window']).toBe(`${SETTLEMENT_WINDOW_SECONDS} s`);
    expect(f['Meter operator']).toBe(`${short(chain.operator.address)}`);
    const events = [...page.root().querySelectorAll('ol[aria-labelledby="recent-market"] li')];
    expect(events.length).toBeGreaterThanOrEqual(15);
    expect(events.at(-1)?.textContent).toContain(`${short(s.seller)} offered 2.5 kWh at 0.2 ETH/kWh (offer #1)`);
  });

  it('turns down what is not an address, in words', async () => {
    await page.navigate('/explorer/address/0xnope');
    await page.untilText('Not a valid search.');
    expect(page.text()).toContain('“0xnope” is not an address');
    expect(page.root().querySelector('.problem[role="alert"] button')).toBeNull();
  });
});
