/**
 * An injected EIP-1193 wallet that behaves as MetaMask does, driven by the test.
 *
 * MetaMask cannot be installed here, so each browser context gets this wallet
 * for one development account. Requests that MetaMask shows to the person
 * (connect, send a transaction, sign, switch or add a network) wait until the
 * test confirms or rejects them; a rejection answers with code 4001 as MetaMask
 * does. Transactions are signed here, in Node, with the account's key and sent
 * raw through the main server's gateway; every read is forwarded to the gateway.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { Transaction, Wallet, getAddress, toQuantity } from 'ethers';

import { JsonRpcError, type JsonRpcErrorBody, JsonRpcHttpClient } from '../../../scripts/lib/json-rpc';
import { WALLET_PAGE_SCRIPT } from './wallet-page-script';

export const USER_REJECTED: JsonRpcErrorBody = { code: 4001, message: 'User rejected the request.' };

/** Methods MetaMask asks the person about before answering. */
const NEEDS_CONSENT = new Set([
  'eth_requestAccounts',
  'eth_sendTransaction',
  'wallet_switchEthereumChain',
  'wallet_addEthereumChain',
  'wallet_requestPermissions',
  'personal_sign',
  'eth_signTypedData_v4',
]);

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

/** A request waiting for the person's answer in the wallet's pop-up. */
export interface PendingRequest {
  readonly method: string;
  readonly params: readonly unknown[];
  confirm(): void;
  reject(): void;
}

interface Waiter {
  readonly method: string | undefined;
  readonly resolve: (request: PendingRequest) => void;
}

interface RequestArgs {
  readonly method: string;
  readonly params: readonly unknown[];
}

type Reply = { result: unknown } | { error: JsonRpcErrorBody };

interface SentTransaction {
  readonly hash: string;
  readonly to: string | null;
  readonly data: string;
  readonly value: bigint;
}

export class InjectedWallet {
  private signer: Wallet;
  private currentChainId: number;
  private permitted: boolean;
  private readonly knownChains = new Set<number>();
  private readonly gateway: JsonRpcHttpClient;
  private readonly contexts = new Set<BrowserContext>();
  private readonly unanswered: PendingRequest[] = [];
  private readonly waiters: Waiter[] = [];
  private signing: Promise<unknown> = Promise.resolve();

  /** Every method a page asked for, in order: lets a test prove what did not happen. */
  readonly methodsSeen: string[] = [];
  /** Transactions this wallet signed and the gateway accepted. */
  readonly sent: SentTransaction[] = [];
  /** The chains pages asked the wallet to add (wallet_addEthereumChain parameters). */
  readonly chainsAdded: Record<string, unknown>[] = [];

  constructor(options: WalletOptions) {
    this.signer = new Wallet(options.privateKey);
    this.currentChainId = options.chainId ?? options.communityChainId;
    this.permitted = options.connected ?? false;
    this.gateway = new JsonRpcHttpClient(options.rpcUrl);
    this.knownChains.add(this.currentChainId);
    if (options.knowsCommunityChain ?? true) this.knownChains.add(options.communityChainId);
  }

  get address(): string {
    return this.signer.address;
  }

  get chainId(): number {
    return this.currentChainId;
  }

  get isConnected(): boolean {
    return this.permitted;
  }

  /** Puts the wallet into every page of the context, present and future. */
  async install(context: BrowserContext): Promise<void> {
    this.contexts.add(context);
    await context.exposeBinding('__e2eWalletRequest', (_source, args: RequestArgs) => this.handle(args));
    await context.addInitScript({ content: WALLET_PAGE_SCRIPT });
  }

  /**
   * The next request the wallet shows the person (optionally of one method),
   * waiting up to `timeoutMs` for the page to make it.
   */
  nextRequest(method?: string, timeoutMs = 30_000): Promise<PendingRequest> {
    const index = this.unanswered.findIndex((r) => method === undefined || r.method === method);
    if (index >= 0) return Promise.resolve(this.unanswered.splice(index, 1)[0]);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        method,
        resolve: (request) => {
          clearTimeout(timer);
          resolve(request);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        const pending = this.unanswered.map((r) => r.method).join(', ') || 'none';
        reject(new Error(`The page did not ask the wallet for ${method ?? 'anything'} within ${timeoutMs} ms (pending: ${pending})`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Confirms the next request of `method` as the person would in the pop-up. */
  async confirm(method: string, timeoutMs?: number): Promise<PendingRequest> {
    const request = await this.nextRequest(method, timeoutMs);
    request.confirm();
    return request;
  }

  /** Rejects the next request of `method` as the person would in the pop-up. */
  async reject(method: string, timeoutMs?: number): Promise<PendingRequest> {
    const request = await this.nextRequest(method, timeoutMs);
    request.reject();
    return request;
  }

  /** The person picks another network in the wallet. */
  async switchChain(chainId: number): Promise<void> {
    this.knownChains.add(chainId);
    if (chainId === this.currentChainId) return;
    this.currentChainId = chainId;
    await this.emit('chainChanged', toQuantity(chainId));
  }

  /** The person picks another account in the wallet. */
  async switchAccount(privateKey: string): Promise<void> {
    this.signer = new Wallet(privateKey);
    if (this.permitted) await this.emit('accountsChanged', [this.signer.address.toLowerCase()]);
  }

  /** The person disconnects the site in the wallet. */
  async disconnect(): Promise<void> {
    this.permitted = false;
    await this.emit('accountsChanged', []);
  }

  private async emit(event: string, value: unknown): Promise<void> {
    const call = `window.__e2eWalletEmit && window.__e2eWalletEmit(${JSON.stringify(event)}, ${JSON.stringify(value)})`;
    const pages: Page[] = [...this.contexts].flatMap((c) => c.pages());
    await Promise.all(pages.map((page) => page.evaluate(call).catch(() => undefined)));
  }

  private async handle(args: RequestArgs): Promise<Reply> {
    const method = String(args?.method);
    const params = Array.isArray(args?.params) ? args.params : [];
    this.methodsSeen.push(method);
    try {
      if (NEEDS_CONSENT.has(method)) {
        const early = this.answerWithoutAsking(method, params);
        if (early !== undefined) return early;
        if (!(await this.askPerson(method, params))) return { error: USER_REJECTED };
      }
      return { result: await this.answer(method, params) };
    } catch (error) {
      if (error instanceof WalletFailure) return { error: error.body };
      // MetaMask wraps what the network answered in an internal error, the node's error as data.
      if (error instanceof JsonRpcError) return { error: { code: -32603, message: 'Internal JSON-RPC error.', data: error.body } };
      return { error: { code: -32603, message: error instanceof Error ? error.message : String(error) } };
    }
  }

  /** Requests MetaMask answers (or refuses) without a pop-up. */
  private answerWithoutAsking(method: string, params: readonly unknown[]): Reply | undefined {
    const account = this.address.toLowerCase();
    switch (method) {
      case 'eth_requestAccounts':
        return this.permitted ? { result: [account] } : undefined;
      case 'wallet_switchEthereumChain': {
        const chainId = chainIdParam(params);
        if (chainId === this.currentChainId) return { result: null };
        if (!this.knownChains.has(chainId)) {
          return {
            error: {
              code: 4902,
              message: `Unrecognized chain ID "${toQuantity(chainId)}". Try adding the chain using wallet_addEthereumChain first.`,
            },
          };
        }
        return undefined;
      }
      case 'wallet_addEthereumChain':
        validateAddChain(params);
        return undefined;
      case 'eth_sendTransaction':
      case 'personal_sign':
      case 'eth_signTypedData_v4':
        if (!this.permitted) return { error: { code: 4100, message: 'The requested account and/or method has not been authorized by the user.' } };
        if (method === 'eth_sendTransaction') {
          const from = (params[0] as { from?: string } | undefined)?.from;
          if (from && getAddress(from) !== this.address) {
            return { error: { code: 4100, message: `Unknown account ${from}: the wallet holds ${this.address}.` } };
          }
        }
        return undefined;
      default:
        return undefined;
    }
  }

  /** Shows the pop-up: resolves true on confirm, false on reject. */
  private askPerson(method: string, params: readonly unknown[]): Promise<boolean> {
    return new Promise((answer) => {
      let answered = false;
      const request: PendingRequest = {
        method,
        params,
        confirm: () => {
          if (!answered) (answered = true), answer(true);
        },
        reject: () => {
          if (!answered) (answered = true), answer(false);
        },
      };
      const waiter = this.waiters.findIndex((w) => w.method === undefined || w.method === method);
      if (waiter >= 0) this.waiters.splice(waiter, 1)[0].resolve(request);
      else this.unanswered.push(request);
    });
  }

  private async answer(method: string, params: readonly unknown[]): Promise<unknown> {
    const account = this.address.toLowerCase();
    switch (method) {
      case 'eth_accounts':
        return this.permitted ? [account] : [];
      case 'eth_requestAccounts':
        this.permitted = true;
        await this.emit('accountsChanged', [account]);
        return [account];
      case 'wallet_requestPermissions':
        this.permitted = true;
        await this.emit('accountsChanged', [account]);
        return [{ parentCapability: 'eth_accounts', caveats: [{ type: 'restrictReturnedAccounts', value: [account] }] }];
      case 'wallet_getPermissions':
        return this.permitted ? [{ parentCapability: 'eth_accounts' }] : [];
      case 'wallet_revokePermissions':
        await this.disconnect();
        return null;
      case 'eth_chainId':
        return toQuantity(this.currentChainId);
      case 'net_version':
        return String(this.currentChainId);
      case 'wallet_switchEthereumChain':
        await this.switchChain(chainIdParam(params));
        return null;
      case 'wallet_addEthereumChain': {
        const chain = params[0] as Record<string, unknown>;
        this.chainsAdded.push(chain);
        // MetaMask switches to a chain right after adding it.
        await this.switchChain(chainIdParam(params));
        return null;
      }
      case 'eth_sendTransaction':
        return this.sendTransaction(params[0] as TransactionRequest);
      case 'personal_sign':
        return this.signer.signMessage(toMessageBytes(String(params[0])));
      case 'eth_signTypedData_v4': {
        const typed = JSON.parse(String(params[1]));
        const { EIP712Domain: _domain, ...types } = typed.types;
        return this.signer.signTypedData(typed.domain, types, typed.message);
      }
      case 'eth_sign':
        throw new WalletFailure({ code: 4200, message: 'eth_sign is not supported.' });
      default:
        return this.gateway.request(method, params);
    }
  }

  /** Fills in what the dApp left out, signs locally and sends the raw transaction through the gateway. */
  private sendTransaction(request: TransactionRequest): Promise<string> {
    // One at a time, so two quick transactions never take the same nonce.
    const run = this.signing.then(async () => {
      const from = this.address;
      const nonce = Number(await this.gateway.request('eth_getTransactionCount', [from, 'pending']));
      const call = { from, to: request.to, data: request.data ?? '0x', value: request.value ?? '0x0' };
      const gasLimit = request.gas ?? request.gasLimit ?? (await this.gateway.request('eth_estimateGas', [call]));
      const latest = (await this.gateway.request('eth_getBlockByNumber', ['latest', false])) as { baseFeePerGas?: string };
      const tx = Transaction.from({
        chainId: this.currentChainId,
        nonce,
        to: request.to ?? null,
        data: call.data,
        value: BigInt(call.value),
        gasLimit: BigInt(gasLimit as string),
      });
      if (latest.baseFeePerGas !== undefined) {
        const baseFee = BigInt(latest.baseFeePerGas);
        const tip = request.maxPriorityFeePerGas ? BigInt(request.maxPriorityFeePerGas) : 1_000_000_000n;
        tx.type = 2;
        tx.maxPriorityFeePerGas = tip;
        tx.maxFeePerGas = request.maxFeePerGas ? BigInt(request.maxFeePerGas) : baseFee * 2n + tip;
      } else {
        tx.type = 0;
        tx.gasPrice = BigInt(request.gasPrice ?? ((await this.gateway.request('eth_gasPrice', [])) as string));
      }
      const raw = await this.signer.signTransaction(tx);
      const hash = (await this.gateway.request('eth_sendRawTransaction', [raw])) as string;
      this.sent.push({ hash, to: tx.to, data: tx.data, value: tx.value });
      return hash;
    });
    this.signing = run.catch(() => undefined);
    return run;
  }
}

/** An error the wallet itself gives (bad parameters, unsupported method), not the network. */
class WalletFailure extends Error {
  constructor(readonly body: JsonRpcErrorBody) {
    super(body.message);
  }
}

interface TransactionRequest {
  readonly from?: string;
  readonly to?: string;
  readonly data?: string;
  readonly value?: string;
  readonly gas?: string;
  readonly gasLimit?: string;
  readonly gasPrice?: string;
  readonly maxFeePerGas?: string;
  readonly maxPriorityFeePerGas?: string;
}

function chainIdParam(params: readonly unknown[]): number {
  const chainId = (params[0] as { chainId?: unknown } | undefined)?.chainId;
  if (typeof chainId !== 'string' || !/^0x[0-9a-fA-F]+$/.test(chainId) || /^0x0[0-9a-fA-F]/.test(chainId)) {
    throw new WalletFailure({ code: -32602, message: `Expected a 0x-prefixed, unpadded, hexadecimal chainId, got ${String(chainId)}.` });
  }
  return Number(BigInt(chainId));
}

/** MetaMask's checks on wallet_addEthereumChain parameters. */
function validateAddChain(params: readonly unknown[]): void {
  chainIdParam(params);
  const chain = params[0] as { chainName?: unknown; rpcUrls?: unknown; nativeCurrency?: { decimals?: unknown; symbol?: unknown } };
  if (typeof chain.chainName !== 'string' || chain.chainName === '') {
    throw new WalletFailure({ code: -32602, message: 'Expected a non-empty chainName.' });
  }
  const urls = chain.rpcUrls;
  if (!Array.isArray(urls) || urls.length === 0 || !urls.every((u) => typeof u === 'string' && /^https?:\/\//.test(u))) {
    throw new WalletFailure({ code: -32602, message: `Expected an array with at least one valid http(s) URL in rpcUrls, got ${JSON.stringify(urls)}.` });
  }
  if (chain.nativeCurrency && (chain.nativeCurrency.decimals !== 18 || typeof chain.nativeCurrency.symbol !== 'string')) {
    throw new WalletFailure({ code: -32602, message: 'Expected nativeCurrency with 18 decimals and a symbol.' });
  }
}

function toMessageBytes(message: string): Uint8Array | string {
  return /^0x([0-9a-fA-F]{2})*$/.test(message) ? Uint8Array.from(Buffer.from(message.slice(2), 'hex')) : message;
}
