import { useExplorerSpec } from './testing/explorer-spec-setup';

describe('ExplorerSearchComponent', () => {
  const spec = useExplorerSpec(async (chain) => {
    const sent = await chain.marketplace(chain.accounts[1]).createOffer(2_500_000n, 200_000_000_000n);
    await sent.wait();
    return { offerTx: sent.hash };
  }, { readModel: true });
  beforeEach(async () => {
    await spec.page.navigate('/explorer');
    await spec.page.until(() => !!spec.page.root().querySelector('tbody tr'), 'the latest blocks');
  });

  const input = () => spec.page.root().querySelector<HTMLInputElement>('#explorer-search-input')!;
  const search = async (text: string) => {
    input().value = text;
    input().dispatchEvent(new Event('input'));
    spec.page.root().querySelector<HTMLButtonElement>('form[role="search"] button[type="submit"]')!.click();
  };
  const message = () => spec.page.root().querySelector('#explorer-search-message')!;

  it('is one labelled search box with a submit button', () => {
    const label = spec.page.root().querySelector('label[for="explorer-search-input"]');
    expect(label?.textContent).toBe('Search trades, orders, blocks, transactions, addresses and households');
    expect(input().type).toBe('search');
    expect(input().getAttribute('aria-describedby')).toBe('explorer-search-message');
    expect(spec.page.root().querySelector('form[role="search"] button[type="submit"]')?.textContent?.trim()).toBe('Search');
  });

  it('opens a transaction by its hash', async () => {
    await search(spec.scenario.offerTx);
    await spec.page.untilText('Offer 2.5 kWh at ETH 0.20 per kWh');
    expect(spec.page.currentUrl()).toBe(`/explorer/tx/${spec.scenario.offerTx}`);
    expect(input().value).toBe('');
  });

  it('opens a block by its hash and by its number', async () => {
    const receipt = (await spec.direct.getTransactionReceipt(spec.scenario.offerTx))!;
    await search(receipt.blockHash);
    await spec.page.untilText(`Block #${receipt.blockNumber}`);
    expect(spec.page.currentUrl()).toBe(`/explorer/block/${receipt.blockHash}`);
    // No trade or order has the block's number: the number can only be the block.
    await search(`#${receipt.blockNumber}`);
    await spec.page.until(() => spec.page.currentUrl() === `/explorer/block/${receipt.blockNumber}`, 'the block by number');
    await search(`block 1`);
    await spec.page.until(() => spec.page.currentUrl() === '/explorer/block/1', 'block 1 by its name');
  });

  it('opens an address typed in lower case', async () => {
    await search(spec.chain.accounts[1].address.toLowerCase());
    await spec.page.untilText('An account (a person’s wallet).');
    expect(spec.page.currentUrl()).toBe(`/explorer/address/${spec.chain.accounts[1].address}`);
  });

  it('says clearly when nothing matches, and stays on the page', async () => {
    const unknown = `0x${'42'.repeat(32)}`;
    await search(unknown);
    await spec.page.until(() => message().textContent!.trim() !== '', 'a message');
    expect(message().textContent!.trim()).toBe(`No block and no transaction has the hash ${unknown}.`);
    expect(message().getAttribute('role')).toBe('alert');
    expect(spec.page.currentUrl()).toBe('/explorer');

    const head = await spec.direct.getBlockNumber();
    await search(String(head + 100));
    await spec.page.until(() => message().textContent!.trim().startsWith('No block, trade or order'), 'the number message');
    expect(message().textContent!.trim()).toBe(`No block, trade or order has the number ${head + 100} yet: the latest block is #${head}.`);

    await search('sunshine');
    await spec.page.until(() => message().textContent!.trim().startsWith('No household’s name contains'), 'the hint');
    expect(message().textContent).toContain('Enter a trade or order number, a block number, a transaction or block hash, an address or a household’s name.');

    await search('0x12');
    await spec.page.until(() => message().textContent!.trim().startsWith('0x12 has 2 hex digits'), 'the hex message');
  });
});
