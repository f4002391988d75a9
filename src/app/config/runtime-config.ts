/**
 * The runtime configuration the dApp loads at start-up from `/config.json`.
 *
 * The main server composes it from what deployment wrote (`data/deployment.json`),
 * so one UI build serves any network: Ganache, a Hardhat node, Geth or Besu.
 * This file holds types only: the server scripts import it with `import type`.
 */
export interface RuntimeConfig {
  /** EIP-155 chain id of the community chain (1337 on the local development chain). */
  readonly chainId: number;
  /** Name shown in the wallet when the app asks it to add the chain. */
  readonly chainName: string;
  /**
   * JSON-RPC endpoint of the main server's gateway. May be relative (`/rpc`):
   * resolve it against `location.origin` before handing it to a wallet.
   */
  readonly rpcUrl: string;
  /** WebSocket endpoint of the gateway for live subscriptions; relative like `rpcUrl`. */
  readonly wsUrl?: string;
  /** True only on the local development chain: enables the labelled development accounts. */
  readonly devChain: boolean;
  readonly nativeCurrency: { readonly name: string; readonly symbol: string; readonly decimals: number };
  readonly marketplace: MarketplaceDeployment;
  /**
   * Energy nodes by account (checksummed address). The UI reads a node's live
   * figures through the main server's read-only proxy: `/api/nodes/{account}/status`
   * and `/api/nodes/{account}/trades/{tradeId}`.
   */
  readonly nodes: Readonly<Record<string, NodeInfo>>;
  /** The ten development accounts; present only when `devChain` is true. Never real money. */
  readonly devAccounts?: readonly DevAccount[];
  /**
   * A real community (`npm run community -- init`): its name, its directory of
   * households and its money. Absent in the demo.
   */
  readonly community?: CommunityDeployment;
  /** The dApp's HTTPS address, where the wallet in the app is offered (absent when none is served). */
  readonly httpsUrl?: string;
}

export interface CommunityDeployment {
  /** The community's name, shown in the header and offered to wallets as the network's name. */
  readonly name: string;
  /** The `Community` contract: household directory, top-ups and cash-outs. */
  readonly address: string;
  readonly deployedOnBlock: number;
  readonly abi: readonly unknown[];
  /** The account that issues the money and receives cash-outs. */
  readonly treasury: string;
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

export interface NodeInfo {
  /** A human name for the node, e.g. "House 3". */
  readonly label: string;
}

export interface DevAccount {
  readonly address: string;
  readonly privateKey: string;
}
