/**
 * The injected wallet the browser scenarios rely on, checked on its own
 * against a real Ganache: it must behave as MetaMask does, or the scenarios
 * would prove nothing about the real thing.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { JsonRpcProvider, parseEther } from 'ethers';
import type { Browser, Page } from 'playwright-core';

import { startChain } from '../../scripts/chain/start-chain';
import type { Child } from '../../scripts/lib/child-process';
import { localChain, serviceConfig } from '../../scripts/lib/service-config';
import { freePortBlock } from '../support/ports';
import { launchChromium } from './support/browser';
import { account } from './support/chain';
import { InjectedWallet } from './support/wallet';

describe('the injected wallet', () => {
  let chain: Child;
  let chainUrl: string;
  let dbDir: string;
  let site: Server;
  let siteUrl: string;
  let browser: Browser;

  before(async () => {
    const chainPort = await freePortBlock(1);
    chainUrl = `http://127.0.0.1:${chainPort}`;
    dbDir = mkdtempSync(join(tmpdir(), 'energy-wallet-'));
    // The chain process npm start runs, on its own.
    chain = await startChain(serviceConfig({ dataDir: dbDir, chain: localChain(chainPort) }), { onLine: () => undefined });
    const sitePort = await freePortBlock(1, new Set([chainPort]));
    site = createServer((_req, res) => res.end('<!doctype html><title>dApp</title><p>dApp</p>'));
    await new Promise<void>((resolve) => site.listen(sitePort, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${sitePort}/`;
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    site?.close();
    await chain?.stop();
    rmSync(dbDir, { recursive: true, force: true });
  });

  async function pageWithWallet(chainId?: number, knowsCommunityChain?: boolean): Promise<{ page: Page; wallet: InjectedWallet }> {
    const context = await browser.newContext();
    const wallet = new InjectedWallet({ privateKey: account(3).privateKey, rpcUrl: chainUrl, communityChainId: 1337, chainId, knowsCommunityChain });
    await wallet.install(context);
    const page = await context.newPage();
    await page.goto(siteUrl);
    return { page, wallet };
  }

  /** Starts a request in the page and returns its eventual outcome without awaiting it yet. */
  function request(page: Page, method: string, params: unknown[] = []): Promise<{ result?: unknown; code?: number; message?: string }> {
    return page.evaluate(
      ({ method, params }) =>
        (window as unknown as { ethereum: { request(a: unknown): Promise<unknown> } }).ethereum
          .request({ method, params })
          .then((result) => ({ result }), (error: { code: number; message: string }) => ({ code: error.code, message: error.message })),
      { method, params },
    );
  }

  it('is window.ethereum with isMetaMask and answers EIP-6963 discovery', async () => {
    const { page } = await pageWithWallet();
    const found = await page.evaluate(() => {
      const seen: { name: string; rdns: string; same: boolean }[] = [];
      window.addEventListener('eip6963:announceProvider', (event) => {
        const detail = (event as CustomEvent).detail;
        seen.push({ name: detail.info.name, rdns: detail.info.rdns, same: detail.provider === (window as unknown as { ethereum: unknown }).ethereum });
      });
      window.dispatchEvent(new Event('eip6963:requestProvider'));
      return { seen, isMetaMask: (window as unknown as { ethereum: { isMetaMask: boolean } }).ethereum.isMetaMask };
    });
    assert.equal(found.isMetaMask, true);
    assert.deepEqual(found.seen, [{ name: 'MetaMask', rdns: 'io.metamask', same: true }]);
  });

  it('shares no account before the person connects, then after they confirm', async () => {
    const { page, wallet } = await pageWithWallet();
    assert.deepEqual((await request(page, 'eth_accounts')).result, []);
    const connecting = request(page, 'eth_requestAccounts');
    await wallet.confirm('eth_requestAccounts');
    assert.deepEqual((await connecting).result, [account(3).address.toLowerCase()]);
    assert.deepEqual((await request(page, 'eth_accounts')).result, [account(3).address.toLowerCase()]);
  });

  it('answers 4001 when the person rejects, and sends nothing', async () => {
    const { page, wallet } = await pageWithWallet();
    const connecting = request(page, 'eth_requestAccounts');
    await wallet.confirm('eth_requestAccounts');
    await connecting;
    const sending = request(page, 'eth_sendTransaction', [{ from: wallet.address, to: account(4).address, value: '0x1' }]);
    await wallet.reject('eth_sendTransaction');
    assert.deepEqual(await sending, { code: 4001, message: 'User rejected the request.' });
    assert.equal(wallet.sent.length, 0);
  });

  it('signs locally and sends the raw transaction, which the chain mines', async () => {
    const { page, wallet } = await pageWithWallet();
    const provider = new JsonRpcProvider(chainUrl, 1337, { staticNetwork: true, cacheTimeout: -1 });
    const before = await provider.getBalance(account(4).address);
    const connecting = request(page, 'eth_requestAccounts');
    await wallet.confirm('eth_requestAccounts');
    await connecting;
    const value = parseEther('1.5');
    const sending = request(page, 'eth_sendTransaction', [{ from: wallet.address, to: account(4).address, value: '0x' + value.toString(16) }]);
    const pending = await wallet.nextRequest('eth_sendTransaction');
    assert.equal((pending.params[0] as { to: string }).to, account(4).address);
    pending.confirm();
    const { result: hash } = await sending;
    assert.match(String(hash), /^0x[0-9a-f]{64}$/);
    const receipt = await provider.getTransactionReceipt(String(hash));
    assert.equal(receipt?.status, 1);
    assert.equal(receipt?.from, account(3).address);
    assert.equal((await provider.getBalance(account(4).address)) - before, value);
    provider.destroy();
  });

  it('starts on a wrong chain, refuses an unknown one with 4902, adds and switches with consent', async () => {
    const { page, wallet } = await pageWithWallet(1, false);
    assert.equal((await request(page, 'eth_chainId')).result, '0x1');
    await page.evaluate(() => {
      const w = window as unknown as { ethereum: { on(e: string, f: (v: unknown) => void): void }; chains: unknown[] };
      w.chains = [];
      w.ethereum.on('chainChanged', (id) => w.chains.push(id));
    });
    const unknown = await request(page, 'wallet_switchEthereumChain', [{ chainId: '0x539' }]);
    assert.equal(unknown.code, 4902);
    const adding = request(page, 'wallet_addEthereumChain', [
      { chainId: '0x539', chainName: 'Community', rpcUrls: [chainUrl], nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 } },
    ]);
    await wallet.confirm('wallet_addEthereumChain');
    assert.equal((await adding).result, null);
    assert.equal((await request(page, 'eth_chainId')).result, '0x539');
    assert.deepEqual(await page.evaluate(() => (window as unknown as { chains: unknown[] }).chains), ['0x539']);
    assert.equal(wallet.chainsAdded[0].chainName, 'Community');
  });

  it('forwards reads to the chain and passes the chain\'s errors on as MetaMask wraps them', async () => {
    const { page } = await pageWithWallet();
    const block = await request(page, 'eth_blockNumber');
    assert.match(String(block.result), /^0x[0-9a-f]+$/);
    const bad = await request(page, 'eth_getBalance', ['not an address', 'latest']);
    assert.equal(bad.code, -32603);
  });
});
