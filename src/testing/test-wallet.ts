/**
 * The fake wallet of the UI specs: an EIP-1193 provider object, handed to the
 * app in jsdom, that behaves like MetaMask for one account. What it answers
 * and how it asks is the one definition both fake wallets share
 * (test/support/wallet/metamask-like-wallet.ts); this file only makes it an
 * object the page can hold: request(), on(), removeListener(), EIP-6963.
 * The test answers what it asks with confirm() or reject() (code 4001). Test-only.
 *
 *   const wallet = new TestWallet({ rpcUrl: chain.rpcUrl, privateKey: chain.config.devAccounts![0].privateKey });
 *   const request = await wallet.nextRequest('eth_sendTransaction');
 *   await wallet.confirm();
 */
import {
  MetaMaskLikeWallet,
  type PendingRequest,
  ProviderRpcError,
} from '../../test/support/wallet/metamask-like-wallet';

export { ProviderRpcError };

export interface RequestArguments {
  readonly method: string;
  readonly params?: readonly unknown[] | object;
}

type Listener = (...args: unknown[]) => void;

/** A request waiting for the person (the test) to confirm or reject it. */
export interface ConsentRequest {
  readonly method: string;
  readonly params: readonly unknown[];
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

export class TestWallet {
  readonly isMetaMask = true;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly wallet: MetaMaskLikeWallet;

  constructor(options: TestWalletOptions) {
    this.wallet = new MetaMaskLikeWallet(options, (event, value) => this.emit(event, value));
  }

  get address(): string {
    return this.wallet.address;
  }

  /** Every method the page called, in order: for specs that count wallet round trips. */
  get calls(): readonly string[] {
    return this.wallet.methodsSeen;
  }

  get autoConfirm(): boolean {
    return this.wallet.autoConfirm;
  }

  set autoConfirm(value: boolean) {
    this.wallet.autoConfirm = value;
  }

  /** Requests waiting for confirm() or reject(). */
  get pending(): readonly ConsentRequest[] {
    return this.wallet.pending.map(({ method, params }) => ({ method, params }));
  }

  // ------------------------------------------------------------ EIP-1193

  request(args: RequestArguments): Promise<unknown> {
    const params = (Array.isArray(args.params) ? args.params : args.params ? [args.params] : []) as unknown[];
    return this.wallet.request(args.method, params);
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
  async nextRequest(method?: string): Promise<ConsentRequest> {
    const { method: asked, params } = await this.wallet.nextRequest(method);
    return { method: asked, params };
  }

  /** Confirms the oldest waiting request; resolves with what the page receives. */
  confirm(): Promise<unknown> {
    return this.oldest().confirm();
  }

  /** Rejects the oldest waiting request, as MetaMask's "Reject" button does. */
  reject(): void {
    this.oldest().reject();
  }

  /** The person picks another account in the wallet. */
  switchAccount(privateKey: string): void {
    void this.wallet.switchAccount(privateKey);
  }

  /** The person switches network in the wallet itself. */
  switchNetworkInWallet(chainId: number): void {
    void this.wallet.switchChain(chainId);
  }

  /** The person disconnects the site (or locks the wallet). */
  disconnectSite(): void {
    void this.wallet.disconnect();
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
    this.wallet.destroy();
  }

  private oldest(): PendingRequest {
    const request = this.wallet.pending[0];
    if (!request) throw new Error('The test wallet has no request waiting for an answer.');
    return request;
  }

  private emit(event: string, value: unknown): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(value);
  }
}
