import { DestroyRef, Injectable, InjectionToken, computed, inject, signal } from '@angular/core';
import { getAddress } from 'ethers/address';

import { MARKETPLACE_INTERFACE } from '../../chain/marketplace-contract';
import { COMMUNITY_INTERFACE } from '../../community/community-contract';
import { READ_PROVIDER } from '../../chain/read-provider';
import { RUNTIME_CONFIG } from '../../config/config.service';
import { formatMoney } from '../../core/units';
import type { DiscoveredWallet, Eip1193Provider, ProviderListener, WalletInfo } from '../eip1193';
import type { InAppSigner, PreparedTransaction, WalletTransactionParams } from './in-app-signer';
import type { NewAccount } from './keystore';
import { forgetStoredKeystore, keystoreAddress, readStoredKeystore, storeKeystore } from './keystore-storage';
import type { WalletPrompt } from './wallet-prompt';

/** How the in-app wallet names itself to the rest of the app (EIP-6963). */
export const IN_APP_WALLET_INFO: WalletInfo = {
  uuid: 'in-app-wallet',
  name: 'Wallet in this app',
  icon:
    'data:image/svg+xml,' +
    encodeURIComponent(
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><rect x="2" y="6" width="20" height="14" rx="3" fill="#0b6e4f"/><circle cx="17" cy="13" r="2" fill="#fff"/></svg>',
    ),
  rdns: 'org.community-energy.in-app-wallet',
};

/**
 * Whether the page is a secure context (HTTPS, or this machine itself): only
 * there is a page that holds a key safe from the Wi-Fi. A token so specs can say.
 */
export const SECURE_CONTEXT = new InjectionToken<boolean>('SECURE_CONTEXT', {
  providedIn: 'root',
  factory: () => globalThis.isSecureContext === true,
});

/** An EIP-1193 error, as wallets throw them: 4001 is "the person rejected". */
export class ProviderRpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const REJECTED = () => new ProviderRpcError(4001, 'You rejected the request in the wallet.');

interface Pending<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
}

/**
 * A wallet for people without MetaMask: the key is made in this browser, kept
 * encrypted under a PIN (see keystore.ts) and never leaves the page. It is an
 * EIP-1193 provider announced over EIP-6963 like any browser wallet, so the
 * wallet session, the transactor and every page use it unchanged; every
 * transaction waits for the person's confirm or reject in the app's own
 * dialog (`prompt`). Offered only in a secure context (HTTPS): on plain HTTP
 * anyone on the Wi-Fi could change the page that holds the key.
 */
@Injectable({ providedIn: 'root' })
export class InAppWallet {
  private readonly config = inject(RUNTIME_CONFIG);
  private readonly readProvider = inject(READ_PROVIDER);
  private readonly marketplace = inject(MARKETPLACE_INTERFACE);
  private readonly community = inject(COMMUNITY_INTERFACE);
  private readonly keystore = signal(readStoredKeystore());
  private readonly listeners = new Map<string, Set<ProviderListener>>();
  private signer: InAppSigner | null = null;
  private pendingPin: Pending<void> | null = null;
  private pendingConfirm: Pending<boolean> | null = null;

  /** False on plain HTTP: the wallet is not offered there. */
  readonly available = inject(SECURE_CONTEXT);
  /** The account of the wallet stored in this browser, readable without the PIN; null when none. */
  readonly address = computed(() => {
    const address = keystoreAddress(this.keystore());
    return address ? getAddress(address) : null;
  });
  /** True while the key is open in this page (after the PIN). */
  readonly unlocked = signal(false);
  /** What the wallet is asking the person right now; the dialog shows it. */
  readonly prompt = signal<WalletPrompt | null>(null);

  readonly provider: Eip1193Provider = {
    request: ({ method, params }) => this.request(method, Array.isArray(params) ? params : []),
    on: (event, listener) => {
      const set = this.listeners.get(event) ?? new Set();
      set.add(listener);
      this.listeners.set(event, set);
    },
    removeListener: (event, listener) => this.listeners.get(event)?.delete(listener),
  };
  readonly discovered: DiscoveredWallet = { info: IN_APP_WALLET_INFO, provider: this.provider };

  constructor() {
    if (!this.available) return;
    // EIP-6963: answer every search for wallets while one is stored in this browser.
    const onRequest = () => this.announce();
    globalThis.window?.addEventListener('eip6963:requestProvider', onRequest);
    inject(DestroyRef).onDestroy(() => globalThis.window?.removeEventListener('eip6963:requestProvider', onRequest));
    this.announce();
  }

  /** Makes a new wallet under the PIN, opens it and announces it; returns the phrase to write down. */
  async create(pin: string): Promise<string> {
    const { createAccount } = await import('./keystore');
    const account = createAccount();
    await this.keep(account, pin);
    return account.phrase;
  }

  /** Brings back a wallet from its recovery phrase under a new PIN. */
  async restore(phrase: string, pin: string): Promise<void> {
    const { fromPhrase } = await import('./keystore');
    await this.keep(fromPhrase(phrase), pin);
  }

  /** The recovery phrase again, for the PIN's owner. */
  async revealPhrase(pin: string): Promise<string> {
    const json = this.keystore();
    if (!json) throw new Error('There is no wallet in this browser.');
    const { decryptAccount } = await import('./keystore');
    return (await decryptAccount(json, pin)).phrase;
  }

  /** Closes the key: the next transaction asks for the PIN again. */
  lock(): void {
    this.signer = null;
    this.unlocked.set(false);
    this.emit('accountsChanged', []);
  }

  /** Removes the wallet from this browser. Only its phrase can bring it back. */
  forget(): void {
    this.lock();
    forgetStoredKeystore();
    this.keystore.set(null);
  }

  // ------------------------------------------------------------ the dialog's answers

  /** The PIN typed into the unlock dialog. */
  async submitPin(pin: string): Promise<void> {
    const prompt = this.prompt();
    const json = this.keystore();
    if (prompt?.kind !== 'unlock' || !json) return;
    this.prompt.set({ ...prompt, checking: true, problem: null });
    try {
      const [{ decryptAccount }, { InAppSigner }] = await Promise.all([import('./keystore'), import('./in-app-signer')]);
      const account = await decryptAccount(json, pin);
      this.open(new InAppSigner(account.privateKey, this.readProvider));
      this.prompt.set(null);
      this.pendingPin?.resolve();
      this.pendingPin = null;
    } catch (error) {
      const problem = (error as Error)?.name === 'WrongPinError' ? 'That PIN does not open this wallet. Try again.' : 'The wallet could not be opened.';
      this.prompt.set({ ...prompt, checking: false, problem });
    }
  }

  /** The person confirmed the transaction shown. */
  confirm(): void {
    const prompt = this.prompt();
    if ((prompt?.kind !== 'confirm' && prompt?.kind !== 'sign') || prompt.sending) return;
    this.prompt.set({ ...prompt, sending: true });
    this.pendingConfirm?.resolve(true);
    this.pendingConfirm = null;
  }

  /** The person rejected (or closed the dialog): the app hears code 4001. */
  reject(): void {
    this.prompt.set(null);
    this.pendingConfirm?.resolve(false);
    this.pendingConfirm = null;
    this.pendingPin?.reject(REJECTED());
    this.pendingPin = null;
  }

  // ------------------------------------------------------------ EIP-1193

  private async request(method: string, params: readonly unknown[]): Promise<unknown> {
    switch (method) {
      case 'eth_requestAccounts':
        await this.unlock();
        return [this.signer!.address];
      case 'eth_accounts':
        return this.signer ? [this.signer.address] : [];
      case 'eth_chainId':
        return `0x${this.config.chainId.toString(16)}`;
      case 'wallet_switchEthereumChain':
      case 'wallet_addEthereumChain':
        // This wallet knows one chain: the community's.
        return null;
      case 'eth_sendTransaction':
        return this.sendTransaction(params[0] as WalletTransactionParams & { from?: string });
      case 'eth_signTypedData_v4':
        return this.signTypedData(params[0] as string, params[1]);
      case 'personal_sign':
      case 'eth_sign':
        throw new ProviderRpcError(4200, 'The wallet in this app only sends transactions and signs automatic-trading policies.');
      default:
        return this.readProvider.send(method, [...params]);
    }
  }

  private async unlock(): Promise<void> {
    if (this.signer) return;
    const address = this.address();
    if (!address || !this.available) throw new ProviderRpcError(4100, 'There is no wallet in this browser.');
    if (this.pendingPin) this.pendingPin.reject(REJECTED());
    const opened = new Promise<void>((resolve, reject) => (this.pendingPin = { resolve, reject }));
    this.prompt.set({ kind: 'unlock', address, problem: null, checking: false });
    await opened;
  }

  private async sendTransaction(tx: WalletTransactionParams & { from?: string }): Promise<string> {
    await this.unlock();
    const signer = this.signer!;
    if (tx.from && getAddress(tx.from) !== signer.address) {
      throw new ProviderRpcError(4100, 'The wallet in this app does not hold that account.');
    }
    const prepared = await signer.prepare(tx);
    if (!(await this.askToConfirm(signer.address, tx, prepared))) throw REJECTED();
    try {
      return await signer.send(prepared);
    } finally {
      this.prompt.set(null);
    }
  }

  /**
   * Signs typed data only when it is this community's automatic-trading
   * policy (its domain names this marketplace and chain), after the person
   * read the policy in words and confirmed: a page cannot get anything else
   * signed with the household's key.
   */
  private async signTypedData(from: string, json: unknown): Promise<string> {
    await this.unlock();
    const signer = this.signer!;
    if (typeof from !== 'string' || getAddress(from) !== signer.address) {
      throw new ProviderRpcError(4100, 'The wallet in this app does not hold that account.');
    }
    const { AGENT_POLICY_DOMAIN_NAME, AGENT_POLICY_PRIMARY_TYPE, AGENT_POLICY_TYPES, agentPolicyDomain, defaultAgentPolicy, parseAgentPolicy } = await import(
      '../../agents/agent-policy'
    );
    const { describePolicy } = await import('../../agents/policy-form');
    let typed: { domain?: Record<string, unknown>; primaryType?: unknown; message?: unknown };
    try {
      typed = typeof json === 'string' ? JSON.parse(json) : (json as typeof typed);
    } catch {
      throw new ProviderRpcError(-32602, 'The data to sign is not valid JSON.');
    }
    const expected = agentPolicyDomain(this.config.chainId, this.config.marketplace.address);
    const domain = typed?.domain ?? {};
    const sameDomain =
      typed?.primaryType === AGENT_POLICY_PRIMARY_TYPE &&
      domain['name'] === AGENT_POLICY_DOMAIN_NAME &&
      domain['version'] === expected.version &&
      Number(domain['chainId']) === expected.chainId &&
      typeof domain['verifyingContract'] === 'string' &&
      domain['verifyingContract'].toLowerCase() === expected.verifyingContract.toLowerCase();
    if (!sameDomain) throw new ProviderRpcError(4200, 'The wallet in this app signs only this community’s automatic-trading policies.');
    // EIP-712 payloads carry every integer as a decimal string; the policy's small numbers are numbers.
    const numeric = defaultAgentPolicy(signer.address, signer.address, 0n) as unknown as Record<string, unknown>;
    const message = Object.fromEntries(
      Object.entries((typed.message ?? {}) as Record<string, unknown>).map(([key, value]) => [
        key,
        typeof numeric[key] === 'number' && typeof value === 'string' && /^\d{1,3}$/.test(value) ? Number(value) : value,
      ]),
    );
    let policy;
    try {
      policy = parseAgentPolicy(message);
    } catch (error) {
      throw new ProviderRpcError(-32602, `The policy to sign is not valid: ${(error as Error).message}.`);
    }
    if (getAddress(policy.household) !== signer.address) throw new ProviderRpcError(4100, 'The policy is for another household than this wallet’s.');

    this.pendingConfirm?.resolve(false);
    const answer = new Promise<boolean>((resolve, reject) => (this.pendingConfirm = { resolve, reject }));
    this.prompt.set({ kind: 'sign', from: signer.address, summary: describePolicy(policy, policy.paused), sending: false });
    if (!(await answer)) throw REJECTED();
    try {
      const types = { [AGENT_POLICY_PRIMARY_TYPE]: [...AGENT_POLICY_TYPES.AgentPolicy] };
      return await signer.signTypedData(expected, types, message);
    } finally {
      this.prompt.set(null);
    }
  }

  private async askToConfirm(from: string, tx: WalletTransactionParams, prepared: PreparedTransaction): Promise<boolean> {
    this.pendingConfirm?.resolve(false);
    const answer = new Promise<boolean>((resolve, reject) => (this.pendingConfirm = { resolve, reject }));
    this.prompt.set({
      kind: 'confirm',
      from,
      to: tx.to ? getAddress(tx.to) : '',
      toLabel: this.contractLabel(tx.to),
      summary: await this.describe(tx, prepared.valueWei),
      valueWei: prepared.valueWei,
      maxFeeWei: prepared.maxFeeWei,
      sending: false,
    });
    return answer;
  }

  /** The app's own contracts, named for the person who confirms a call to them. */
  private contractLabel(to: string | undefined): string | null {
    const same = (address: string) => !!to && address.toLowerCase() === to.toLowerCase();
    if (same(this.config.marketplace.address)) return 'The energy marketplace';
    if (same(this.config.community.contract.address)) return `${this.config.community.name}'s treasury`;
    return null;
  }

  /** What a transaction does, in words, from the contracts the app knows. */
  private async describe(tx: WalletTransactionParams, valueWei: bigint): Promise<string> {
    if (tx.data && tx.data !== '0x') {
      const { describeMarketCall } = await import('../../explorer/market-calls');
      const call = describeMarketCall(this.marketplace, tx.data, valueWei);
      if (call) return call.summary;
      const community = this.communityCall(tx.data, valueWei);
      if (community) return community;
      return valueWei > 0n ? `Call a contract, paying ${formatMoney(valueWei)}` : 'Call a contract';
    }
    return `Send ${formatMoney(valueWei)}`;
  }

  /** A call to the Community contract a household makes: a cash-out. */
  private communityCall(data: string, valueWei: bigint): string | null {
    try {
      const call = this.community.parseTransaction({ data, value: valueWei });
      if (call?.name !== 'cashOut') return null;
      const note = String(call.args[0] ?? '');
      return `Cash out ${formatMoney(valueWei)} to the treasury${note ? ` (note: ${note})` : ''}`;
    } catch {
      return null;
    }
  }

  private async keep(account: NewAccount, pin: string): Promise<void> {
    if (!this.available) throw new Error('The wallet in this app is offered only over HTTPS.');
    const [{ encryptAccount }, { InAppSigner }] = await Promise.all([import('./keystore'), import('./in-app-signer')]);
    const json = await encryptAccount(account, pin);
    storeKeystore(json);
    this.keystore.set(json);
    this.open(new InAppSigner(account.privateKey, this.readProvider));
    this.announce();
  }

  private open(signer: InAppSigner): void {
    this.signer = signer;
    this.unlocked.set(true);
    this.emit('accountsChanged', [signer.address]);
  }

  private announce(): void {
    if (!this.address()) return;
    const detail = Object.freeze({ info: IN_APP_WALLET_INFO, provider: this.provider });
    globalThis.window?.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail }));
  }

  private emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
}
