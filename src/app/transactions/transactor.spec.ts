import { TestBed } from '@angular/core/testing';
import { type JsonRpcProvider, formatEther } from 'ethers';

import { appProvidersFor } from '../../testing/app-providers';
import { type LocalChain, startLocalChain } from '../../testing/local-chain';
import { TestWallet } from '../../testing/test-wallet';
import { waitFor } from '../../testing/wait-for';
import { WalletSession } from '../wallet/wallet-session';
import { Transactor } from './transactor';
import type { TxState } from './tx-status';

describe('Transactor', () => {
  let chain: LocalChain;
  let wallet: TestWallet;
  let transactor: Transactor;

  beforeAll(async () => {
    chain = await startLocalChain();
    // Offer #1: 1.5 Wh at 1,000,000 wei per mWh, from account 1.
    await (await chain.marketplace(chain.accounts[1]).createOffer(1500n, 1_000_000n)).wait();
  });
  afterAll(() => chain.stop());

  beforeEach(async () => {
    localStorage.clear();
    wallet = new TestWallet({ rpcUrl: chain.rpcUrl, privateKey: chain.config.devAccounts![2].privateKey, connected: true });
    TestBed.configureTestingModule({ providers: appProvidersFor(chain, { wallet }) });
    await TestBed.inject(WalletSession).connect();
    transactor = TestBed.inject(Transactor);
  });
  afterEach(() => wallet.destroy());

  it('waits for the wallet, then shows the transaction pending, then confirmed in its block', async () => {
    const seen: TxState[] = [];
    const handle = transactor.run({ label: 'Buy 1 Wh from offer #1', action: 'buy', args: [1n, 1000n], value: 1000n * 1_000_000n });
    seen.push(handle.status().state);

    const request = await wallet.nextRequest('eth_sendTransaction');
    expect(request.params[0]).toMatchObject({ to: chain.config.marketplace.address, value: '0x3b9aca00' });
    await wallet.confirm();
    const final = await handle.done;
    seen.push(final.state);

    expect(seen).toEqual(['awaiting-wallet', 'confirmed']);
    if (final.state !== 'confirmed') throw new Error('not confirmed');
    const receipt = await chain.accounts[0].provider!.getTransactionReceipt(final.hash);
    expect(receipt?.blockNumber).toBe(final.blockNumber);
    expect((await chain.marketplace().getOrder(1n)).remainingMilliWh).toBe(500n);
    expect(transactor.recent()[0]).toBe(handle);
  });

  it('passes through "pending" with the hash before the receipt arrives', async () => {
    // The chain holds the transaction in its pool, unmined, until the spec has seen "pending".
    const node = chain.accounts[0].provider as JsonRpcProvider;
    await node.send('miner_stop', []);
    try {
      const handle = transactor.run({ label: 'Sell 2 Wh', action: 'createOffer', args: [2000n, 7n] });
      await wallet.nextRequest('eth_sendTransaction');
      const hash = (await wallet.confirm()) as string;
      const pending = await waitFor(() => {
        const status = handle.status();
        return status.state === 'pending' && status;
      }, { what: 'the transaction shown pending' });
      expect(pending.hash).toBe(hash);
      expect(await node.getTransactionReceipt(hash)).toBeNull();

      await node.send('miner_start', []);
      const final = await handle.done;
      expect(final).toMatchObject({ state: 'confirmed', hash });
    } finally {
      await node.send('miner_start', []);
    }
  });

  it('reports a rejection in the wallet and leaves the chain unchanged', async () => {
    const before = await chain.marketplace().orderCount();
    const balanceBefore = await chain.accounts[2].provider!.getBalance(chain.accounts[2].address);
    const handle = transactor.run({ label: 'Sell 3 Wh', action: 'createOffer', args: [3000n, 5n] });
    await wallet.nextRequest('eth_sendTransaction');
    wallet.reject();
    const final = await handle.done;

    expect(final.state).toBe('failed');
    if (final.state !== 'failed') return;
    expect(final.error.kind).toBe('rejected');
    expect(final.error.message).toBe('You rejected the request in your wallet; nothing was changed.');
    expect(await chain.marketplace().orderCount()).toBe(before);
    expect(formatEther(await chain.accounts[2].provider!.getBalance(chain.accounts[2].address))).toBe(formatEther(balanceBefore));
  });

  it('explains a call the contract would refuse without asking the wallet at all', async () => {
    const handle = transactor.run({
      label: 'Buy 2 Wh from offer #1',
      action: 'buy',
      args: [1n, 2000n],
      value: 2000n * 1_000_000n,
      errorContext: { orderNoun: 'offer' },
    });
    const final = await handle.done;
    expect(final.state).toBe('failed');
    if (final.state !== 'failed') return;
    expect(final.error.message).toMatch(/^Only 0\.5 Wh remain in offer #1; you asked for 2 Wh\.$|^Only 1\.5 Wh remain in offer #1; you asked for 2 Wh\.$/);
    expect(wallet.calls).not.toContain('eth_sendTransaction');
  });

  it('refuses to send on the wrong network', async () => {
    wallet.switchNetworkInWallet(5);
    const final = await transactor.run({ label: 'Sell 1 Wh', action: 'createOffer', args: [1000n, 5n] }).done;
    expect(final.state).toBe('failed');
    if (final.state === 'failed') expect(final.error.message).toBe('Your wallet is on another network: switch network first.');
  });
});
