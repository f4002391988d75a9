/**
 * The road from a peer's allowed request to the chain, shared by HTTP and
 * WebSocket: wait for the client's turn in the fair queue, check what the
 * request would make the chain do (calls and transactions), send it, and
 * strip the chain's internals from the answer.
 */
import { type ChainLookups, type Guarded, guardCall, refuseCallAtOnce } from './call-guard';
import type { ContractCatalog } from './contract-catalog';
import { DroppedError, FairScheduler, type FairSchedulerLimits, QueueFullError, type RequestWeight } from './fair-scheduler';
import type { GasBounds } from './gas-bounds';
import { type LogRangeLookups, guardLogRange } from './log-range-guard';
import { withoutInternals } from './rpc-error-answer';
import { type RpcRequest, type RpcResponse, rpcError } from './rpc-dispatch';
import { RPC_ERRORS } from './rpc-policy';
import { NextNonces, type TransactionLookups, guardRawTransaction } from './transaction-guard';

/** Sends one request to the chain and returns its answer. */
export type SendToChain = (request: RpcRequest) => Promise<RpcResponse>;

export interface ChainGatewayOptions {
  readonly chainId: number;
  readonly catalog: () => ContractCatalog;
  readonly bounds: GasBounds;
  readonly fairness: FairSchedulerLimits;
  /** The shared HTTP line to the chain: for requests and the guard's own reads. */
  readonly send: SendToChain;
}

/**
 * Requests that can keep the chain busy for long: code runs (bounded by the
 * gas caps) and reads over many blocks. The rest answers in a few milliseconds;
 * a transaction is mined in a few tens.
 */
const HEAVY_METHODS = new Set(['eth_call', 'eth_estimateGas', 'eth_getLogs', 'eth_feeHistory']);

export function weightOf(method: string): RequestWeight {
  return HEAVY_METHODS.has(method) ? 'heavy' : 'light';
}

export class ChainGateway {
  readonly scheduler: FairScheduler;
  private readonly nonces = new NextNonces();

  constructor(private readonly options: ChainGatewayOptions) {
    this.scheduler = new FairScheduler(options.fairness);
  }

  /**
   * Answers one request the policy allows, in `client`'s turn. `via` sends it
   * (default: the shared HTTP line; subscriptions use the client's own socket).
   */
  async answer(client: string, request: RpcRequest, via: SendToChain = this.options.send, signal?: AbortSignal): Promise<RpcResponse> {
    if (request.method === 'eth_call' || request.method === 'eth_estimateGas') {
      const refused = refuseCallAtOnce(request.method, request.params);
      if (refused && !refused.ok) return rpcError(request.id, refused.code, refused.message);
    }
    try {
      return await this.scheduler.schedule(client, weightOf(request.method), () => this.guardAndSend(request, via), signal);
    } catch (error) {
      if (error instanceof QueueFullError || error instanceof DroppedError) return rpcError(request.id, RPC_ERRORS.limitExceeded, error.message);
      if (process.env.GATEWAY_DEBUG) console.error('gateway failure', request.method, error);
      return rpcError(request.id, RPC_ERRORS.unavailable, 'the chain is not answering; retry shortly');
    }
  }

  private async guardAndSend(request: RpcRequest, via: SendToChain): Promise<RpcResponse> {
    let guarded: Guarded = { ok: true, params: request.params as unknown[] };
    try {
      guarded = await this.guard(request);
    } catch (error) {
      // The chain refused the guard's own read, e.g. of a block that does not exist.
      const reason = error instanceof Error ? error.message : String(error);
      return withoutInternals(rpcError(request.id, RPC_ERRORS.invalidParams, `the request cannot be checked: ${reason}`));
    }
    if (!guarded.ok) return rpcError(request.id, guarded.code, guarded.message);
    const allowed = { ...request, params: guarded.params };
    if (!guarded.sender) return withoutInternals({ ...(await via(allowed)), id: request.id });
    const response = await via(allowed);
    if (!response.error) this.nonces.used(guarded.sender.from, guarded.sender.nonce);
    return withoutInternals({ ...response, id: request.id });
  }

  private guard(request: RpcRequest): Promise<Guarded> {
    const { catalog, bounds, chainId } = this.options;
    if (request.method === 'eth_call' || request.method === 'eth_estimateGas') {
      return guardCall(request.method, request.params, catalog(), bounds, this.lookups);
    }
    if (request.method === 'eth_sendRawTransaction') {
      return guardRawTransaction(request.params, catalog(), bounds, chainId, this.lookups, this.nonces);
    }
    if (request.method === 'eth_getLogs') return guardLogRange(request.params, this.lookups);
    return Promise.resolve({ ok: true, params: request.params as unknown[] });
  }

  private readonly lookups: TransactionLookups & ChainLookups & LogRangeLookups = {
    headBlock: async () => Number(await this.read<string>('eth_blockNumber', [])),
    getCode: async (address, block) => this.read<string>('eth_getCode', [address, block ?? 'latest']),
    getPendingNonce: async (address) => Number(await this.read<string>('eth_getTransactionCount', [address, 'pending'])),
  };

  private async read<T>(method: string, params: unknown[]): Promise<T> {
    const response = await this.options.send({ jsonrpc: '2.0', id: 1, method, params });
    if (response.error) throw new Error(`${method}: ${response.error.message}`);
    return response.result as T;
  }
}
