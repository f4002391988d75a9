/**
 * An EIP-1193 wallet for specs that behaves like MetaMask for one account:
 * it asks before connecting, switching chains and signing, and the test
 * answers with `confirm()` or `reject()` (code 4001, as MetaMask does). It signs
 * locally and sends raw transactions to the chain's RPC URL; every other method
 * is forwarded there. Test-only.
 *
 *   const wallet = new TestWallet({ rpcUrl: chain.rpcUrl, privateKey: chain.config.devAccounts![0].privateKey });
 *   const request = await wallet.nextRequest('eth_sendTransaction');
 *   await wallet.confirm();
 */
import { JsonRpcProvider, Wallet, getAddress } from 'ethers';

import { revertDataCandidates } from '../app/core/error-details';

export interface RequestArguments {
  readonly method: string;
  readonly params?: readonly unknown[] | object;
}

type Listener = (...args: unknown[]) => void;

/** An error as wallets report them: EIP-1193 `code`, a message, optional `data`. */
export class ProviderRpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

/** A request waiting for the person (the test) to confirm or reject it. */
export interface ConsentRequest {
  readonly method: string;
  readonly params: readonly unknown[];
}

interface QueuedConsent extends ConsentRequest {
  approve(): Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export interface TestWalletOptions {
  rpcUrl: string;
  privateKey: string;
  /** The chain the wallet is on at first; default: the chain behind rpcUrl (1337). */
  chainId?: number;
  /** Chains the wallet knows (can switch to without adding); default: its first chain. */
  knownChainIds?: number[];
  /** Already connected to the site (eth_accounts answers without asking). */
  connected?: boolean;
  /** Confirm every request at once, for specs about something else. */
  autoConfirm?: boolean;
}

const CONSENT_METHODS = new Set([
  'eth_requestAccounts',
  'eth_sendTransaction',
  'wallet_switchEthereumChain',
  'wallet_addEthereumChain',
  'personal_sign',
]);

const RPC_CHAIN_ID = 1337;

/** Chain ids as MetaMask writes them: "0x539", no leading zeros. */
const hexChainId = (chainId: number): string => `0x${chainId.toString(16)}`;

export class TestWallet {
  readonly isMetaMask = true;
  private signer: Wallet;
  private readonly provider: JsonRpcProvider;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly queue: QueuedConsent[] = [];
  private readonly waiters: { method?: string; resolve(request: ConsentRequest): void }[] = [];
  private readonly knownChains: Set<number>;
  private chainId: number;
  private connected: boolean;
  autoConfirm: boolean;
  /** Every method the page called, in order: for specs that count wallet round trips. */
  readonly calls: string[] = [];

  constructor(options: TestWalletOptions) {
    this.provider = new JsonRpcProvider(options.rpcUrl, RPC_CHAIN_ID, { staticNetwork: true, pollingInterval: 100, cacheTimeout: -1 });
    this.signer = new Wallet(options.privateKey, this.provider);
    this.chainId = options.chainId ?? RPC_CHAIN_ID;
    this.knownChains = new Set(options.knownChainIds ?? [this.chainId]);
    this.connected = options.connected ?? false;
    this.autoConfirm = options.autoConfirm ?? false;
  }

  get address(): string {
    return this.signer.address;
  }

  /** Requests waiting for confirm() or reject(). */
  get pending(): readonly ConsentRequest[] {
    return this.queue.map(({ method, params }) => ({ method, params }));
  }

  // ------------------------------------------------------------ EIP-1193

  async request(args: RequestArguments): Promise<unknown> {
    const params = (Array.isArray(args.params) ? args.params : args.params ? [args.params] : []) as unknown[];
    this.calls.push(args.method);
    switch (args.method) {
      case 'eth_chainId':
        return hexChainId(this.chainId);
      case 'net_version':
        return String(this.chainId);
      case 'eth_accounts':
        return this.connected ? [this.address.toLowerCase()] : [];
      case 'eth_requestAccounts':
        if (this.connected) return [this.address.toLowerCase()];
        return this.ask(args.method, params, async () => {
          this.connected = true;
          this.emit('accountsChanged', [this.address.toLowerCase()]);
          return [this.address.toLowerCase()];
        });
      case 'wallet_switchEthereumChain':
        return this.switchChain(params);
      case 'wallet_addEthereumChain':
        return this.addChain(params);
      case 'eth_sendTransaction':
        return this.sendTransaction(params);
      case 'personal_sign':
        this.requireConnected();
        return this.ask(args.method, params, () => this.signer.signMessage(String(params[0])));
      default:
        if (CONSENT_METHODS.has(args.method)) throw new ProviderRpcError(4200, `${args.method} is not supported.`);
        return this.forward(args.method, params);
    }
  }

  on(event: string, listener: Listener): this {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)!.add(listener);
    return this;
  }

  removeListener(event: string, listener: Listener): this {
    this.listeners.get(event)?.delete(listener);
    return this;
  }

  listenerCount(event: string): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  // ------------------------------------------------------------ the person's side

  /** Resolves with the next request that needs consent (one already waiting counts). */
  nextRequest(method?: string): Promise<ConsentRequest> {
    const waiting = this.queue.find((queued) => !method || queued.method === method);
    if (waiting) return Promise.resolve({ method: waiting.method, params: waiting.params });
    return new Promise((resolve) => this.waiters.push({ method, resolve }));
  }

  /** Confirms the oldest waiting request; resolves with what the page receives. */
  async confirm(): Promise<unknown> {
    const queued = this.takeOldest();
    try {
      const result = await queued.approve();
      queued.resolve(result);
      return result;
    } catch (error) {
      queued.reject(error);
      throw error;
    }
  }

  /** Rejects the oldest waiting request, as MetaMask's "Reject" button does. */
  reject(): void {
    this.takeOldest().reject(new ProviderRpcError(4001, 'MetaMask Tx Signature: User denied transaction signature.'));
  }

  /** The person picks another account in the wallet. */
  switchAccount(privateKey: string): void {
    this.signer = new Wallet(privateKey, this.provider);
    if (this.connected) this.emit('accountsChanged', [this.address.toLowerCase()]);
  }

  /** The person switches network in the wallet itself. */
  switchNetworkInWallet(chainId: number): void {
    this.knownChains.add(chainId);
    this.setChain(chainId);
  }

  /** The person disconnects the site (or locks the wallet). */
  disconnectSite(): void {
    this.connected = false;
    this.emit('accountsChanged', []);
  }

  /** Announces the wallet the EIP-6963 way on `target`; returns a function that stops answering. */
  announce(target: EventTarget, info = { uuid: 'test-wallet', name: 'Test Wallet', icon: 'data:image/svg+xml,<svg/>', rdns: 'org.example.test-wallet' }): () => void {
    const announce = () =>
      target.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail: Object.freeze({ info, provider: this }) }));
    target.addEventListener('eip6963:requestProvider', announce);
    announce();
    return () => target.removeEventListener('eip6963:requestProvider', announce);
  }

  destroy(): void {
    this.provider.destroy();
  }

  // ------------------------------------------------------------ internals

  private ask(method: string, params: unknown[], approve: () => Promise<unknown>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const queued: QueuedConsent = { method, params, approve, resolve, reject };
      if (this.autoConfirm) {
        approve().then(resolve, reject);
        return;
      }
      this.queue.push(queued);
      for (const waiter of [...this.waiters]) {
        if (!waiter.method || waiter.method === method) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve({ method, params });
        }
      }
    });
  }

  private takeOldest(): QueuedConsent {
    const queued = this.queue.shift();
    if (!queued) throw new Error('The test wallet has no request waiting for an answer.');
    return queued;
  }

  private requireConnected(): void {
    if (!this.connected) throw new ProviderRpcError(4100, 'The requested account has not been authorized by the user.');
  }

  private switchChain(params: unknown[]): Promise<unknown> {
    const chainId = Number((params[0] as { chainId: string }).chainId);
    if (!this.knownChains.has(chainId)) {
      return Promise.reject(new ProviderRpcError(4902, `Unrecognized chain ID "${hexChainId(chainId)}". Try adding the chain using wallet_addEthereumChain first.`));
    }
    return this.ask('wallet_switchEthereumChain', params, async () => {
      this.setChain(chainId);
      return null;
    });
  }

  private addChain(params: unknown[]): Promise<unknown> {
    const chain = params[0] as { chainId: string; chainName?: string; rpcUrls?: string[]; nativeCurrency?: unknown };
    const rpcUrl = chain.rpcUrls?.[0] ?? '';
    if (!/^https?:\/\//.test(rpcUrl)) {
      return Promise.reject(new ProviderRpcError(-32602, `Expected an array with at least one valid string HTTPS url 'rpcUrls', Received: ${rpcUrl}`));
    }
    if (!chain.chainName || !chain.nativeCurrency) {
      return Promise.reject(new ProviderRpcError(-32602, 'Expected chainName and nativeCurrency.'));
    }
    // MetaMask adds the chain and then switches to it, in one confirmation here.
    return this.ask('wallet_addEthereumChain', params, async () => {
      const chainId = Number(chain.chainId);
      this.knownChains.add(chainId);
      this.setChain(chainId);
      return null;
    });
  }

  private sendTransaction(params: unknown[]): Promise<unknown> {
    this.requireConnected();
    const tx = params[0] as { from?: string; to?: string; data?: string; value?: string; gas?: string };
    if (tx.from && getAddress(tx.from) !== this.address) {
      return Promise.reject(new ProviderRpcError(4100, `The requested account ${tx.from} has not been authorized by the user.`));
    }
    return this.ask('eth_sendTransaction', params, async () => {
      if (this.chainId !== RPC_CHAIN_ID) {
        throw new ProviderRpcError(-32603, `The wallet is on chain ${this.chainId}, which it cannot reach.`);
      }
      try {
        const sent = await this.signer.sendTransaction({
          to: tx.to,
          data: tx.data,
          value: tx.value ? BigInt(tx.value) : 0n,
          gasLimit: tx.gas ? BigInt(tx.gas) : undefined,
        });
        return sent.hash;
      } catch (error) {
        // Reported the way MetaMask does: an internal error carrying the node's revert data.
        const data = revertDataCandidates(error)[0];
        throw new ProviderRpcError(-32603, (error as Error).message, data ? { originalError: { code: 3, data, message: 'execution reverted' } } : undefined);
      }
    });
  }

  private setChain(chainId: number): void {
    if (chainId === this.chainId) return;
    this.chainId = chainId;
    this.emit('chainChanged', hexChainId(chainId));
  }

  private async forward(method: string, params: unknown[]): Promise<unknown> {
    if (this.chainId !== RPC_CHAIN_ID) {
      throw new ProviderRpcError(-32603, `The wallet is on chain ${this.chainId}, which it cannot reach.`);
    }
    try {
      return await this.provider.send(method, params);
    } catch (error) {
      const data = revertDataCandidates(error)[0];
      throw new ProviderRpcError(-32603, (error as Error).message, data ? { originalError: { code: 3, data, message: 'execution reverted' } } : undefined);
    }
  }

  private emit(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(...args);
  }
}
