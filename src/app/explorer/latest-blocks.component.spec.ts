import { TestBed } from '@angular/core/testing';
import { parseEther } from 'ethers';

import { countingReadProvider } from './testing/counting-read-provider';
import { createExplorerHarness, links } from './testing/explorer-harness';
import { useExplorerSpec } from './testing/explorer-spec-setup';

describe('LatestBlocksComponent', () => {
  const spec = useExplorerSpec(async (_chain, direct) => {
    await direct.send('evm_mine', [{ blocks: 45 }]);
  });

  const rows = () => [...spec.page.root().querySelectorAll('tbody tr')];
  const firstBlockNumber = () => Number(rows()[0]?.querySelector('td a')?.textContent?.replace('#', ''));

  it('lists the newest 20 blocks with number, hash, transactions, gas used and time, every block a link', async () => {
    const head = await spec.direct.getBlockNumber();
    await spec.page.navigate('/explorer');
    await spec.page.until(() => rows().length === 20, '20 block rows');
    expect(firstBlockNumber()).toBe(head);
    const newest = (await spec.direct.getBlock(head))!;
    const cells = [...rows()[0].querySelectorAll('td')].map((td) => (td.textContent ?? '').trim());
    expect(cells[0]).toBe(`#${head}`);
    expect(cells[1]).toBe(`${newest.hash!.slice(0, 10)}…${newest.hash!.slice(-8)}`);
    expect(cells[2]).toBe(String(newest.transactions.length));
    expect(cells[3]).toBe(newest.gasUsed.toLocaleString('en-US'));
    expect(cells[4]).toMatch(/ago$|^just now$/);
    const hrefs = links(spec.page.root()).map(([, href]) => href);
    expect(hrefs).toContain(`/explorer/block/${head}`);
    expect(hrefs).toContain(`/explorer/block/${newest.hash}`);
    expect(spec.page.text()).toContain('Live: new blocks appear as they are mined.');
    // The page cost two round trips: the head, then one batch for the 20 blocks.
    expect(spec.counting.counts.methods.filter((m) => m === 'eth_getBlockByNumber')).toHaveLength(20);
  });

  it('shows a newly mined block on top by itself, fetching only that block', async () => {
    await spec.page.navigate('/explorer');
    await spec.page.until(() => rows().length === 20, 'the first page');
    const before = firstBlockNumber();
    const fetchedBefore = spec.counting.counts.methods.filter((m) => m === 'eth_getBlockByNumber').length;

    const sent = await spec.chain.accounts[1].sendTransaction({ to: spec.chain.accounts[2].address, value: parseEther('1') });
    const receipt = (await sent.wait())!;
    await spec.page.until(() => firstBlockNumber() === receipt.blockNumber, 'the new block on top', 5000);

    expect(rows()).toHaveLength(20);
    expect(rows()[0].querySelectorAll('td')[2].textContent?.trim()).toBe('1');
    expect(firstBlockNumber()).toBe(before + 1);
    expect(spec.counting.counts.methods.filter((m) => m === 'eth_getBlockByNumber').length - fetchedBefore).toBe(1);
  });

  it('pages to older and back to newer blocks by link, each page one batch, and stays put while blocks are mined', async () => {
    const head = await spec.direct.getBlockNumber();
    await spec.page.navigate('/explorer');
    await spec.page.until(() => rows().length === 20, 'the first page');
    const older = spec.page.root().querySelector<HTMLAnchorElement>('nav.pager a')!;
    expect(older.textContent).toContain('Older blocks');
    older.click();
    await spec.page.until(() => firstBlockNumber() === head - 20, 'the older page');
    expect(spec.page.currentUrl()).toBe(`/explorer?from=${head - 20}`);
    expect(document.title).toBe(`Blocks to #${head - 20} · Explorer`);
    expect(spec.page.text()).toContain(`Blocks #${head - 39} to #${head - 20} of ${head + 1}.`);

    // Stays put: asserted once the page's read provider has polled the chain's head twice since the block was mined.
    const headPolls = () => spec.counting.counts.methods.filter((method) => method === 'eth_blockNumber').length;
    const polledBefore = headPolls();
    await spec.direct.send('evm_mine', []);
    await spec.page.until(() => headPolls() >= polledBefore + 2, 'two polls of the head after the new block');
    expect(firstBlockNumber()).toBe(head - 20);

    const newer = [...spec.page.root().querySelectorAll<HTMLAnchorElement>('nav.pager a')].find((a) => a.textContent?.includes('Newer'))!;
    newer.click();
    await spec.page.until(() => firstBlockNumber() === head + 1, 'the latest page again');
    expect(spec.page.currentUrl()).toBe('/explorer');
  });

  it('shows the oldest page down to block 0 with no "older" link', async () => {
    await spec.page.navigate('/explorer?from=7');
    await spec.page.until(() => rows().length === 8, 'blocks 7 to 0');
    expect(firstBlockNumber()).toBe(7);
    expect(spec.page.text()).not.toContain('Older blocks');
    expect(spec.page.text()).toContain('Newer blocks');
  });

  it('answers a path that names no explorer page with a way back, under the same search box', async () => {
    await spec.page.navigate('/explorer/blocks/12');
    await spec.page.untilText('No such page');
    expect(spec.page.root().querySelector('p[role="alert"] a')?.getAttribute('href')).toBe('/explorer');
    expect(spec.page.root().querySelector('#explorer-search-input')).not.toBeNull();
    expect(document.title).toBe('No such page · Explorer');
  });

  it('says in words that the chain is unreachable and offers to try again', async () => {
    const down = countingReadProvider({ ...spec.chain.config, rpcUrl: 'http://127.0.0.1:9' });
    TestBed.resetTestingModule();
    const downPage = await createExplorerHarness(spec.chain.config, down.provider);
    await downPage.navigate('/explorer');
    await downPage.until(() => !!downPage.root().querySelector('.problem[role="alert"]'), 'the alert');
    expect(downPage.text()).toContain('Chain unreachable.');
    expect(downPage.text()).toContain('cannot be reached');
    expect([...downPage.root().querySelectorAll('button')].map((b) => b.textContent?.trim())).toContain('Try again');
    expect(downPage.text()).not.toContain('Loading blocks');
    down.provider.destroy();
  });
});
