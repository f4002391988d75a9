import { parseEther } from 'ethers';

import { links } from './testing/explorer-harness';
import { useExplorerSpec } from './testing/explorer-spec-setup';
import { PRICE_0_25, SETTLEMENT_WINDOW_SECONDS, playMarketScenario } from './testing/market-scenario';
import { shownAs } from './testing/shown-as';

describe('AddressPageComponent', () => {
  const spec = useExplorerSpec(playMarketScenario, { settlementWindowSeconds: SETTLEMENT_WINDOW_SECONDS });

  // Accounts as the page shows them: the demo households by name, others shortened.
  const short = (a: string) => shownAs(spec.chain, a);
  const facts = () =>
    Object.fromEntries(
      [...spec.page.root().querySelectorAll('dl.facts > dt')].map((dt) => [dt.textContent?.trim(), (dt.nextElementSibling?.textContent ?? '').replace(/\s+/g, ' ').trim()]),
    );
  const tableRows = (labelledBy: string) =>
    [...spec.page.root().querySelectorAll(`table[aria-labelledby="${labelledBy}"] tbody tr`)].map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').replace(/\s+/g, ' ').trim()),
    );
  const historyItems = () => [...spec.page.root().querySelectorAll('ol[aria-labelledby="history"] li')].map((li) => (li.textContent ?? '').replace(/\s+/g, ' ').trim());

  it('shows a seller’s balance, nonce, closed trades, orders and history in words', async () => {
    await spec.page.navigate(`/explorer/address/${spec.scenario.seller}`);
    await spec.page.untilText('Market history (6)');
    const f = facts();
    // A household of the directory is named at the top of its page.
    expect(f['Name']).toBe(short(spec.scenario.seller));
    expect(f['Name']).toMatch(/^Demo household \d+$/);
    const balance = await spec.direct.getBalance(spec.scenario.seller);
    expect(f['Balance']).toMatch(/^ETH [\d,]+\.\d+$/);
    expect(parseEther(f['Balance'].replace('ETH ', '').replace(/,/g, ''))).toBe(balance);
    expect(f['Nonce']).toBe(`${await spec.direct.getTransactionCount(spec.scenario.seller)} (transactions sent)`);
    expect(f['What it is']).toBe('An account (a person’s wallet).');

    expect(tableRows('closed-trades')).toEqual([
      ['Trade #2 (Reclaimed by the buyer)', 'seller', `${short(spec.scenario.requester)}`, 'none: reclaimed before any settlement', '0 Wh of 200 Wh', 'ETH 0.00', 'ETH 0.06', expect.stringMatching(/^0x/)],
      ['Trade #1 (Settled)', 'seller', `${short(spec.scenario.buyer)}`, 'sent 1.000 kWh, received 0.972 kWh', '972 Wh of 1 kWh', 'ETH 0.1944', 'ETH 0.0056', expect.stringMatching(/^0x/)],
    ]);
    expect(spec.page.text()).toContain('Offer #1: 2.5 kWh at ETH 0.20 per kWh, 1 kWh traded, cancelled');
    expect(spec.page.text()).toContain('Open offers and requests (0)');
    expect(spec.page.text()).toContain('Open trades (0)');
    expect(historyItems()[0]).toMatch(new RegExp(`^${short(spec.scenario.requester)} reclaimed ETH 0.06 from trade #2 with ${short(spec.scenario.seller)}`));
    expect(historyItems()[5]).toMatch(new RegExp(`^${short(spec.scenario.seller)} offered 2.5 kWh at ETH 0.20 per kWh \\(offer #1\\)`));
    // Knowing the seller's own offer and the request it filled, the history tells the buy from the fill.
    expect(historyItems()).toContainEqual(expect.stringMatching(new RegExp(`^${short(spec.scenario.seller)} sold 200 Wh to ${short(spec.scenario.requester)}, filling request #2`)));
    expect(historyItems()).toContainEqual(expect.stringMatching(new RegExp(`^${short(spec.scenario.buyer)} bought 1 kWh of offer #1 from ${short(spec.scenario.seller)}`)));
    expect(links(spec.page.root()).map(([, href]) => href)).toContain(`/explorer/tx/${spec.scenario.tx.settle}`);
  });

  it('shows open offers and open trades from the contract, and follows new trades live', async () => {
    await spec.page.navigate(`/explorer/address/${spec.scenario.openSeller}`);
    await spec.page.untilText('Open trades (1)');
    expect(tableRows('open-orders')).toEqual([['Offer #4', '900 Wh of 1 kWh', 'ETH 0.25 per kWh', expect.stringMatching(/^0x/)]]);
    expect(tableRows('open-trades')).toEqual([
      ['Trade #4 (offer #4)', 'seller', short(spec.scenario.openBuyer), '100 Wh', 'ETH 0.025', expect.stringMatching(/^Not settled yet; reclaimable from .* UTC$/)],
    ]);

    await (await spec.chain.marketplace(spec.chain.accounts[8]).buy(4n, 400_000n, { value: 400_000n * PRICE_0_25 })).wait();
    await spec.page.untilText('Open trades (2)');
    expect(tableRows('open-orders')).toEqual([['Offer #4', '500 Wh of 1 kWh', 'ETH 0.25 per kWh', expect.stringMatching(/^0x/)]]);
    expect(tableRows('open-trades')[1]).toEqual(['Trade #5 (offer #4)', 'seller', short(spec.chain.accounts[8].address), '400 Wh', 'ETH 0.10', expect.any(String)]);
  });

  it('names the meter operator and the marketplace, whose page lists the latest market events', async () => {
    await spec.page.navigate(`/explorer/address/${spec.chain.operator.address}`);
    await spec.page.untilText('The meter operator: the delivery service’s key');

    await spec.page.navigate(`/explorer/address/${spec.chain.config.marketplace.address}`);
    await spec.page.untilText('Latest market events');
    const f = facts();
    expect(f['What it is']).toMatch(/^The EnergyMarketplace contract/);
    expect(f['Orders ever posted']).toBe('4');
    expect(f['Settlement window']).toBe(`${SETTLEMENT_WINDOW_SECONDS} s`);
    expect(f['Meter operator']).toBe(`${short(spec.chain.operator.address)}`);
    const events = [...spec.page.root().querySelectorAll('ol[aria-labelledby="recent-market"] li')];
    expect(events.length).toBeGreaterThanOrEqual(15);
    expect(events.at(-1)?.textContent).toContain(`${short(spec.scenario.seller)} offered 2.5 kWh at ETH 0.20 per kWh (offer #1)`);
  });

  it('turns down what is not an address, in words', async () => {
    await spec.page.navigate('/explorer/address/0xnope');
    await spec.page.untilText('Not a valid search.');
    expect(spec.page.text()).toContain('“0xnope” is not an address');
    expect(spec.page.root().querySelector('.problem[role="alert"] button')).toBeNull();
  });
});
