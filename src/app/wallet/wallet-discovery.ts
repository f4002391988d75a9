import { InjectionToken, inject } from '@angular/core';
import detectEthereumProvider from '@metamask/detect-provider';

import type { DiscoveredWallet, Eip1193Provider, WalletInfo } from './eip1193';
import { InAppWallet } from './in-app/in-app-wallet';

/**
 * Where wallets come from: the browser by default (EIP-6963 announcements, then
 * `window.ethereum`), a stand-in in tests. `watch` reports every wallet found,
 * now or later, and `done` once the initial search is over; it returns a stop function.
 */
export interface WalletDiscovery {
  watch(found: (wallet: DiscoveredWallet) => void, done: () => void): () => void;
}

export const WALLET_DISCOVERY = new InjectionToken<WalletDiscovery>('WALLET_DISCOVERY', {
  providedIn: 'root',
  factory: () => {
    // The wallet in this app answers EIP-6963 searches like any browser wallet: start it first.
    inject(InAppWallet);
    return browserWalletDiscovery(globalThis.window);
  },
});

/** How long a legacy wallet gets to set `window.ethereum` before the page says "no wallet". */
const LEGACY_DETECT_TIMEOUT_MS = 500;

interface AnnounceEvent extends Event {
  readonly detail: { readonly info: WalletInfo; readonly provider: Eip1193Provider };
}

/** EIP-6963 first (several wallets side by side); `window.ethereum` for wallets that predate it. */
export function browserWalletDiscovery(target: Window | undefined): WalletDiscovery {
  return {
    watch(found, done) {
      if (!target) {
        done();
        return () => undefined;
      }
      const announced = new Set<Eip1193Provider>();
      const onAnnounce = (event: Event) => {
        const { info, provider } = (event as AnnounceEvent).detail ?? {};
        if (!info || !provider || announced.has(provider)) return;
        announced.add(provider);
        found({ info, provider });
      };
      target.addEventListener('eip6963:announceProvider', onAnnounce);
      target.dispatchEvent(new Event('eip6963:requestProvider'));

      let stopped = false;
      void detectEthereumProvider<Eip1193Provider & { isMetaMask?: boolean }>({ silent: true, timeout: LEGACY_DETECT_TIMEOUT_MS }).then(
        (legacy) => {
          if (stopped) return;
          if (legacy && !announced.has(legacy)) {
            announced.add(legacy);
            const name = legacy.isMetaMask ? 'MetaMask' : 'Browser wallet';
            found({ info: { uuid: 'window.ethereum', name, icon: '', rdns: 'window.ethereum' }, provider: legacy });
          }
          done();
        },
      );
      return () => {
        stopped = true;
        target.removeEventListener('eip6963:announceProvider', onAnnounce);
      };
    },
  };
}
