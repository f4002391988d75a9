import { JsonRpcProvider } from 'ethers';

import { type LocalChain, startLocalChain } from '../../testing/local-chain';
import { type CountingReadProvider, countingReadProvider } from './testing/counting-read-provider';
import { type ExplorerHarness, createExplorerHarness } from './testing/explorer-harness';

// A real chain shares two cores with the rest of the suite: give it time rather than flake.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 120_000 });

describe('ExplorerSearchComponent', () => {
  let chain: LocalChain;
  let direct: JsonRpcProvider;
  let counting: CountingReadProvider;
  let page: ExplorerHarness;
  let offerTx: string;

  beforeAll(async () => {
    chain = await startLocalChain();
    direct = new JsonRpcProvider(chain.rpcUrl, 1337, { staticNetwork: true });
    const sent = await chain.marketplace(chain.accounts[1]).createOffer(2_500_000n, 200_000_000_000n);
    await sent.wait();
    offerTx = sent.hash;
  });
  afterAll(async () => {
    direct?.destroy();
    await chain?.stop();
  });
  beforeEach(async () => {
    counting = countingReadProvider(chain.config);
    page = await createExplorerHarness(chain.config, counting.provider);
    await page.navigate('/explorer');
    await page.until(() => !!page.root().querySelector('tbody tr'), 'the latest blocks');
  });
  afterEach(() => counting.provider.destroy());

  const input = () => page.root().querySelector<HTMLInputElement>('#explorer-search-input')!;
  const search = async (text: string) => {
    input().value = text;
    input().dispatchEvent(new Event('input'));
    page.root().querySelector<HTMLButtonElement>('form[role="search"] button[type="submit"]')!.click();
  };
  const message = () => page.root().querySelector('#explorer-search-message')!;

  it('is one labelled search box with a submit button', () => {
    const label = page.root().querySelector('label[for="explorer-search-input"]');
    expect(label?.textContent).toBe('Search blocks, transactions and addresses');
    expect(input().type).toBe('search');
    expect(input().getAttribute('aria-describedby')).toBe('explorer-search-message');
    expect(page.root().querySelector('form[role="search"] button[type="submit"]')?.textContent?.trim()).toBe('Search');
  });

  it('opens a transaction by its hash', async () => {
    await search(offerTx);
    await page.untilText('Offer 2.5 kWh at 0.2 ETH/kWh');
    expect(page.currentUrl()).toBe(`/explorer/tx/${offerTx}`);
    expect(input().value).toBe('');
  });

  it('opens a block by its hash and by its number', async () => {
    const receipt = (await direct.getTransactionReceipt(offerTx))!;
    await search(receipt.blockHash);
    await page.untilText(`Block #${receipt.blockNumber}`);
    expect(page.currentUrl()).toBe(`/explorer/block/${receipt.blockHash}`);
    await search(`#${receipt.blockNumber}`);
    await page.until(() => page.currentUrl() === `/explorer/block/${receipt.blockNumber}`, 'the block by number');
  });

  it('opens an address typed in lower case', async () => {
    await search(chain.accounts[1].address.toLowerCase());
    await page.untilText('An account (a person’s wallet).');
    expect(page.currentUrl()).toBe(`/explorer/address/${chain.accounts[1].address}`);
  });

  it('says clearly when nothing matches, and stays on the page', async () => {
    const unknown = `0x${'42'.repeat(32)}`;
    await search(unknown);
    await page.until(() => message().textContent !== '', 'a message');
    expect(message().textContent).toBe(`No block and no transaction has the hash ${unknown}.`);
    expect(message().getAttribute('role')).toBe('alert');
    expect(page.currentUrl()).toBe('/explorer');

    const head = await direct.getBlockNumber();
    await search(String(head + 100));
    await page.until(() => message().textContent!.startsWith('There is no block'), 'the block message');
    expect(message().textContent).toBe(`There is no block #${head + 100} yet: the latest block is #${head}.`);

    await search('sunshine');
    await page.until(() => message().textContent!.startsWith('Nothing can match'), 'the hint');
    expect(message().textContent).toContain('Enter a block number, a block hash, a transaction hash or an address.');
  });
});
