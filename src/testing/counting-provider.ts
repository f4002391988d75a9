/**
 * A JSON-RPC provider that counts what it sends, for specs that bound the number
 * of calls a screen needs: `calls` counts JSON-RPC requests (a batch of five is
 * five), `roundTrips` counts HTTP requests. Test-only.
 */
import { Network } from 'ethers';
import type { JsonRpcPayload, JsonRpcResult } from 'ethers';

import { GatewayProvider } from '../app/chain/gateway-provider';
import type { RuntimeConfig } from '../app/config/runtime-config';

/** The app's own read provider (src/app/chain/read-provider.ts), counting. */
export class CountingProvider extends GatewayProvider {
  calls: string[] = [];
  roundTrips = 0;

  constructor(config: RuntimeConfig) {
    const network = Network.from({ chainId: config.chainId, name: config.chainName });
    // The same options as the app's read provider (src/app/chain/read-provider.ts).
    super(config.rpcUrl, network, { staticNetwork: network, pollingInterval: 250, batchMaxCount: 50 });
  }

  override async _send(payload: JsonRpcPayload | JsonRpcPayload[]): Promise<JsonRpcResult[]> {
    this.roundTrips++;
    for (const request of Array.isArray(payload) ? payload : [payload]) this.calls.push(request.method);
    return super._send(payload);
  }

  reset(): void {
    this.calls = [];
    this.roundTrips = 0;
  }

  /** eth_call requests sent: contract views. */
  get viewCalls(): number {
    return this.calls.filter((method) => method === 'eth_call').length;
  }
}
