/**
 * An event listener as wallets call it. Each event has its own arguments
 * (accountsChanged: string[], chainChanged: hex string), so they are `any` here.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ProviderListener = (...args: any[]) => void;

/** The EIP-1193 provider every wallet exposes (MetaMask, EIP-6963 wallets, the dev accounts). */
export interface Eip1193Provider {
  request(args: { readonly method: string; readonly params?: readonly unknown[] | object }): Promise<unknown>;
  on?(event: string, listener: ProviderListener): unknown;
  removeListener?(event: string, listener: ProviderListener): unknown;
}

/** How a wallet describes itself (EIP-6963 `EIP6963ProviderInfo`). */
export interface WalletInfo {
  /** Stable per page load; identifies the wallet across announcements. */
  readonly uuid: string;
  readonly name: string;
  /** A data: URI image, shown next to the name. */
  readonly icon: string;
  /** Reverse DNS name ("io.metamask"): stable across page loads, so remembered between visits. */
  readonly rdns: string;
}

/** A wallet the page can talk to. */
export interface DiscoveredWallet {
  readonly info: WalletInfo;
  readonly provider: Eip1193Provider;
  /** One of the local chain's development accounts, signed by the app itself. */
  readonly development?: boolean;
}
