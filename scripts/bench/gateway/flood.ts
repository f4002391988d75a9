/**
 * A peer that floods the gateway with the most expensive requests it can
 * craft, for the benchmark and the system test of "no peer can stall the
 * market". Each kind asks as much of the chain as the gateway lets one
 * request ask: views that scan the whole market with all the gas they may
 * have, a gas estimate that just fits the estimate cap, every log of the
 * chain, a batch of the largest size full of such views, and transactions at
 * the highest rate the chain mines them. It also keeps trying what the
 * gateway must refuse outright (code of its own, the precompiles, a contract
 * deployment), so a test sees that those never reach the chain.
 */
import { Interface, Wallet } from 'ethers';

import type { PeerRpc, RpcReply } from './peer-rpc';

export interface FloodTarget {
  readonly marketplace: string;
  readonly abi: readonly unknown[];
  readonly chainId: number;
  /** The peer whose trades the flood tries to delay: its open trades are scanned too. */
  readonly victim: string;
}

export type AttackKind =
  | 'scanOpenOrders'
  | 'scanOrders'
  | 'scanTrades'
  | 'estimateAtCap'
  | 'allLogs'
  | 'batchOfScans'
  | 'transaction'
  | 'ownCode'
  | 'precompile'
  | 'deployment';

/** What the gateway must refuse without running anything. */
export const REFUSED_KINDS: readonly AttackKind[] = ['ownCode', 'precompile', 'deployment'];

export interface FloodStats {
  readonly sent: Record<string, number>;
  readonly answered: Record<string, number>;
  readonly refused: Record<string, number>;
  /** Answers of the chain itself (after the gateway let the request through). */
  readonly failedAtChain: Record<string, number>;
  /** One error message per kind, to see what the attacker was told. */
  readonly sampleErrors: Record<string, string>;
  readonly requests: number;
  readonly seconds: number;
}

/** All the gas a request can name: the gateway lowers it to its cap. */
const ALL_GAS = '0xffffffffff';
/** JUMPDEST PUSH1 0 JUMP: an endless loop, the cheapest code per unit of work. */
const ENDLESS_LOOP = '0x5b600056';
/** BLAKE2 compression (precompile 9) with 2^32-1 rounds: one gas per round, hours of work. */
const BLAKE2F_INPUT = '0xffffffff' + '00'.repeat(208) + '01';
const BATCH_SIZE = 100;

export class Flood {
  private readonly market: Interface;
  private readonly wallet: Wallet;
  private nonce = 0;
  private nonceStale = false;
  private outstanding = 0;
  private running = false;
  private workers: Promise<void>[] = [];
  private startedAtMs = 0;
  private estimateScan = 1;
  private readonly stats = {
    sent: {} as Record<string, number>,
    answered: {} as Record<string, number>,
    refused: {} as Record<string, number>,
    failedAtChain: {} as Record<string, number>,
    sampleErrors: {} as Record<string, string>,
    requests: 0,
  };

  constructor(
    private readonly rpc: PeerRpc,
    private readonly target: FloodTarget,
    attackerKey: string,
    private readonly kinds: readonly AttackKind[] = [
      'scanOpenOrders',
      'scanOrders',
      'scanTrades',
      'estimateAtCap',
      'allLogs',
      'batchOfScans',
      'transaction',
      ...REFUSED_KINDS,
    ],
  ) {
    this.market = new Interface(target.abi as never);
    this.wallet = new Wallet(attackerKey);
  }

  /** Works out the largest scan whose gas estimate still fits the gateway's cap, and the attacker's nonce. */
  async prepare(): Promise<void> {
    this.nonce = Number(await this.rpc.request<string>('eth_getTransactionCount', [this.wallet.address, 'pending']));
    let fits = 1;
    let tooMany = 5_000;
    while (tooMany - fits > 1) {
      const middle = Math.floor((fits + tooMany) / 2);
      const reply = await this.rpc.send('eth_estimateGas', [{ to: this.target.marketplace, data: this.encode('getOrders', [1, middle]) }]);
      if (reply.error) tooMany = middle;
      else fits = middle;
    }
    this.estimateScan = fits;
  }

  /** Floods with `concurrency` requests (or batches) in flight until stop(). */
  start(concurrency: number): void {
    this.running = true;
    this.startedAtMs = performance.now();
    this.workers = Array.from({ length: concurrency }, (_, worker) => this.work(worker));
  }

  /** Requests (or batches) sent and not answered yet: the backlog the flood keeps at the gateway. */
  inFlight(): number {
    return this.outstanding;
  }

  /** Requests the chain has answered so far (results and the chain's own errors, such as out of gas). */
  progress(): number {
    const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
    return sum(this.stats.answered) + sum(this.stats.failedAtChain);
  }

  /**
   * Stops flooding. The peer hangs up: what the gateway has not yet sent to
   * the chain is dropped, so the chain is free at once.
   */
  async stop(): Promise<FloodStats> {
    this.running = false;
    this.rpc.close();
    await Promise.all(this.workers);
    return { ...this.stats, seconds: (performance.now() - this.startedAtMs) / 1000 };
  }

  private async work(worker: number): Promise<void> {
    for (let round = worker; this.running; round++) {
      const kind = this.kinds[round % this.kinds.length];
      this.outstanding++;
      try {
        await this.attack(kind);
      } catch (error) {
        // The gateway did not answer at all: a stall, counted as such (unless the flood hung up).
        if (this.running) this.count('failedAtChain', kind, `no answer: ${error instanceof Error ? error.message : error}`);
      } finally {
        this.outstanding--;
      }
    }
  }

  private async attack(kind: AttackKind): Promise<void> {
    if (kind === 'batchOfScans') {
      const call = { method: 'eth_call', params: [{ to: this.target.marketplace, data: this.encode('getOpenOrders', [0, 0, 5_000]), gas: ALL_GAS }, 'latest'] };
      this.stats.sent[kind] = (this.stats.sent[kind] ?? 0) + 1;
      this.stats.requests += BATCH_SIZE;
      const replies = await this.rpc.batch(Array.from({ length: BATCH_SIZE }, () => call));
      for (const reply of Array.isArray(replies) ? replies : [replies]) this.record(kind, reply);
      return;
    }
    const [method, params] = await this.craft(kind);
    this.stats.sent[kind] = (this.stats.sent[kind] ?? 0) + 1;
    this.stats.requests++;
    this.record(kind, await this.rpc.send(method, params));
  }

  private async craft(kind: Exclude<AttackKind, 'batchOfScans'>): Promise<[string, unknown[]]> {
    const to = this.target.marketplace;
    switch (kind) {
      case 'scanOpenOrders':
        return ['eth_call', [{ to, data: this.encode('getOpenOrders', [0, 0, 5_000]), gas: ALL_GAS }, 'latest']];
      case 'scanOrders':
        return ['eth_call', [{ to, data: this.encode('getOrders', [1, 5_000]), gas: ALL_GAS }, 'latest']];
      case 'scanTrades':
        return ['eth_call', [{ to, data: this.encode('getOpenTradesOf', [this.target.victim, 0, 3_000]), gas: ALL_GAS }, 'latest']];
      case 'estimateAtCap':
        return ['eth_estimateGas', [{ to, data: this.encode('getOrders', [1, this.estimateScan]) }]];
      case 'allLogs':
        return ['eth_getLogs', [{ fromBlock: '0x0', toBlock: 'latest' }]];
      case 'transaction':
        if (this.nonceStale) {
          this.nonceStale = false;
          this.nonce = Number(await this.rpc.request<string>('eth_getTransactionCount', [this.wallet.address, 'pending']));
        }
        return ['eth_sendRawTransaction', [await this.sign({ to, data: this.encode('createOffer', [1, 1]), gasLimit: 500_000n })]];
      case 'ownCode':
        return ['eth_call', [{ data: ENDLESS_LOOP, gas: ALL_GAS }, 'latest']];
      case 'precompile':
        return ['eth_call', [{ to: '0x0000000000000000000000000000000000000009', data: BLAKE2F_INPUT, gas: ALL_GAS }, 'latest']];
      case 'deployment':
        return ['eth_sendRawTransaction', [await this.sign({ to: null, data: ENDLESS_LOOP, gasLimit: 29_000_000n }, false)]];
      default:
        throw new Error(`unknown attack ${kind satisfies never}`);
    }
  }

  /** Signs with the next nonce; a transaction the gateway refuses does not use one up. */
  private sign(tx: { to: string | null; data: string; gasLimit: bigint }, usesNonce = true): Promise<string> {
    const nonce = usesNonce ? this.nonce++ : this.nonce;
    return this.wallet.signTransaction({
      type: 2,
      chainId: this.target.chainId,
      nonce,
      maxFeePerGas: 100_000_000_000n,
      maxPriorityFeePerGas: 1_000_000_000n,
      ...tx,
    });
  }

  private encode(name: string, args: unknown[]): string {
    return this.market.encodeFunctionData(name, args);
  }

  private record(kind: AttackKind, reply: RpcReply): void {
    if (!reply.error) return this.count('answered', kind);
    if (kind === 'transaction') this.nonceStale = true;
    const gatewayRefusal = [-32004, -32005, -32602, -32601].includes(reply.error.code);
    this.count(gatewayRefusal ? 'refused' : 'failedAtChain', kind, reply.error.message);
  }

  private count(outcome: 'answered' | 'refused' | 'failedAtChain', kind: string, message?: string): void {
    this.stats[outcome][kind] = (this.stats[outcome][kind] ?? 0) + 1;
    if (message && !this.stats.sampleErrors[kind]) this.stats.sampleErrors[kind] = message;
  }
}
