import { Interface } from 'ethers';

import { type LocalChain, startLocalChain } from './local-chain';
import { ProviderRpcError, TestWallet } from './test-wallet';

describe('TestWallet', () => {
  let chain: LocalChain;
  let wallet: TestWallet;

  beforeAll(async () => {
    chain = await startLocalChain();
  });
  afterAll(() => chain.stop());
  beforeEach(() => {
    wallet = new TestWallet({ rpcUrl: chain.rpcUrl, privateKey: chain.config.devAccounts![2].privateKey });
  });
  afterEach(() => wallet.destroy());

  it('asks before connecting and tells the page about the account', async () => {
    const seen: unknown[] = [];
    wallet.on('accountsChanged', (accounts) => seen.push(accounts));
    expect(await wallet.request({ method: 'eth_accounts' })).toEqual([]);

    const connecting = wallet.request({ method: 'eth_requestAccounts' });
    expect((await wallet.nextRequest()).method).toBe('eth_requestAccounts');
    await wallet.confirm();

    const address = chain.accounts[2].address.toLowerCase();
    expect(await connecting).toEqual([address]);
    expect(seen).toEqual([[address]]);
    expect(await wallet.request({ method: 'eth_accounts' })).toEqual([address]);
  });

  it('rejects with code 4001 when the person says no', async () => {
    const connecting = wallet.request({ method: 'eth_requestAccounts' });
    await wallet.nextRequest();
    wallet.reject();
    await expect(connecting).rejects.toMatchObject({ code: 4001 });
    expect(await wallet.request({ method: 'eth_accounts' })).toEqual([]);
  });

  it('signs and sends a confirmed transaction to the chain, and a rejected one not at all', async () => {
    wallet = new TestWallet({ rpcUrl: chain.rpcUrl, privateKey: chain.config.devAccounts![2].privateKey, connected: true });
    const marketplace = new Interface(chain.config.marketplace.abi as string[]);
    const tx = { from: wallet.address, to: chain.config.marketplace.address, data: marketplace.encodeFunctionData('createOffer', [2000n, 5n]) };

    const rejected = wallet.request({ method: 'eth_sendTransaction', params: [tx] });
    await wallet.nextRequest('eth_sendTransaction');
    wallet.reject();
    await expect(rejected).rejects.toBeInstanceOf(ProviderRpcError);
    const before = await chain.marketplace().orderCount();

    const sending = wallet.request({ method: 'eth_sendTransaction', params: [tx] });
    await wallet.nextRequest('eth_sendTransaction');
    await wallet.confirm();
    const hash = (await sending) as string;
    const receipt = await chain.accounts[0].provider!.getTransactionReceipt(hash);
    expect(receipt?.status).toBe(1);
    expect(await chain.marketplace().orderCount()).toBe(before + 1n);
  });

  it('knows only its own chains: switching to another needs wallet_addEthereumChain with an absolute URL', async () => {
    wallet = new TestWallet({ rpcUrl: chain.rpcUrl, privateKey: chain.config.devAccounts![2].privateKey, chainId: 1 });
    const changes: unknown[] = [];
    wallet.on('chainChanged', (chainId) => changes.push(chainId));

    await expect(wallet.request({ method: 'wallet_switchEthereumChain', params: [{ chainId: '0x539' }] })).rejects.toMatchObject({ code: 4902 });
    await expect(
      wallet.request({ method: 'wallet_addEthereumChain', params: [{ chainId: '0x539', chainName: 'x', rpcUrls: ['/rpc'], nativeCurrency: {} }] }),
    ).rejects.toMatchObject({ code: -32602 });

    const adding = wallet.request({
      method: 'wallet_addEthereumChain',
      params: [{ chainId: '0x539', chainName: 'Local', rpcUrls: [chain.rpcUrl], nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 } }],
    });
    await wallet.nextRequest('wallet_addEthereumChain');
    await wallet.confirm();
    await adding;
    expect(await wallet.request({ method: 'eth_chainId' })).toBe('0x539');
    expect(changes).toEqual(['0x539']);
  });
});
