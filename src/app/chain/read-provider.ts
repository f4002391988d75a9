import { InjectionToken, inject } from '@angular/core';
import { JsonRpcApiProvider, JsonRpcProvider, Network } from 'ethers/providers';

import { RUNTIME_CONFIG } from '../config/config.service';
import type { RuntimeConfig } from '../config/runtime-config';
import { GatewayProvider } from './gateway-provider';

/**
 * The provider every read goes through (market, trades, explorer): the main
 * server's RPC gateway, independent of the wallet, so the market is visible
 * even without one. Tests hand in a provider to a chain they started.
 */
export const READ_PROVIDER = new InjectionToken<JsonRpcApiProvider>('READ_PROVIDER', {
  providedIn: 'root',
  factory: () => createReadProvider(inject(RUNTIME_CONFIG)),
});

/** Resolves a config URL that may be relative (`/rpc`) against the page's origin. */
export function absoluteUrl(url: string): string {
  return new URL(url, globalThis.location?.origin ?? 'http://localhost').toString();
}

export function createReadProvider(config: RuntimeConfig): JsonRpcProvider {
  const network = Network.from({ chainId: config.chainId, name: config.chainName });
  // staticNetwork: no eth_chainId round trip per call; 250 ms polling keeps peers'
  // actions live within a second (ethers' default is 4 s).
  return new GatewayProvider(absoluteUrl(config.rpcUrl), network, {
    staticNetwork: network,
    pollingInterval: 250,
    batchMaxCount: 50,
  });
}
