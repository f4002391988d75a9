import { JsonRpcProvider } from 'ethers';

import { type LocalChain, startLocalChain } from '../../testing/local-chain';
import { type CountingReadProvider, countingReadProvider } from './testing/counting-read-provider';
import { type ExplorerHarness, createExplorerHarness, links } from './testing/explorer-harness';

// A real chain shares two cores with the rest of the suite: give it time rather than flake.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 120_000 });

describe('BlockPageComponent', () => {
  let chain: LocalChain;
  let direct: JsonRpcProvider;
  let counting: CountingReadProvider;
  let page: ExplorerHarness;
  let offerTx: string;

  beforeAll(async () => {
    chain = await startLocalChain();
    direct = new JsonRpcProvider(chain.rpcUrl, 1337, { staticNetwork: true });
    const sent = await chain.marketplace(chain.accounts[1]).createOffer(1_500n, 200_000_000_000n);
    await sent.wait();
    offerTx = sent.hash;
    await direct.send('evm_mine', []);
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

  const facts = () =>
    Object.fromEntries(
      [...page.root().querySelectorAll('dl.facts > dt')].map((dt) => [dt.textContent?.trim(), (dt.nextElementSibling?.textContent ?? '').replace(/\s+/g, ' ').trim()]),
    );

  it('shows number, hash, parent hash, nonce, difficulty, size, gas used and limit, time, and its transactions as links', async () => {
    const receipt = (await direct.getTransactionReceipt(offerTx))!;
    const block = (await direct.getBlock(receipt.blockNumber))!;
    const raw = (await direct.send('eth_getBlockByNumber', [`0x${receipt.blockNumber.toString(16)}`, false])) as { size: string };
    await page.navigate(`/explorer/block/${receipt.blockNumber}`);
    await page.untilText('Transactions (1)');

    const f = facts();
    expect(f['Number']).toBe(`${block.number} (1 block since)`);
    expect(f['Hash']).toBe(`${block.hash}`);
    expect(f['Parent hash']).toBe(`${block.parentHash.slice(0, 10)}…${block.parentHash.slice(-8)}`);
    expect(f['Nonce']).toBe(block.nonce);
    expect(f['Difficulty']).toBe(block.difficulty.toLocaleString('en-US'));
    expect(f['Size']).toBe(`${Number(raw.size)} B`);
    expect(f['Gas used']).toMatch(new RegExp(`^${block.gasUsed.toLocaleString('en-US')} \\(\\d+\\.\\d\\d % of the limit\\)$`));
    expect(f['Gas limit']).toBe(block.gasLimit.toLocaleString('en-US'));
    expect(f['Mined']).toContain(`${new Date(block.timestamp * 1000).toISOString().slice(0, 19).replace('T', ' ')} UTC`);
    expect(f['Transactions']).toBe('1');
    expect(document.title).toBe(`Block #${block.number} · Explorer`);

    const hrefs = links(page.root()).map(([, href]) => href);
    expect(hrefs).toContain(`/explorer/block/${block.parentHash}`);
    expect(hrefs).toContain(`/explorer/tx/${offerTx}`);
    expect(hrefs).toContain(`/explorer/address/${chain.accounts[1].address}`);
    expect(hrefs).toContain(`/explorer/address/${chain.config.marketplace.address}`);
    expect(hrefs).toContain(`/explorer/block/${block.number - 1}`);
    expect(hrefs).toContain(`/explorer/block/${block.number + 1}`);
    expect(page.text()).toContain('Offer 1.5 Wh at 0.2 ETH/kWh');
    // One round trip: the block with its transactions, and the head.
    expect(counting.counts.httpRequests).toBe(1);
  });

  it('opens the parent by its link, reading the block by hash', async () => {
    const receipt = (await direct.getTransactionReceipt(offerTx))!;
    const block = (await direct.getBlock(receipt.blockNumber))!;
    await page.navigate(`/explorer/block/${receipt.blockNumber}`);
    await page.untilText('Transactions (1)');
    page.root().querySelector<HTMLAnchorElement>(`a[href="/explorer/block/${block.parentHash}"]`)!.click();
    await page.untilText(`Block #${block.number - 1}`);
    expect(page.currentUrl()).toBe(`/explorer/block/${block.parentHash}`);
  });

  it('says the genesis block has no parent to open, and that an empty block holds no transactions', async () => {
    await page.navigate('/explorer/block/0');
    await page.untilText('Block #0');
    expect(facts()['Parent hash']).toMatch(/\(genesis block\)$/);
    expect(page.text()).toContain('This block holds no transactions.');
  });

  it('says plainly when the block does not exist yet, or the id is nonsense', async () => {
    const head = await direct.getBlockNumber();
    await page.navigate(`/explorer/block/${head + 5}`);
    await page.until(() => !!page.root().querySelector('.problem[role="alert"]'), 'the alert');
    expect(page.text()).toContain(`Not found. There is no block #${head + 5} yet: the latest block is #${head}.`);
    expect([...page.root().querySelectorAll('button')].map((b) => b.textContent?.trim())).toContain('Try again');

    await page.navigate('/explorer/block/latest');
    await page.untilText('Not a valid search.');
    expect(page.text()).toContain('“latest” is neither a block number nor a block hash');
  });
});
