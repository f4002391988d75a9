/**
 * The wallet the browser tests inject into Chromium: MetaMask cannot be
 * installed here, so each browser context gets this wallet for one
 * development account. What it answers and how it asks is the one definition
 * both fake wallets share (test/support/wallet/metamask-like-wallet.ts); this
 * file carries it across to the page: `window.ethereum` and the EIP-6963
 * announcement (wallet-page-script.ts), requests through a Playwright binding,
 * events pushed back into every page.
 */
import type { BrowserContext, Page } from 'playwright-core';

import { type JsonRpcErrorBody } from '../../support/json-rpc';
import {
  MetaMaskLikeWallet,
  type PendingRequest,
  ProviderRpcError,
  type SentTransaction,
  USER_REJECTED,
} from '../../support/wallet/metamask-like-wallet';
import { WALLET_PAGE_SCRIPT } from './wallet-page-script';

export { type PendingRequest, USER_REJECTED };

export interface WalletOptions {
  /** The account's private key. */
  readonly privateKey: string;
  /** The main server's gateway, e.g. http://127.0.0.1:4200/rpc. */
  readonly rpcUrl: string;
  /** The community chain's id: the wallet can switch to it without adding it first. */
  readonly communityChainId: number;
  /** The chain the wallet starts on; set another id to test the wrong-network flow. */
  readonly chainId?: number;
  /** False when the wallet has never heard of the community chain (switching then fails with 4902). */
  readonly knowsCommunityChain?: boolean;
  /** True when the site was already connected in an earlier visit. */
  readonly connected?: boolean;
}

interface RequestArgs {
  readonly method: string;
  readonly params: readonly unknown[];
}

type Reply = { result: unknown } | { error: JsonRpcErrorBody };

export class InjectedWallet {
  private readonly wallet: MetaMaskLikeWallet;
  private readonly contexts = new Set<BrowserContext>();

  constructor(options: WalletOptions) {
    const chainId = options.chainId ?? options.communityChainId;
    const knownChainIds = options.knowsCommunityChain ?? true ? [chainId, options.communityChainId] : [chainId];
    this.wallet = new MetaMaskLikeWallet(
      { privateKey: options.privateKey, rpcUrl: options.rpcUrl, reachableChainId: options.communityChainId, chainId, knownChainIds, connected: options.connected },
      (event, value) => this.emit(event, value),
    );
  }

  get address(): string {
    return this.wallet.address;
  }

  get chainId(): number {
    return this.wallet.chainId;
  }

  get isConnected(): boolean {
    return this.wallet.isConnected;
  }

  /** Every method a page asked for, in order: lets a test prove what did not happen. */
  get methodsSeen(): readonly string[] {
    return this.wallet.methodsSeen;
  }

  /** Transactions this wallet signed and the gateway accepted. */
  get sent(): readonly SentTransaction[] {
    return this.wallet.sent;
  }

  /** The chains pages asked the wallet to add (wallet_addEthereumChain parameters). */
  get chainsAdded(): readonly Record<string, unknown>[] {
    return this.wallet.chainsAdded;
  }

  /** Puts the wallet into every page of the context, present and future. */
  async install(context: BrowserContext): Promise<void> {
    this.contexts.add(context);
    await context.exposeBinding('__e2eWalletRequest', (_source, args: RequestArgs) => this.handle(args));
    await context.addInitScript({ content: WALLET_PAGE_SCRIPT });
  }

  /** The next request the wallet shows the person (optionally of one method), waiting up to `timeoutMs` for the page to make it. */
  nextRequest(method?: string, timeoutMs = 30_000): Promise<PendingRequest> {
    return this.wallet.nextRequest(method, timeoutMs);
  }

  /** Confirms the next request of `method` as the person would in the pop-up. */
  async confirm(method: string, timeoutMs?: number): Promise<PendingRequest> {
    const request = await this.nextRequest(method, timeoutMs);
    // The page gets the outcome, failure included; the test goes on once the person has clicked.
    void request.confirm().catch(() => undefined);
    return request;
  }

  /** Rejects the next request of `method` as the person would in the pop-up. */
  async reject(method: string, timeoutMs?: number): Promise<PendingRequest> {
    const request = await this.nextRequest(method, timeoutMs);
    request.reject();
    return request;
  }

  /** The person picks another network in the wallet. */
  switchChain(chainId: number): Promise<void> {
    return this.wallet.switchChain(chainId);
  }

  /** The person picks another account in the wallet. */
  switchAccount(privateKey: string): Promise<void> {
    return this.wallet.switchAccount(privateKey);
  }

  /** The person disconnects the site in the wallet. */
  disconnect(): Promise<void> {
    return this.wallet.disconnect();
  }

  private async emit(event: string, value: unknown): Promise<void> {
    const call = `window.__e2eWalletEmit && window.__e2eWalletEmit(${JSON.stringify(event)}, ${JSON.stringify(value)})`;
    const pages: Page[] = [...this.contexts].flatMap((c) => c.pages());
    await Promise.all(pages.map((page) => page.evaluate(call).catch(() => undefined)));
  }

  /** One request from a page: its result, or the error the page's provider throws. */
  private async handle(args: RequestArgs): Promise<Reply> {
    try {
      return { result: await this.wallet.request(String(args?.method), Array.isArray(args?.params) ? args.params : []) };
    } catch (error) {
      const { code, message, data } = error as ProviderRpcError;
      return { error: data === undefined ? { code, message } : { code, message, data } };
    }
  }
}
