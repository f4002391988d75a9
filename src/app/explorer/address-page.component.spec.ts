import { parseEther } from 'ethers';

import { waitFor } from '../../testing/wait-for';
import { ADDRESS_PAGE_SIZE } from './address-activity-pages';
import { links } from './testing/explorer-harness';
import { useExplorerSpec } from './testing/explorer-spec-setup';
import { PRICE_0_25, SETTLEMENT_WINDOW_SECONDS, playMarketScenario } from './testing/market-scenario';
import { shownAs } from './testing/shown-as';

describe('AddressPageComponent', () => {
  const spec = useExplorerSpec(playMarketScenario, { settlementWindowSeconds: SETTLEMENT_WINDOW_SECONDS, readModel: true });

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

  it('shows a seller’s balance, nonce, trades, orders and history in words', async () => {
    await spec.page.navigate(`/explorer/address/${spec.scenario.seller}`);
    await spec.page.untilText('Trade #2');
    await spec.page.untilText('offered 2.5 kWh');
    const f = facts();
    // A household of the directory is named at the top of its page.
    expect(f['Name']).toBe(short(spec.scenario.seller));
    expect(f['Name']).toMatch(/^Demo household \d+$/);
    const balance = await spec.direct.getBalance(spec.scenario.seller);
    expect(f['Balance']).toMatch(/^ETH [\d,]+\.\d+$/);
    expect(parseEther(f['Balance'].replace('ETH ', '').replace(/,/g, ''))).toBe(balance);
    expect(f['Nonce']).toBe(`${await spec.direct.getTransactionCount(spec.scenario.seller)} (transactions sent)`);
    expect(f['What it is']).toBe('An account (a person’s wallet).');

    expect(tableRows('trades')).toEqual([
      ['Trade #2 (request #2)', 'seller', short(spec.scenario.requester), '200 Wh', 'ETH 0.06', 'Reclaimed by the buyer: ETH 0.06 returned'],
      [
        'Trade #1 (offer #1)',
        'seller',
        short(spec.scenario.buyer),
        '1 kWh',
        'ETH 0.20',
        'Settled: sent 1.000 kWh, received 0.972 kWh; seller paid ETH 0.1944, buyer got back ETH 0.0056',
      ],
    ]);
    expect(tableRows('orders')).toEqual([['Offer #1', '0 Wh of 2.5 kWh', 'ETH 0.20 per kWh', 'cancelled', expect.stringMatching(/^0x/)]]);
    const history = historyItems();
    // The community directory's event that named the household is its oldest.
    expect(history).toHaveLength(7);
    expect(history[6]).toMatch(/^Household Added — 0x/);
    expect(history[0]).toMatch(new RegExp(`^${short(spec.scenario.requester)} reclaimed ETH 0.06 from trade #2 with ${short(spec.scenario.seller)}`));
    expect(history[5]).toMatch(new RegExp(`^${short(spec.scenario.seller)} offered 2.5 kWh at ETH 0.20 per kWh \\(offer #1\\)`));
    // Knowing the seller's own offer and the request it filled, the history tells the buy from the fill.
    expect(history).toContainEqual(expect.stringMatching(new RegExp(`^${short(spec.scenario.seller)} sold 200 Wh to ${short(spec.scenario.requester)}, filling request #2`)));
    expect(history).toContainEqual(expect.stringMatching(new RegExp(`^${short(spec.scenario.buyer)} bought 1 kWh of offer #1 from ${short(spec.scenario.seller)}`)));
    expect(links(spec.page.root()).map(([, href]) => href)).toContain(`/explorer/tx/${spec.scenario.tx.settle}`);
  });

  it('reads the chain for balance and credits only: no log scan from the deployment block and no open-trades view', async () => {
    const getOpenTradesOf = spec.chain.marketplace().interface.getFunction('getOpenTradesOf')!.selector;
    await spec.page.navigate(`/explorer/address/${spec.scenario.openSeller}`);
    await spec.page.untilText('Trade #4');
    await spec.page.navigate(`/explorer/address/${spec.chain.config.marketplace.address}`);
    await spec.page.untilText('offered 2.5 kWh');
    expect(spec.counting.counts.calls).toBeGreaterThan(0);
    expect(spec.counting.counts.methods).not.toContain('eth_getLogs');
    expect(spec.counting.counts.callData.filter((data) => data.startsWith(getOpenTradesOf))).toEqual([]);
  });

  it('shows open offers and open trades with their reclaim dates, and follows new trades live', async () => {
    await spec.page.navigate(`/explorer/address/${spec.scenario.openSeller}`);
    await spec.page.untilText('Trade #4');
    expect(tableRows('orders')).toEqual([['Offer #4', '900 Wh of 1 kWh', 'ETH 0.25 per kWh', 'open', expect.stringMatching(/^0x/)]]);
    expect(tableRows('trades')).toEqual([
      ['Trade #4 (offer #4)', 'seller', short(spec.scenario.openBuyer), '100 Wh', 'ETH 0.025', expect.stringMatching(/^Not settled yet; reclaimable from .* UTC$/)],
    ]);

    await (await spec.chain.marketplace(spec.chain.accounts[8]).buy(4n, 400_000n, { value: 400_000n * PRICE_0_25 })).wait();
    await spec.page.untilText('Trade #5');
    await waitFor(() => tableRows('orders')[0]?.[1] === '500 Wh of 1 kWh', { what: 'the order’s remaining energy to follow the new trade' });
    expect(tableRows('trades')[0]).toEqual(['Trade #5 (offer #4)', 'seller', short(spec.chain.accounts[8].address), '400 Wh', 'ETH 0.10', expect.stringMatching(/^Not settled yet; reclaimable from/)]);
  });

  it('names the meter operator and the marketplace, whose page lists the market’s events a page at a time', async () => {
    await spec.page.navigate(`/explorer/address/${spec.chain.operator.address}`);
    await spec.page.untilText('The meter operator: the delivery service’s key');

    await spec.page.navigate(`/explorer/address/${spec.chain.config.marketplace.address}`);
    await spec.page.untilText('Latest market events');
    await spec.page.untilText('Older →');
    const f = facts();
    expect(f['What it is']).toMatch(/^The EnergyMarketplace contract/);
    expect(f['Orders ever posted']).toBe('4');
    expect(f['Settlement window']).toBe(`${SETTLEMENT_WINDOW_SECONDS} s`);
    expect(f['Meter operator']).toBe(`${short(spec.chain.operator.address)}`);
    const firstPage = historyItems();
    expect(firstPage).toHaveLength(ADDRESS_PAGE_SIZE);
    // Older pages, one request each, down to the market's first event.
    const older = () => [...spec.page.root().querySelectorAll<HTMLButtonElement>('nav.pager button')].find((b) => b.textContent?.includes('Older'))!;
    const all = [...firstPage];
    while (!older().disabled) {
      const shown = historyItems()[0];
      older().click();
      await waitFor(() => historyItems().length > 0 && historyItems()[0] !== shown, { what: 'the older page of events' });
      all.push(...historyItems());
    }
    expect(all.length).toBeGreaterThan(ADDRESS_PAGE_SIZE);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toContainEqual(expect.stringContaining(`${short(spec.scenario.seller)} offered 2.5 kWh at ETH 0.20 per kWh (offer #1)`));
    // Every trade ever opened is among them, once.
    expect(all.filter((line) => / \(trade #\d+\), held in escrow/.test(line))).toHaveLength(Number(f['Trades ever opened']));
  });

  it('turns down what is not an address, in words', async () => {
    await spec.page.navigate('/explorer/address/0xnope');
    await spec.page.untilText('Not a valid search.');
    expect(spec.page.text()).toContain('“0xnope” is not an address');
    expect(spec.page.root().querySelector('.problem[role="alert"] button')).toBeNull();
  });
});
