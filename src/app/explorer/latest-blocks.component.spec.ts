import { TestBed } from '@angular/core/testing';
import { JsonRpcProvider, parseEther } from 'ethers';

import { type LocalChain, startLocalChain } from '../../testing/local-chain';
import { type CountingReadProvider, countingReadProvider } from './testing/counting-read-provider';
import { type ExplorerHarness, createExplorerHarness, links } from './testing/explorer-harness';

// A real chain shares two cores with the rest of the suite: give it time rather than flake.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 120_000 });

describe('LatestBlocksComponent', () => {
  let chain: LocalChain;
  let direct: JsonRpcProvider;
  let counting: CountingReadProvider;
  let page: ExplorerHarness;

  beforeAll(async () => {
    chain = await startLocalChain();
    direct = new JsonRpcProvider(chain.rpcUrl, 1337, { staticNetwork: true });
    await direct.send('evm_mine', [{ blocks: 45 }]);
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

  const rows = () => [...page.root().querySelectorAll('tbody tr')];
  const firstBlockNumber = () => Number(rows()[0]?.querySelector('td a')?.textContent?.replace('#', ''));

  it('lists the newest 20 blocks with number, hash, transactions, gas used and time, every block a link', async () => {
    const head = await direct.getBlockNumber();
    await page.navigate('/explorer');
    await page.until(() => rows().length === 20, '20 block rows');
    expect(firstBlockNumber()).toBe(head);
    const newest = (await direct.getBlock(head))!;
    const cells = [...rows()[0].querySelectorAll('td')].map((td) => (td.textContent ?? '').trim());
    expect(cells[0]).toBe(`#${head}`);
    expect(cells[1]).toBe(`${newest.hash!.slice(0, 10)}…${newest.hash!.slice(-8)}`);
    expect(cells[2]).toBe(String(newest.transactions.length));
    expect(cells[3]).toBe(newest.gasUsed.toLocaleString('en-US'));
    expect(cells[4]).toMatch(/ago$|^just now$/);
    const hrefs = links(page.root()).map(([, href]) => href);
    expect(hrefs).toContain(`/explorer/block/${head}`);
    expect(hrefs).toContain(`/explorer/block/${newest.hash}`);
    expect(page.text()).toContain('Live: new blocks appear as they are mined.');
    // The page cost two round trips: the head, then one batch for the 20 blocks.
    expect(counting.counts.methods.filter((m) => m === 'eth_getBlockByNumber')).toHaveLength(20);
  });

  it('shows a newly mined block on top by itself, fetching only that block', async () => {
    await page.navigate('/explorer');
    await page.until(() => rows().length === 20, 'the first page');
    const before = firstBlockNumber();
    const fetchedBefore = counting.counts.methods.filter((m) => m === 'eth_getBlockByNumber').length;

    const sent = await chain.accounts[1].sendTransaction({ to: chain.accounts[2].address, value: parseEther('1') });
    const receipt = (await sent.wait())!;
    await page.until(() => firstBlockNumber() === receipt.blockNumber, 'the new block on top', 5000);

    expect(rows()).toHaveLength(20);
    expect(rows()[0].querySelectorAll('td')[2].textContent?.trim()).toBe('1');
    expect(firstBlockNumber()).toBe(before + 1);
    expect(counting.counts.methods.filter((m) => m === 'eth_getBlockByNumber').length - fetchedBefore).toBe(1);
  });

  it('pages to older and back to newer blocks by link, each page one batch, and stays put while blocks are mined', async () => {
    const head = await direct.getBlockNumber();
    await page.navigate('/explorer');
    await page.until(() => rows().length === 20, 'the first page');
    const older = page.root().querySelector<HTMLAnchorElement>('nav.pager a')!;
    expect(older.textContent).toContain('Older blocks');
    older.click();
    await page.until(() => firstBlockNumber() === head - 20, 'the older page');
    expect(page.currentUrl()).toBe(`/explorer?from=${head - 20}`);
    expect(document.title).toBe(`Blocks to #${head - 20} · Explorer`);
    expect(page.text()).toContain(`Blocks #${head - 39} to #${head - 20} of ${head + 1}.`);

    await direct.send('evm_mine', []);
    await new Promise((resolve) => setTimeout(resolve, 800));
    await page.until(() => true, 'a render');
    expect(firstBlockNumber()).toBe(head - 20);

    const newer = [...page.root().querySelectorAll<HTMLAnchorElement>('nav.pager a')].find((a) => a.textContent?.includes('Newer'))!;
    newer.click();
    await page.until(() => firstBlockNumber() === head + 1, 'the latest page again');
    expect(page.currentUrl()).toBe('/explorer');
  });

  it('shows the oldest page down to block 0 with no "older" link', async () => {
    await page.navigate('/explorer?from=7');
    await page.until(() => rows().length === 8, 'blocks 7 to 0');
    expect(firstBlockNumber()).toBe(7);
    expect(page.text()).not.toContain('Older blocks');
    expect(page.text()).toContain('Newer blocks');
  });

  it('answers a path that names no explorer page with a way back, under the same search box', async () => {
    await page.navigate('/explorer/blocks/12');
    await page.untilText('No such page');
    expect(page.root().querySelector('p[role="alert"] a')?.getAttribute('href')).toBe('/explorer');
    expect(page.root().querySelector('#explorer-search-input')).not.toBeNull();
    expect(document.title).toBe('No such page · Explorer');
  });

  it('says in words that the chain is unreachable and offers to try again', async () => {
    const down = countingReadProvider({ ...chain.config, rpcUrl: 'http://127.0.0.1:9' });
    TestBed.resetTestingModule();
    const downPage = await createExplorerHarness(chain.config, down.provider);
    await downPage.navigate('/explorer');
    await downPage.until(() => !!downPage.root().querySelector('.problem[role="alert"]'), 'the alert');
    expect(downPage.text()).toContain('Chain unreachable.');
    expect(downPage.text()).toContain('cannot be reached');
    expect([...downPage.root().querySelectorAll('button')].map((b) => b.textContent?.trim())).toContain('Try again');
    expect(downPage.text()).not.toContain('Loading blocks');
    down.provider.destroy();
  });
});
