/**
 * Providers that point the app at a test's local chain: the runtime config, a
 * read provider on the chain, and the wallets the page "finds" (none, or a
 * TestWallet). Test-only.
 *
 *   TestBed.configureTestingModule({ providers: appProvidersFor(chain, { wallet }) });
 */
import { provideHttpClient, withFetch } from '@angular/common/http';
import type { EnvironmentProviders, Provider } from '@angular/core';
import { provideRouter } from '@angular/router';

import { READ_PROVIDER, createReadProvider } from '../app/chain/read-provider';
import { RUNTIME_CONFIG } from '../app/config/config.service';
import type { RuntimeConfig } from '../app/config/runtime-config';
import { NODE_API_BASE_URL } from '../app/nodes/node-api';
import type { DiscoveredWallet } from '../app/wallet/eip1193';
import { WALLET_DISCOVERY, type WalletDiscovery } from '../app/wallet/wallet-discovery';
import type { TestWallet } from './test-wallet';

export interface AppTestOptions {
  /** The wallet the browser "has"; none gives the no-wallet state. */
  readonly wallet?: TestWallet | null;
  /** Base URL of a node API server the test started (default: none). */
  readonly nodeApiBaseUrl?: string;
  /** Overrides of the chain's config (say, devChain: false). */
  readonly config?: Partial<RuntimeConfig>;
}

/** A discovery that "finds" exactly the wallets given, as the EIP-6963 announcements would. */
export function fixedWalletDiscovery(wallets: readonly DiscoveredWallet[]): WalletDiscovery {
  return {
    watch(found, done) {
      for (const wallet of wallets) found(wallet);
      done();
      return () => undefined;
    },
  };
}

export function testWalletOption(wallet: TestWallet): DiscoveredWallet {
  return { info: { uuid: 'test-wallet', name: 'Test Wallet', icon: '', rdns: 'org.example.test-wallet' }, provider: wallet };
}

export function appProvidersFor(chain: { config: RuntimeConfig }, options: AppTestOptions = {}): (Provider | EnvironmentProviders)[] {
  const config: RuntimeConfig = { ...chain.config, ...options.config };
  return [
    provideRouter([]),
    provideHttpClient(withFetch()),
    { provide: RUNTIME_CONFIG, useValue: config },
    { provide: READ_PROVIDER, useFactory: () => createReadProvider(config) },
    { provide: WALLET_DISCOVERY, useValue: fixedWalletDiscovery(options.wallet ? [testWalletOption(options.wallet)] : []) },
    { provide: NODE_API_BASE_URL, useValue: options.nodeApiBaseUrl ?? 'http://127.0.0.1:9' },
  ];
}
