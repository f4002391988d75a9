import { formatUtc } from '../core/time-format';
import { links } from './testing/explorer-harness';
import { useExplorerSpec } from './testing/explorer-spec-setup';
import { SETTLEMENT_WINDOW_SECONDS, playMarketScenario } from './testing/market-scenario';
import { shownAs } from './testing/shown-as';

/** The explorer's trade and order pages, read from the real read API over a real chain's index. */
describe('the explorer\'s trade and order pages', () => {
  const spec = useExplorerSpec(playMarketScenario, { settlementWindowSeconds: SETTLEMENT_WINDOW_SECONDS, readModel: true });

  const short = (a: string) => shownAs(spec.chain, a);
  const facts = () =>
    Object.fromEntries(
      [...spec.page.root().querySelectorAll('dl.facts > dt')].map((dt) => [dt.textContent?.trim(), (dt.nextElementSibling?.textContent ?? '').replace(/\s+/g, ' ').trim()]),
    );
  const rows = (labelledBy: string) =>
    [...spec.page.root().querySelectorAll(`table[aria-labelledby="${labelledBy}"] tbody tr`)].map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').replace(/\s+/g, ' ').trim()),
    );

  it('shows a settled trade: who, how much, what the meters said, who was paid, and its history', async () => {
    await spec.page.navigate('/explorer/trade/1');
    await spec.page.untilText('Trade #1');
    await spec.page.untilText('Settled: the seller was paid');
    const f = facts();
    expect(f['Order']).toBe('Offer #1');
    expect(f['Buyer']).toContain(short(spec.scenario.buyer));
    expect(f['Seller']).toContain(short(spec.scenario.seller));
    expect(f['Energy']).toBe('1 kWh');
    expect(f['Price']).toBe('ETH 0.20 per kWh');
    expect(f['Amount']).toContain('ETH 0.20');
    expect(f['Delivered']).toMatch(/^800 Wh/);
    expect(f['Seller paid']).toBe('ETH 0.16');
    expect(f['Refunded to the buyer']).toBe('ETH 0.04');
    expect(rows('trade-history').map((row) => row[0])).toEqual(['Trade opened, the price held in escrow', 'Trade settled from the meters']);
    const receipt = (await spec.direct.getTransactionReceipt(spec.scenario.tx.buy))!;
    expect(links(spec.page.root())).toContainEqual(['Offer #1', '/explorer/order/1']);
    expect(links(spec.page.root())).toContainEqual([`Block #${receipt.blockNumber}`, `/explorer/block/${receipt.blockNumber}`]);
    // The explorer reads the trade from the index: no log scan of the chain.
    expect(spec.counting.counts.methods).not.toContain('eth_getLogs');
  });

  it('says when the buyer of an open trade may reclaim it, and that a reclaimed one was refunded', async () => {
    const trade = await spec.chain.marketplace().getTrade(4n);
    await spec.page.navigate('/explorer/trade/4');
    await spec.page.untilText('Trade #4');
    expect(spec.page.text()).toContain(`If it is not settled, the buyer may reclaim the amount from ${formatUtc(Number(trade.deadline))}.`);
    expect(facts()['Reclaimable from']).toBe(formatUtc(Number(trade.deadline)));

    await spec.page.navigate('/explorer/trade/2');
    await spec.page.untilText('Reclaimed: ETH 0.06 returned to the buyer.');
    expect(facts()['Order']).toBe('Request #2');
  });

  it('says in words that there is no such trade, and that "abc" is no trade number', async () => {
    await spec.page.navigate('/explorer/trade/99');
    await spec.page.untilText('Not found.');
    expect(spec.page.text()).toContain('No trade #99 in the index');
    await spec.page.navigate('/explorer/trade/abc');
    await spec.page.untilText('Not a valid search.');
    expect(spec.page.text()).toContain('“abc” is not a trade number');
  });

  it('shows an order with what is left of it and the trades made from it, each a link', async () => {
    await spec.page.navigate('/explorer/order/1');
    await spec.page.untilText('Offer #1');
    await spec.page.untilText('Sells 2.5 kWh at ETH 0.20 per kWh.');
    const f = facts();
    expect(f['Status']).toBe('Cancelled');
    expect(f['Seller']).toContain(short(spec.scenario.seller));
    expect(f['Remaining']).toBe('0 Wh');
    expect(f['Traded']).toBe('1 kWh in 1 trade');
    const [trade] = rows('order-trades');
    expect(rows('order-trades')).toHaveLength(1);
    expect([trade[0], trade[3], trade[4], trade[5]]).toEqual(['Trade #1', '1 kWh', 'ETH 0.20', 'Settled']);
    expect(trade[1]).toContain(short(spec.scenario.buyer));
    expect(trade[2]).toContain(short(spec.scenario.seller));
    expect(links(spec.page.root())).toContainEqual(['Trade #1', '/explorer/trade/1']);

    await spec.page.navigate('/explorer/order/4');
    await spec.page.untilText('Offer #4');
    expect(facts()['Status']).toBe('Open');
    expect(rows('order-trades').map((row) => [row[0], row[5]])).toEqual([['Trade #4', 'Open']]);
  });

  it('finds trades and orders by number, and households by name, from the search box', async () => {
    const input = () => spec.page.root().querySelector<HTMLInputElement>('#explorer-search-input')!;
    const search = (text: string) => {
      input().value = text;
      input().dispatchEvent(new Event('input'));
      spec.page.root().querySelector<HTMLButtonElement>('form[role="search"] button[type="submit"]')!.click();
    };
    const message = () => (spec.page.root().querySelector('#explorer-search-message')!.textContent ?? '').replace(/\s+/g, ' ').trim();
    await spec.page.navigate('/explorer');
    await spec.page.until(() => !!spec.page.root().querySelector('tbody tr'), 'the latest blocks');

    search('trade 2');
    await spec.page.until(() => spec.page.currentUrl() === '/explorer/trade/2', 'trade 2');
    search('request #2');
    await spec.page.until(() => spec.page.currentUrl() === '/explorer/order/2', 'request 2');

    // "#2" may be a block, a trade and an order: the person picks.
    search('#2');
    await spec.page.until(() => message().startsWith('#2 names more than one thing'), 'the choice');
    const choices = [...spec.page.root().querySelectorAll('.search-choices a')].map((a) => [a.textContent?.trim(), a.getAttribute('href')]);
    expect(choices).toEqual([
      ['Block #2', '/explorer/block/2'],
      ['Trade #2', '/explorer/trade/2'],
      ['Request #2', '/explorer/order/2'],
    ]);

    search('trade 77');
    await spec.page.until(() => message() === 'There is no trade #77.', 'no trade 77');

    const name = short(spec.scenario.seller);
    search(name.toUpperCase());
    await spec.page.until(() => spec.page.currentUrl() === `/explorer/address/${spec.scenario.seller}`, 'the household by name');
    search('household');
    await spec.page.until(() => message().includes('households’ names contain “household”'), 'several households');
    search('nobody here');
    await spec.page.until(() => message().startsWith('No household’s name contains “nobody here”'), 'no household');
  });
});
