/**
 * Test support: the app's real read provider (same batching options) with its
 * HTTP round trips counted. Counting wraps `_send`, the one method through
 * which every HTTP request passes; nothing is answered for the chain.
 */
import type { JsonRpcPayload, JsonRpcProvider, JsonRpcResult } from 'ethers';

import { createReadProvider } from '../../chain/read-provider';
import type { RuntimeConfig } from '../../config/runtime-config';

export interface RpcCounts {
  /** HTTP requests sent (a batch is one). */
  httpRequests: number;
  /** JSON-RPC calls inside them. */
  calls: number;
  /** Calls by method, in order. */
  methods: string[];
  /** The call data of each `eth_call`, in order (what contract function was asked). */
  callData: string[];
}

export interface CountingReadProvider {
  readonly provider: JsonRpcProvider;
  readonly counts: RpcCounts;
  /** Counts what `work` sends, ignoring what ran before. */
  measure<T>(work: () => Promise<T>): Promise<{ result: T; counts: RpcCounts }>;
}

export function countingReadProvider(config: RuntimeConfig): CountingReadProvider {
  const provider = createReadProvider(config);
  const counts: RpcCounts = { httpRequests: 0, calls: 0, methods: [], callData: [] };
  const send = provider._send.bind(provider);
  provider._send = async (payload: JsonRpcPayload | JsonRpcPayload[]): Promise<JsonRpcResult[]> => {
    const list = Array.isArray(payload) ? payload : [payload];
    counts.httpRequests += 1;
    counts.calls += list.length;
    counts.methods.push(...list.map((p) => p.method));
    for (const p of list) if (p.method === 'eth_call') counts.callData.push(String((p.params as [{ data?: string }])[0]?.data ?? ''));
    return (await send(payload)) as JsonRpcResult[];
  };
  return {
    provider,
    counts,
    async measure(work) {
      const before = { httpRequests: counts.httpRequests, calls: counts.calls, methods: counts.methods.length, callData: counts.callData.length };
      const result = await work();
      return {
        result,
        counts: {
          httpRequests: counts.httpRequests - before.httpRequests,
          calls: counts.calls - before.calls,
          methods: counts.methods.slice(before.methods),
          callData: counts.callData.slice(before.callData),
        },
      };
    },
  };
}
