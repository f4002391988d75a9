/**
 * A wallet that answers EIP-1193 requests as MetaMask does, for one account,
 * driven by a test: the one definition behind both fake wallets, the one the
 * UI specs hand to the app in jsdom (src/testing/test-wallet.ts) and the one
 * the browser tests inject into Chromium (test/e2e/support/wallet.ts).
 *
 * Requests MetaMask shows to the person (connect, send a transaction, sign,
 * switch or add a network) wait until the test confirms or rejects them; a
 * rejection is code 4001 as in MetaMask. Transactions are signed here with
 * the account's key and sent raw to the chain's RPC URL (the gateway, or
 * Ganache in specs); other reads are forwarded there. What the network refuses
 * comes back as MetaMask wraps it: -32603 with the node's error as `data`.
 */
import { Transaction, Wallet, getAddress, toQuantity } from 'ethers';

import { JsonRpcError, JsonRpcHttpClient } from '../../../scripts/lib/json-rpc';

/** An error as wallets report them (EIP-1193 ProviderRpcError): `code`, a message, optional `data`. */
export class ProviderRpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

export const USER_REJECTED = { code: 4001, message: 'User rejected the request.' } as const;

/** A request waiting for the person's answer in the wallet's pop-up. */
export interface PendingRequest {
  readonly method: string;
  readonly params: readonly unknown[];
  /** Approves it; resolves with what the page receives (rejects with what it fails with). */
  confirm(): Promise<unknown>;
  /** Rejects it with 4001, as MetaMask's "Reject" button does. */
  reject(): void;
}

export interface SentTransaction {
  readonly hash: string;
  readonly to: string | null;
  readonly data: string;
  readonly value: bigint;
}

export interface MetaMaskLikeOptions {
  readonly privateKey: string;
  /** The chain the wallet reaches (the gateway, or Ganache). */
  readonly rpcUrl: string;
  /** The id of that chain (default 1337). */
  readonly reachableChainId?: number;
  /** The chain the wallet is on at first (default: the reachable one); another id tests the wrong-network flow. */
  readonly chainId?: number;
  /** Chains it can switch to without adding them first (default: the one it starts on). */
  readonly knownChainIds?: readonly number[];
  /** Already connected to the site: eth_accounts answers without asking. */
  readonly connected?: boolean;
  /** Confirm every request at once, for tests about something else. */
  readonly autoConfirm?: boolean;
}

/** Tells the page about a change: accountsChanged, chainChanged. */
export type WalletEmitter = (event: string, value: unknown) => void | Promise<void>;

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

interface Consent {
  readonly approved: Promise<boolean>;
  settle(outcome: Promise<unknown>): void;
}

interface Waiter {
  readonly method: string | undefined;
  readonly resolve: (request: PendingRequest) => void;
}

export class MetaMaskLikeWallet {
  private signer: Wallet;
  private currentChainId: number;
  private permitted: boolean;
  private readonly reachableChainId: number;
  private readonly knownChains: Set<number>;
  private readonly rpc: JsonRpcHttpClient;
  private readonly unanswered: PendingRequest[] = [];
  private readonly waiters: Waiter[] = [];
  private signing: Promise<unknown> = Promise.resolve();
  autoConfirm: boolean;

  /** Every method a page asked for, in order: lets a test count round trips or prove what did not happen. */
  readonly methodsSeen: string[] = [];
  /** Transactions this wallet signed and the chain accepted. */
  readonly sent: SentTransaction[] = [];
  /** The chains pages asked the wallet to add (wallet_addEthereumChain parameters). */
  readonly chainsAdded: Record<string, unknown>[] = [];

  constructor(
    options: MetaMaskLikeOptions,
    private readonly emit: WalletEmitter,
  ) {
    this.signer = new Wallet(options.privateKey);
    this.reachableChainId = options.reachableChainId ?? 1337;
    this.currentChainId = options.chainId ?? this.reachableChainId;
    this.knownChains = new Set(options.knownChainIds ?? [this.currentChainId]);
    this.knownChains.add(this.currentChainId);
    this.permitted = options.connected ?? false;
    this.autoConfirm = options.autoConfirm ?? false;
    this.rpc = new JsonRpcHttpClient(options.rpcUrl);
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

  /** Requests waiting for the person, oldest first. */
  get pending(): readonly PendingRequest[] {
    return this.unanswered;
  }

  /** Answers one EIP-1193 request; rejects with a ProviderRpcError as MetaMask would. */
  request(method: string, params: readonly unknown[] = []): Promise<unknown> {
    this.methodsSeen.push(method);
    let consent: Consent | undefined;
    const run = (async () => {
      if (NEEDS_CONSENT.has(method)) {
        const early = this.answerWithoutAsking(method, params);
        if (early) return early.result;
        consent = this.ask(method, params);
        if (!(await consent.approved)) throw new ProviderRpcError(USER_REJECTED.code, USER_REJECTED.message);
      }
      return this.answer(method, params);
    })().catch((error: unknown) => {
      throw asProviderError(error);
    });
    consent?.settle(run);
    return run;
  }

  // ------------------------------------------------------------ the person's side

  /** The next request the wallet shows the person (optionally of one method), one already waiting included. */
  nextRequest(method?: string, timeoutMs = 30_000): Promise<PendingRequest> {
    const waiting = this.unanswered.find((request) => method === undefined || request.method === method);
    if (waiting) return Promise.resolve(waiting);
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
    if (this.permitted) await this.emit('accountsChanged', [this.address.toLowerCase()]);
  }

  /** The person disconnects the site in the wallet (or locks it). */
  async disconnect(): Promise<void> {
    this.permitted = false;
    await this.emit('accountsChanged', []);
  }

  /** Closes the connections to the chain. */
  destroy(): void {
    this.rpc.close();
  }

  // ------------------------------------------------------------ internals

  /** Requests MetaMask answers (or refuses) without a pop-up. */
  private answerWithoutAsking(method: string, params: readonly unknown[]): { result: unknown } | undefined {
    switch (method) {
      case 'eth_requestAccounts':
        return this.permitted ? { result: [this.address.toLowerCase()] } : undefined;
      case 'wallet_switchEthereumChain': {
        const chainId = chainIdParam(params);
        if (chainId === this.currentChainId) return { result: null };
        if (!this.knownChains.has(chainId)) {
          throw new ProviderRpcError(4902, `Unrecognized chain ID "${toQuantity(chainId)}". Try adding the chain using wallet_addEthereumChain first.`);
        }
        return undefined;
      }
      case 'wallet_addEthereumChain':
        validateAddChain(params);
        return undefined;
      case 'eth_sendTransaction':
      case 'personal_sign':
      case 'eth_signTypedData_v4':
        if (!this.permitted) throw new ProviderRpcError(4100, 'The requested account and/or method has not been authorized by the user.');
        if (method === 'eth_sendTransaction') {
          const from = (params[0] as { from?: string } | undefined)?.from;
          if (from && getAddress(from) !== this.address) {
            throw new ProviderRpcError(4100, `Unknown account ${from}: the wallet holds ${this.address}.`);
          }
        }
        return undefined;
      default:
        return undefined;
    }
  }

  /** Shows the pop-up: `approved` resolves true on confirm, false on reject. */
  private ask(method: string, params: readonly unknown[]): Consent {
    let approve!: (yes: boolean) => void;
    const approved = new Promise<boolean>((resolve) => (approve = resolve));
    let settle!: (outcome: Promise<unknown>) => void;
    const outcome = new Promise<unknown>((resolve, reject) => (settle = (run) => void run.then(resolve, reject)));
    // Whoever made the request sees its failure; confirm() hands the same outcome to the test.
    outcome.catch(() => undefined);
    let answered = false;
    const answer = (yes: boolean) => {
      if (answered) return;
      answered = true;
      const index = this.unanswered.indexOf(request);
      if (index >= 0) this.unanswered.splice(index, 1);
      approve(yes);
    };
    const request: PendingRequest = {
      method,
      params,
      confirm: () => {
        answer(true);
        return outcome;
      },
      reject: () => answer(false),
    };
    if (this.autoConfirm) {
      answer(true);
    } else {
      this.unanswered.push(request);
      const waiter = this.waiters.findIndex((w) => w.method === undefined || w.method === method);
      if (waiter >= 0) this.waiters.splice(waiter, 1)[0].resolve(request);
    }
    return { approved, settle };
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
      case 'wallet_addEthereumChain':
        this.chainsAdded.push(params[0] as Record<string, unknown>);
        // MetaMask switches to a chain right after adding it.
        await this.switchChain(chainIdParam(params));
        return null;
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
        throw new ProviderRpcError(4200, 'eth_sign is not supported.');
      default:
        this.requireReachableChain();
        return this.rpc.request(method, params);
    }
  }

  /** The wallet talks to one chain; on another it has no network to send to. */
  private requireReachableChain(): void {
    if (this.currentChainId !== this.reachableChainId) {
      throw new ProviderRpcError(-32603, `The wallet is on chain ${this.currentChainId}, which it cannot reach.`);
    }
  }

  /** Fills in what the dApp left out, signs locally and sends the raw transaction. */
  private sendTransaction(request: TransactionRequest): Promise<string> {
    this.requireReachableChain();
    // One at a time, so two quick transactions never take the same nonce.
    const run = this.signing.then(async () => {
      const from = this.address;
      const nonce = Number(await this.rpc.request('eth_getTransactionCount', [from, 'pending']));
      const call = { from, to: request.to, data: request.data ?? '0x', value: request.value ?? '0x0' };
      const gasLimit = request.gas ?? request.gasLimit ?? (await this.rpc.request<string>('eth_estimateGas', [call]));
      const latest = await this.rpc.request<{ baseFeePerGas?: string }>('eth_getBlockByNumber', ['latest', false]);
      const tx = Transaction.from({
        chainId: this.currentChainId,
        nonce,
        to: request.to ?? null,
        data: call.data,
        value: BigInt(call.value),
        gasLimit: BigInt(gasLimit),
      });
      if (latest.baseFeePerGas !== undefined) {
        const baseFee = BigInt(latest.baseFeePerGas);
        const tip = request.maxPriorityFeePerGas ? BigInt(request.maxPriorityFeePerGas) : 1_000_000_000n;
        tx.type = 2;
        tx.maxPriorityFeePerGas = tip;
        tx.maxFeePerGas = request.maxFeePerGas ? BigInt(request.maxFeePerGas) : baseFee * 2n + tip;
      } else {
        tx.type = 0;
        tx.gasPrice = BigInt(request.gasPrice ?? (await this.rpc.request<string>('eth_gasPrice', [])));
      }
      const raw = await this.signer.signTransaction(tx);
      const hash = await this.rpc.request<string>('eth_sendRawTransaction', [raw]);
      this.sent.push({ hash, to: tx.to, data: tx.data, value: tx.value });
      return hash;
    });
    this.signing = run.catch(() => undefined);
    return run;
  }
}

/** MetaMask's shape for every failure: what the network refused is wrapped, the node's error as data. */
function asProviderError(error: unknown): ProviderRpcError {
  if (error instanceof ProviderRpcError) return error;
  if (error instanceof JsonRpcError) return new ProviderRpcError(-32603, 'Internal JSON-RPC error.', error.body);
  return new ProviderRpcError(-32603, error instanceof Error ? error.message : String(error));
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
    throw new ProviderRpcError(-32602, `Expected a 0x-prefixed, unpadded, hexadecimal chainId, got ${String(chainId)}.`);
  }
  return Number(BigInt(chainId));
}

/** MetaMask's checks on wallet_addEthereumChain parameters. */
function validateAddChain(params: readonly unknown[]): void {
  chainIdParam(params);
  const chain = params[0] as { chainName?: unknown; rpcUrls?: unknown; nativeCurrency?: { decimals?: unknown; symbol?: unknown } };
  if (typeof chain.chainName !== 'string' || chain.chainName === '') {
    throw new ProviderRpcError(-32602, 'Expected a non-empty chainName.');
  }
  const urls = chain.rpcUrls;
  if (!Array.isArray(urls) || urls.length === 0 || !urls.every((u) => typeof u === 'string' && /^https?:\/\//.test(u))) {
    throw new ProviderRpcError(-32602, `Expected an array with at least one valid http(s) URL in rpcUrls, got ${JSON.stringify(urls)}.`);
  }
  if (!chain.nativeCurrency || chain.nativeCurrency.decimals !== 18 || typeof chain.nativeCurrency.symbol !== 'string') {
    throw new ProviderRpcError(-32602, 'Expected nativeCurrency with 18 decimals and a symbol.');
  }
}

function toMessageBytes(message: string): Uint8Array | string {
  return /^0x([0-9a-fA-F]{2})*$/.test(message) ? Uint8Array.from(Buffer.from(message.slice(2), 'hex')) : message;
}
