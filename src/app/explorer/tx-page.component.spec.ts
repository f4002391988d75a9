import { links } from './testing/explorer-harness';
import { useExplorerSpec } from './testing/explorer-spec-setup';
import { SETTLEMENT_WINDOW_SECONDS, playMarketScenario } from './testing/market-scenario';
import { shownAs } from './testing/shown-as';

describe('TxPageComponent', () => {
  const spec = useExplorerSpec(playMarketScenario, { settlementWindowSeconds: SETTLEMENT_WINDOW_SECONDS });

  // Accounts as the page shows them: the demo households by name, others shortened.
  const short = (a: string) => shownAs(spec.chain, a);
  const facts = () =>
    Object.fromEntries(
      [...spec.page.root().querySelectorAll('dl.facts:first-of-type > dt')].map((dt) => [
        dt.textContent?.trim(),
        (dt.nextElementSibling?.textContent ?? '').replace(/\s+/g, ' ').trim(),
      ]),
    );

  it('shows a settlement: status, block, parties, value, gas, and the events in words', async () => {
    await spec.page.navigate(`/explorer/tx/${spec.scenario.tx.settle}`);
    await spec.page.untilText('Marketplace events (1)');
    const receipt = (await spec.direct.getTransactionReceipt(spec.scenario.tx.settle))!;
    const f = facts();
    expect(f['Status']).toBe('Success');
    expect(f['Block']).toMatch(new RegExp(`^#${receipt.blockNumber} \\(`));
    expect(f['From']).toContain(short(spec.chain.operator.address));
    expect(f['To']).toContain('EnergyMarketplace');
    expect(f['Call']).toBe('Settle trade #1: sent 1.000 kWh, received 0.972 kWh (settle)');
    expect(f['Value']).toBe('ETH 0.00');
    expect(f['Gas used']).toBe(`${receipt.gasUsed.toLocaleString('en-US')} of ${(await spec.direct.getTransaction(spec.scenario.tx.settle))!.gasLimit.toLocaleString('en-US')} allowed`);
    expect(spec.page.text()).toContain(
      `The meter operator settled trade #1: sent 1.000 kWh, received 0.972 kWh; seller ${short(spec.scenario.seller)} paid ETH 0.1944 for 0.972 kWh, buyer ${short(spec.scenario.buyer)} refunded ETH 0.0056.`,
    );
    // Decoded fields, each in its unit with the raw integer beside it.
    const decoded = Object.fromEntries(
      [...spec.page.root().querySelectorAll('ol.events details dt')].map((dt) => [dt.textContent?.trim(), dt.nextElementSibling?.textContent?.replace(/\s+/g, ' ').trim()]),
    );
    expect(decoded).toEqual({
      tradeId: '#1',
      buyer: `${short(spec.scenario.buyer)}`,
      seller: `${short(spec.scenario.seller)}`,
      deliveredMilliWh: '972 Wh (972,000 mWh)',
      sellerAmountWei: 'ETH 0.1944 (194,400,000,000,000,000 wei)',
      buyerRefundWei: 'ETH 0.0056 (5,600,000,000,000,000 wei)',
      sentMilliWh: '1 kWh (1,000,000 mWh)',
      receivedMilliWh: '972 Wh (972,000 mWh)',
      metering: 'two-sided (0)',
    });
    // The raw log: every topic in full.
    for (const topic of receipt.logs[0].topics) expect(spec.page.text()).toContain(topic);
  });

  it('links every block, transaction and address it shows into the explorer', async () => {
    await spec.page.navigate(`/explorer/tx/${spec.scenario.tx.buy}`);
    await spec.page.untilText('Marketplace events (1)');
    const receipt = (await spec.direct.getTransactionReceipt(spec.scenario.tx.buy))!;
    const hrefs = links(spec.page.root()).map(([, href]) => href);
    expect(hrefs).toContain(`/explorer/block/${receipt.blockNumber}`);
    for (const address of [spec.scenario.buyer, spec.scenario.seller, spec.chain.config.marketplace.address]) expect(hrefs).toContain(`/explorer/address/${address}`);
    for (const el of spec.page.root().querySelectorAll('.hex-link')) expect(el.tagName).toBe('A');
    expect(spec.page.text()).toContain(`${short(spec.scenario.buyer)} bought 1 kWh of offer #1 from ${short(spec.scenario.seller)} for ETH 0.20 (trade #1)`);
  });

  it('says why a failed transaction failed', async () => {
    await spec.page.navigate(`/explorer/tx/${spec.scenario.tx.failedBuy}`);
    await spec.page.untilText('Failed');
    expect(facts()['Status']).toBe('Failed: Nothing remains in offer #1: it was filled or cancelled.');
    expect(spec.page.text()).toContain('This transaction emitted no marketplace events.');
  });

  it('shows a transaction waiting to be mined as pending, then turns it into a mined one by itself', async () => {
    await spec.direct.send('miner_stop', []);
    let hash = '';
    try {
      const sent = await spec.chain.marketplace(spec.chain.accounts[8]).createOffer(3_000n, 250_000_000_000n);
      hash = sent.hash;
      await spec.page.navigate(`/explorer/tx/${hash}`);
      await spec.page.untilText('Pending: waiting to be mined');
      expect(facts()['Block']).toBe('Not yet mined');
      expect(spec.page.text()).toContain('Events appear once the transaction is mined.');
    } finally {
      await spec.direct.send('miner_start', []);
    }
    await spec.page.untilText('Marketplace events (1)');
    expect(facts()['Status']).toBe('Success');
    expect(spec.page.text()).toContain(`${short(spec.chain.accounts[8].address)} offered 3 Wh at ETH 0.25 per kWh (offer #5)`);
    expect(spec.page.currentUrl()).toBe(`/explorer/tx/${hash}`);
  });

  it('says plainly when no transaction has the hash', async () => {
    const unknown = `0x${'77'.repeat(32)}`;
    await spec.page.navigate(`/explorer/tx/${unknown}`);
    await spec.page.until(() => !!spec.page.root().querySelector('.problem[role="alert"]'), 'the alert');
    expect(spec.page.text()).toContain(`Not found. No transaction with the hash ${unknown} is known to the chain.`);
  });
});
