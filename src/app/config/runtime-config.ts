/**
 * The runtime configuration the dApp loads at start-up from `/config.json`.
 *
 * The main server composes it from what deployment wrote (`data/deployment.json`),
 * so one UI build serves any network: Ganache, a Hardhat node, Geth or Besu.
 * This file holds types only: the server scripts import it with `import type`.
 */
export interface RuntimeConfig {
  /**
   * `demo`: the development chain, whose ten public keys anyone can use; say "demo" where people
   * look, never real money. `community`: a real community's chain, with no development account.
   */
  readonly mode: 'demo' | 'community';
  /** EIP-155 chain id of the community chain (1337 on the local development chain). */
  readonly chainId: number;
  /** Name shown in the wallet when the app asks it to add the chain ("Community Energy (demo)" in the demo). */
  readonly chainName: string;
  /**
   * JSON-RPC endpoint of the main server's gateway. May be relative (`/rpc`):
   * resolve it against `location.origin` before handing it to a wallet.
   */
  readonly rpcUrl: string;
  /** WebSocket endpoint of the gateway for live subscriptions (chain and read model); relative like `rpcUrl`. */
  readonly wsUrl?: string;
  /**
   * The main server's read API (the indexed book, orders, trades, history and events: docs/system.md);
   * relative like `rpcUrl`. Absent: `/api` on this page's server.
   */
  readonly apiUrl?: string;
  /** True only on the local development chain (the demo): enables the labelled development accounts. */
  readonly devChain: boolean;
  /** The community's money: one coin of the chain (10^18 wei) is one unit of `symbol` (ETH in the demo). */
  readonly nativeCurrency: { readonly name: string; readonly symbol: string; readonly decimals: number };
  readonly marketplace: MarketplaceDeployment;
  /** The community: its name, and its contract (household names, top-ups, cash-outs, treasury figures). */
  readonly community: CommunityInfo;
  /**
   * Where this server serves the dApp over HTTPS, absolute (`https://<the host the page was loaded
   * from>:<port>`), when it has a certificate (a community; not the demo). Offer the in-app wallet there only.
   */
  readonly httpsUrl?: string;
  /** The community's certificate authority, for a phone to trust once (a path, `/ca.crt`); with `httpsUrl`. */
  readonly caCertificateUrl?: string;
  /** SHA-256 fingerprint of that certificate (colon-separated hex), to compare with the one `npm start` prints. */
  readonly caFingerprint?: string;
  /**
   * Energy nodes by account (checksummed address). The UI reads a node's live
   * figures through the main server's read-only proxy: `/api/nodes/{account}/status`
   * and `/api/nodes/{account}/trades/{tradeId}`.
   */
  readonly nodes: Readonly<Record<string, NodeInfo>>;
  /** The ten development accounts; present only when `devChain` is true. Never real money. */
  readonly devAccounts?: readonly DevAccount[];
}

export interface MarketplaceDeployment {
  readonly address: string;
  /** Block that holds the deployment: where event scans start. */
  readonly deployedOnBlock: number;
  /** The `EnergyMarketplace` ABI (JSON fragments), so no bytecode lands in the bundle. */
  readonly abi: readonly unknown[];
  /** The delivery service's meter operator, the only account that settles trades. */
  readonly operator: string;
  readonly settlementWindowSeconds: number;
}

export interface CommunityInfo {
  /** The community's name, as `init` gave it ("Demo community" in the demo). */
  readonly name: string;
  /** The currency symbol, the same as `nativeCurrency.symbol`, e.g. KES. */
  readonly currencySymbol: string;
  readonly contract: CommunityDeployment;
}

export interface CommunityDeployment {
  /** The `Community` contract (interface and NatSpec: contracts/ICommunity.sol). */
  readonly address: string;
  /** Block that holds the deployment: where event scans (ToppedUp, CashedOut, HouseholdAdded ...) start. */
  readonly deployedOnBlock: number;
  /** The `Community` ABI (JSON fragments). */
  readonly abi: readonly unknown[];
  /** Receives cash-outs and issues top-ups (in the demo: the meter operator). */
  readonly treasury: string;
  /** The meter operator, who keeps the directory with the treasury. */
  readonly operator: string;
}

export interface NodeInfo {
  /** A human name for the node, e.g. "House 3". */
  readonly label: string;
}

export interface DevAccount {
  readonly address: string;
  readonly privateKey: string;
}
