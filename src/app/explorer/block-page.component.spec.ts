import { links } from './testing/explorer-harness';
import { useExplorerSpec } from './testing/explorer-spec-setup';

describe('BlockPageComponent', () => {
  const spec = useExplorerSpec(async (chain, direct) => {
    const sent = await chain.marketplace(chain.accounts[1]).createOffer(1_500n, 200_000_000_000n);
    await sent.wait();
    await direct.send('evm_mine', []);
    return { offerTx: sent.hash };
  });

  const facts = () =>
    Object.fromEntries(
      [...spec.page.root().querySelectorAll('dl.facts > dt')].map((dt) => [dt.textContent?.trim(), (dt.nextElementSibling?.textContent ?? '').replace(/\s+/g, ' ').trim()]),
    );

  it('shows number, hash, parent hash, nonce, difficulty, size, gas used and limit, time, and its transactions as links', async () => {
    const receipt = (await spec.direct.getTransactionReceipt(spec.scenario.offerTx))!;
    const block = (await spec.direct.getBlock(receipt.blockNumber))!;
    const raw = (await spec.direct.send('eth_getBlockByNumber', [`0x${receipt.blockNumber.toString(16)}`, false])) as { size: string };
    await spec.page.navigate(`/explorer/block/${receipt.blockNumber}`);
    await spec.page.untilText('Transactions (1)');

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

    const hrefs = links(spec.page.root()).map(([, href]) => href);
    expect(hrefs).toContain(`/explorer/block/${block.parentHash}`);
    expect(hrefs).toContain(`/explorer/tx/${spec.scenario.offerTx}`);
    expect(hrefs).toContain(`/explorer/address/${spec.chain.accounts[1].address}`);
    expect(hrefs).toContain(`/explorer/address/${spec.chain.config.marketplace.address}`);
    expect(hrefs).toContain(`/explorer/block/${block.number - 1}`);
    expect(hrefs).toContain(`/explorer/block/${block.number + 1}`);
    expect(spec.page.text()).toContain('Offer 1.5 Wh at ETH 0.20 per kWh');
    // One round trip: the block with its transactions, and the head.
    expect(spec.counting.counts.httpRequests).toBe(1);
  });

  it('opens the parent by its link, reading the block by hash', async () => {
    const receipt = (await spec.direct.getTransactionReceipt(spec.scenario.offerTx))!;
    const block = (await spec.direct.getBlock(receipt.blockNumber))!;
    await spec.page.navigate(`/explorer/block/${receipt.blockNumber}`);
    await spec.page.untilText('Transactions (1)');
    spec.page.root().querySelector<HTMLAnchorElement>(`a[href="/explorer/block/${block.parentHash}"]`)!.click();
    await spec.page.untilText(`Block #${block.number - 1}`);
    expect(spec.page.currentUrl()).toBe(`/explorer/block/${block.parentHash}`);
  });

  it('says the genesis block has no parent to open, and that an empty block holds no transactions', async () => {
    await spec.page.navigate('/explorer/block/0');
    await spec.page.untilText('Block #0');
    expect(facts()['Parent hash']).toMatch(/\(genesis block\)$/);
    expect(spec.page.text()).toContain('This block holds no transactions.');
  });

  it('says plainly when the block does not exist yet, or the id is nonsense', async () => {
    const head = await spec.direct.getBlockNumber();
    await spec.page.navigate(`/explorer/block/${head + 5}`);
    await spec.page.until(() => !!spec.page.root().querySelector('.problem[role="alert"]'), 'the alert');
    expect(spec.page.text()).toContain(`Not found. There is no block #${head + 5} yet: the latest block is #${head}.`);
    expect([...spec.page.root().querySelectorAll('button')].map((b) => b.textContent?.trim())).toContain('Try again');

    await spec.page.navigate('/explorer/block/latest');
    await spec.page.untilText('Not a valid search.');
    expect(spec.page.text()).toContain('“latest” is neither a block number nor a block hash');
  });
});
