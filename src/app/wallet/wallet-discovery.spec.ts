import { TestWallet } from '../../testing/test-wallet';
import type { DiscoveredWallet } from './eip1193';
import { browserWalletDiscovery } from './wallet-discovery';

/** The browser side of wallet discovery, with wallets that announce themselves as real ones do. */
describe('browserWalletDiscovery', () => {
  const wallets: TestWallet[] = [];
  const newWallet = () => {
    const wallet = new TestWallet({ rpcUrl: 'http://127.0.0.1:9', privateKey: `0x${'11'.repeat(32)}` });
    wallets.push(wallet);
    return wallet;
  };
  afterEach(() => {
    wallets.splice(0).forEach((wallet) => wallet.destroy());
    delete (window as { ethereum?: unknown }).ethereum;
  });

  function discover(): Promise<{ found: DiscoveredWallet[]; stop: () => void }> {
    return new Promise((resolve) => {
      const found: DiscoveredWallet[] = [];
      const stop = browserWalletDiscovery(window).watch(
        (wallet) => found.push(wallet),
        () => resolve({ found, stop }),
      );
    });
  }

  it('finds every wallet that answers the EIP-6963 request, once each', async () => {
    const first = newWallet();
    const second = newWallet();
    const stopFirst = first.announce(window, { uuid: 'a', name: 'Wallet A', icon: '', rdns: 'org.example.a' });
    const stopSecond = second.announce(window, { uuid: 'b', name: 'Wallet B', icon: '', rdns: 'org.example.b' });
    const { found, stop } = await discover();
    expect(found.map((wallet) => wallet.info.name)).toEqual(['Wallet A', 'Wallet B']);
    expect(found[0].provider).toBe(first);
    stop();
    stopFirst();
    stopSecond();
  });

  it('falls back to window.ethereum for wallets that predate EIP-6963, without counting one twice', async () => {
    const legacy = newWallet();
    (window as { ethereum?: unknown }).ethereum = legacy;
    const { found, stop } = await discover();
    expect(found).toHaveLength(1);
    expect(found[0].info.name).toBe('MetaMask');
    expect(found[0].provider).toBe(legacy);
    stop();

    const stopAnnouncing = legacy.announce(window);
    const again = await discover();
    expect(again.found).toHaveLength(1);
    again.stop();
    stopAnnouncing();
  });

  it('reports the search over, with nothing found, when the browser has no wallet', async () => {
    const started = Date.now();
    const { found, stop } = await discover();
    expect(found).toEqual([]);
    expect(Date.now() - started).toBeLessThan(3000);
    stop();
  });
});
