import { TestBed } from '@angular/core/testing';

import { appProvidersFor } from '../../testing/app-providers';
import { type LocalChain, startLocalChain } from '../../testing/local-chain';
import { TestWallet } from '../../testing/test-wallet';
import { waitFor } from '../../testing/wait-for';
import { WalletSession } from './wallet-session';

describe('WalletSession', () => {
  let chain: LocalChain;
  let wallet: TestWallet;

  beforeAll(async () => {
    chain = await startLocalChain();
  });
  afterAll(() => chain.stop());
  beforeEach(() => localStorage.clear());
  afterEach(() => wallet?.destroy());

  function session(options: { wallet?: TestWallet | null; devChain?: boolean } = {}): WalletSession {
    TestBed.configureTestingModule({
      providers: appProvidersFor(chain, { wallet: options.wallet, config: { devChain: options.devChain ?? true } }),
    });
    return TestBed.inject(WalletSession);
  }

  function newWallet(options: Partial<ConstructorParameters<typeof TestWallet>[0]> = {}): TestWallet {
    wallet = new TestWallet({ rpcUrl: chain.rpcUrl, privateKey: chain.config.devAccounts![3].privateKey, ...options });
    return wallet;
  }

  it('is "no-wallet" when the browser has none, and offers the development accounts only on the dev chain', () => {
    expect(session().state()).toBe('no-wallet');
    expect(TestBed.inject(WalletSession).devAccounts).toHaveLength(10);
    TestBed.resetTestingModule();
    expect(session({ devChain: false }).devAccounts).toHaveLength(0);
  });

  it('goes disconnected -> connecting -> connected when the person confirms', async () => {
    const wallets = session({ wallet: newWallet() });
    expect(wallets.state()).toBe('disconnected');

    const connecting = wallets.connect();
    expect(wallets.state()).toBe('connecting');
    await wallet.nextRequest('eth_requestAccounts');
    await wallet.confirm();
    await connecting;

    expect(wallets.state()).toBe('connected');
    expect(wallets.account()).toBe(chain.accounts[3].address);
    expect(wallets.chainId()).toBe(1337);
  });

  it('stays disconnected and says so when the person rejects (4001)', async () => {
    const wallets = session({ wallet: newWallet() });
    const connecting = wallets.connect();
    await wallet.nextRequest();
    wallet.reject();
    await connecting;
    expect(wallets.state()).toBe('disconnected');
    expect(wallets.error()?.kind).toBe('rejected');
    expect(wallets.error()?.message).toBe('You rejected the request in your wallet; nothing was changed.');
  });

  it('follows account and chain changes made in the wallet, without a reload', async () => {
    const wallets = session({ wallet: newWallet({ connected: true }) });
    await wallets.connect();
    expect(wallets.account()).toBe(chain.accounts[3].address);

    wallet.switchAccount(chain.config.devAccounts![4].privateKey);
    expect(wallets.account()).toBe(chain.accounts[4].address);

    wallet.switchNetworkInWallet(1);
    expect(wallets.state()).toBe('wrong-network');
    wallet.switchNetworkInWallet(1337);
    expect(wallets.state()).toBe('connected');

    wallet.disconnectSite();
    expect(wallets.state()).toBe('disconnected');
  });

  it('on the wrong network, one call adds the community chain with an absolute RPC URL and switches to it', async () => {
    const wallets = session({ wallet: newWallet({ chainId: 1, connected: true }) });
    await wallets.connect();
    expect(wallets.state()).toBe('wrong-network');

    const switching = wallets.switchNetwork();
    const add = await wallet.nextRequest('wallet_addEthereumChain');
    expect(add.params[0]).toMatchObject({
      chainId: '0x539',
      chainName: `${chain.config.chainName} (demo)`,
      rpcUrls: [chain.rpcUrl + '/'],
      nativeCurrency: { symbol: 'ETH', decimals: 18 },
    });
    await wallet.confirm();
    await switching;
    expect(wallets.state()).toBe('connected');
    expect(wallet.calls).toContain('wallet_switchEthereumChain');
  });

  it('switches without adding when the wallet already knows the chain', async () => {
    const wallets = session({ wallet: newWallet({ chainId: 1, knownChainIds: [1, 1337], connected: true }) });
    await wallets.connect();
    const switching = wallets.switchNetwork();
    await wallet.nextRequest('wallet_switchEthereumChain');
    await wallet.confirm();
    await switching;
    expect(wallets.state()).toBe('connected');
    expect(wallet.calls).not.toContain('wallet_addEthereumChain');
  });

  it('reconnects without asking after a reload when the wallet still allows the site', async () => {
    newWallet();
    const first = session({ wallet });
    const connecting = first.connect();
    await wallet.nextRequest();
    await wallet.confirm();
    await connecting;

    TestBed.resetTestingModule();
    const reloaded = session({ wallet });
    await waitFor(() => reloaded.state() === 'connected');
    expect(reloaded.account()).toBe(chain.accounts[3].address);
    expect(wallet.pending).toHaveLength(0);
  });

  it('signs with a labelled development account, and remembers it across a reload', async () => {
    const wallets = session();
    await wallets.useDevAccount(6);
    expect(wallets.state()).toBe('connected');
    expect(wallets.account()).toBe(chain.accounts[6].address);
    expect(wallets.isDevelopmentAccount()).toBe(true);

    TestBed.resetTestingModule();
    const reloaded = session();
    await waitFor(() => reloaded.account() === chain.accounts[6].address);
  });

  it('forgets the account on disconnect', async () => {
    const wallets = session({ wallet: newWallet({ connected: true }) });
    await wallets.connect();
    wallets.disconnect();
    expect(wallets.state()).toBe('disconnected');
    expect(wallets.account()).toBeNull();
  });
});
