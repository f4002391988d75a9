import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { getAddress } from 'ethers/address';

import { READ_PROVIDER, absoluteUrl } from '../chain/read-provider';
import { networkName } from '../community/community-contract';
import { RUNTIME_CONFIG } from '../config/config.service';
import { AppError } from '../core/app-error';
import { errorCodes } from '../core/error-details';
import { toAppError } from '../core/to-app-error';
import type { DiscoveredWallet, Eip1193Provider } from './eip1193';
import { WALLET_DISCOVERY } from './wallet-discovery';
import type { WalletState } from './wallet-state';
import { WALLET_TIMEOUT_MS, withTimeout } from '../core/with-timeout';

/** Remembers the wallet last connected, so a reload reconnects without asking. */
const REMEMBERED_WALLET_KEY = 'energy-market.wallet';

/** A transaction as `eth_sendTransaction` takes it (hex quantities). */
export interface WalletTransaction {
  readonly to: string;
  readonly data: string;
  readonly value?: string;
  readonly gas?: string;
}

/**
 * The connection to the person's wallet: which wallet, which account, which
 * chain, and the one `state` the page shows. Account and chain changes made in
 * the wallet update these signals at once, with no reload.
 */
@Injectable({ providedIn: 'root' })
export class WalletSession {
  private readonly config = inject(RUNTIME_CONFIG);
  private readonly readProvider = inject(READ_PROVIDER);
  private readonly storage = globalThis.localStorage as Storage | undefined;
  private detach: () => void = () => undefined;
  /** Bumped by every connect or disconnect, so a late answer to an old request is ignored. */
  private attempt = 0;

  private readonly found = signal<readonly DiscoveredWallet[]>([]);
  private readonly searching = signal(true);
  private readonly connecting = signal(false);

  /** Wallets in the browser (EIP-6963 and window.ethereum). */
  readonly wallets = this.found.asReadonly();
  /** True until the first search for wallets is over. */
  readonly discovering = this.searching.asReadonly();
  readonly active = signal<DiscoveredWallet | null>(null);
  /** The connected account, checksummed; null when none is shared. */
  readonly account = signal<string | null>(null);
  readonly chainId = signal<number | null>(null);
  /** The last failure of connect or switch, in words; cleared by the next attempt. */
  readonly error = signal<AppError | null>(null);

  readonly state = computed<WalletState>(() => {
    if (this.connecting()) return 'connecting';
    const account = this.account();
    if (account && this.active()) return this.chainId() === this.config.chainId ? 'connected' : 'wrong-network';
    if (!this.active() && this.found().length === 0) return 'no-wallet';
    return 'disconnected';
  });
  readonly isDevelopmentAccount = computed(() => this.active()?.development === true);
  /** The development accounts, on the local development chain only. */
  readonly devAccounts = this.config.devChain && this.config.mode === 'demo' ? (this.config.devAccounts ?? []) : [];

  constructor() {
    const stop = inject(WALLET_DISCOVERY).watch(
      (wallet) => this.addWallet(wallet),
      () => this.searching.set(false),
    );
    inject(DestroyRef).onDestroy(() => {
      stop();
      this.detach();
    });
    void this.restoreDevAccount();
  }

  /** Asks the wallet (the only one, or the one given) to share an account. */
  async connect(wallet: DiscoveredWallet | undefined = this.found()[0]): Promise<void> {
    if (!wallet) {
      this.error.set(new AppError('wallet', 'No wallet was found in this browser.'));
      return;
    }
    const attempt = ++this.attempt;
    this.error.set(null);
    this.connecting.set(true);
    this.use(wallet);
    try {
      const accounts = (await withTimeout(
        wallet.provider.request({ method: 'eth_requestAccounts' }),
        WALLET_TIMEOUT_MS,
        'Your wallet did not answer. Open it, and try connecting again.',
      )) as string[];
      if (attempt !== this.attempt) return;
      await this.readChain(wallet.provider, attempt);
      this.setAccounts(accounts);
      this.remember(wallet.info.rdns);
    } catch (error) {
      if (attempt !== this.attempt) return;
      this.error.set(toAppError(error));
      this.account.set(null);
    } finally {
      if (attempt === this.attempt) this.connecting.set(false);
    }
  }

  /** Stops waiting for the wallet (the person closed its window without answering). */
  cancelConnect(): void {
    this.attempt++;
    this.connecting.set(false);
  }

  /** Signs with one of the local chain's published development keys (devChain only). */
  async useDevAccount(index: number): Promise<void> {
    const account = this.devAccounts[index];
    if (!account) return;
    const { createDevAccountWallet } = await import('./dev-account-wallet');
    await this.connect(createDevAccountWallet(account, index, this.config.chainId, this.readProvider));
  }

  /** Forgets the connection on this page (the wallet keeps its own permission list). */
  disconnect(): void {
    this.attempt++;
    this.detach();
    this.detach = () => undefined;
    this.active.set(null);
    this.account.set(null);
    this.chainId.set(null);
    this.connecting.set(false);
    this.error.set(null);
    this.remember(null);
  }

  /** One click to the community chain: switch to it, or add it if the wallet does not know it. */
  async switchNetwork(): Promise<void> {
    const wallet = this.active();
    if (!wallet) return;
    const attempt = this.attempt;
    const chainId = `0x${this.config.chainId.toString(16)}`;
    this.error.set(null);
    try {
      try {
        await withTimeout(
          wallet.provider.request({ method: 'wallet_switchEthereumChain', params: [{ chainId }] }),
          WALLET_TIMEOUT_MS,
          'Your wallet did not answer the network switch.',
        );
      } catch (error) {
        // 4902: the wallet does not know the chain yet (MetaMask Mobile nests it in -32603).
        if (!errorCodes(error).includes(4902)) throw error;
        await withTimeout(
          wallet.provider.request({
            method: 'wallet_addEthereumChain',
            params: [
              {
                chainId,
                chainName: networkName(this.config),
                rpcUrls: [absoluteUrl(this.config.rpcUrl)],
                nativeCurrency: this.config.nativeCurrency,
              },
            ],
          }),
          WALLET_TIMEOUT_MS,
          'Your wallet did not answer the request to add the network.',
        );
      }
      await this.readChain(wallet.provider, attempt);
    } catch (error) {
      if (attempt === this.attempt) this.error.set(toAppError(error));
    }
  }

  /** Sends a transaction through the wallet; resolves with its hash once the person confirms. */
  async sendTransaction(tx: WalletTransaction): Promise<string> {
    const wallet = this.active();
    const from = this.account();
    if (!wallet || !from) throw new AppError('wallet', 'Connect your wallet first.');
    if (this.state() === 'wrong-network') {
      throw new AppError('wallet', `Your wallet is on another network: switch it to ${networkName(this.config)} first.`);
    }
    return (await withTimeout(
      wallet.provider.request({ method: 'eth_sendTransaction', params: [{ from, ...tx }] }),
      WALLET_TIMEOUT_MS,
      'Your wallet did not answer within 5 minutes. If it still shows the request, reject it there and try again.',
    )) as string;
  }

  /** A wallet that is gone (the wallet in this app, removed from the browser): no longer offered. */
  removeWallet(provider: Eip1193Provider): void {
    if (this.active()?.provider === provider) this.disconnect();
    this.found.update((wallets) => wallets.filter((wallet) => wallet.provider !== provider));
  }

  // ------------------------------------------------------------ internals

  private addWallet(wallet: DiscoveredWallet): void {
    this.found.update((wallets) => [...wallets, wallet]);
    if (!this.active() && this.recalled() === wallet.info.rdns) void this.reconnectSilently(wallet);
  }

  /** After a reload: eth_accounts answers without a prompt if the site is still allowed. */
  private async reconnectSilently(wallet: DiscoveredWallet): Promise<void> {
    const attempt = ++this.attempt;
    try {
      const accounts = (await wallet.provider.request({ method: 'eth_accounts' })) as string[];
      if (attempt !== this.attempt || accounts.length === 0) return;
      this.use(wallet);
      await this.readChain(wallet.provider, attempt);
      this.setAccounts(accounts);
    } catch {
      // A locked or unreachable wallet: the person connects by hand.
    }
  }

  private async restoreDevAccount(): Promise<void> {
    const match = /^dev:(\d+)$/.exec(this.recalled() ?? '');
    if (match && this.devAccounts.length > 0) await this.useDevAccount(Number(match[1]));
  }

  /** Makes `wallet` the active one and follows its account and chain changes. */
  private use(wallet: DiscoveredWallet): void {
    if (this.active() === wallet) return;
    this.detach();
    this.active.set(wallet);
    const provider = wallet.provider;
    const onAccounts = (accounts: string[]) => this.setAccounts(accounts);
    const onChain = (chainId: string) => this.chainId.set(Number(chainId));
    const onDisconnect = () => this.account.set(null);
    provider.on?.('accountsChanged', onAccounts);
    provider.on?.('chainChanged', onChain);
    provider.on?.('disconnect', onDisconnect);
    this.detach = () => {
      provider.removeListener?.('accountsChanged', onAccounts);
      provider.removeListener?.('chainChanged', onChain);
      provider.removeListener?.('disconnect', onDisconnect);
    };
  }

  private async readChain(provider: Eip1193Provider, attempt: number): Promise<void> {
    const chainId = Number(await provider.request({ method: 'eth_chainId' }));
    if (attempt === this.attempt) this.chainId.set(chainId);
  }

  private setAccounts(accounts: readonly string[]): void {
    this.account.set(accounts.length > 0 ? getAddress(accounts[0]) : null);
  }

  private remember(rdns: string | null): void {
    try {
      if (rdns) this.storage?.setItem(REMEMBERED_WALLET_KEY, rdns);
      else this.storage?.removeItem(REMEMBERED_WALLET_KEY);
    } catch {
      // Storage may be off (private mode): the person reconnects after a reload.
    }
  }

  private recalled(): string | null {
    try {
      return this.storage?.getItem(REMEMBERED_WALLET_KEY) ?? null;
    } catch {
      return null;
    }
  }
}
