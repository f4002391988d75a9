/**
 * The agent service's HTTP API as the dApp reads it (served by the main server
 * under /api/agents; see docs/agents.md). Types and paths
 * only: framework-free, no ethers. Big numbers (wei, mWh) are decimal strings.
 */
import type { AgentPolicyJson } from './agent-policy';

export const AGENT_API_PATHS = {
  /** GET: the service: its agent address, the typed data to sign, the households it trades for. */
  info: '/api/agents',
  /** GET: one household's agent: policy, on-chain limits and use, battery, open orders, state. */
  household: (household: string) => `/api/agents/${household}`,
  /** PUT {policy, signature}: a policy signed in the household's wallet (eth_signTypedData_v4). */
  policy: (household: string) => `/api/agents/${household}/policy`,
  /** GET: what the agent did and why, newest first (`?limit=N&before=ID`). */
  activity: (household: string) => `/api/agents/${household}/activity`,
} as const;

/**
 * What the agent does for a household now:
 * - `active`: trading by its policy;
 * - `off`, `paused`: as the household's policy says;
 * - `no-policy`: no signed policy yet;
 * - `not-authorized`: the household has not authorized this agent on chain, or revoked it;
 * - `outside-hours`: outside the policy's hours;
 * - `no-reading`, `no-capacity`: its energy node does not answer (with a valid signature) or says no battery capacity.
 */
export type AgentState = 'active' | 'off' | 'paused' | 'no-policy' | 'not-authorized' | 'outside-hours' | 'no-reading' | 'no-capacity';

export interface AgentServiceInfo {
  /** The address a household authorizes with `authorizeAgent` (the agent service's key, one per community). */
  readonly agent: string;
  readonly chainId: number;
  readonly marketplace: string;
  /** The community's currency symbol (ETH in the demo). */
  readonly currency: string;
  /** Minutes of the community's clock per trading interval, and price steps in each. */
  readonly intervalMinutes: number;
  readonly stepsPerInterval: number;
  /** The community clock's speed-up (emulators); 1 for real nodes. */
  readonly timeScale: number;
  /** The community clock's time of day now, "HH:MM". */
  readonly timeOfDay: string;
  /** EIP-712 domain and types (the message is the policy: see agent-policy.ts). */
  readonly typedData: {
    readonly domain: { readonly name: string; readonly version: string; readonly chainId: number; readonly verifyingContract: string };
    readonly primaryType: string;
    readonly types: Readonly<Record<string, readonly { readonly name: string; readonly type: string }[]>>;
  };
  readonly households: readonly { readonly household: string; readonly name: string; readonly state: AgentState }[];
}

export interface AgentOnChain {
  /** The agent the household authorized (zero address: none). */
  readonly agent: string;
  /** True when that is this service's agent. */
  readonly authorized: boolean;
  readonly budgetWei: string;
  readonly maxBuyPrice: string;
  readonly minSellPrice: string;
  readonly maxBoughtPerDayMilliWh: string;
  readonly maxSoldPerDayMilliWh: string;
  readonly maxSpentPerDayWei: string;
  readonly boughtTodayMilliWh: string;
  readonly soldTodayMilliWh: string;
  readonly spentTodayWei: string;
}

export interface HouseholdAgentView {
  readonly household: string;
  /** From the Community directory ("" when not in it). */
  readonly name: string;
  readonly state: AgentState;
  /** The state in words ("you paused automatic trading"). */
  readonly stateText: string;
  readonly policy: AgentPolicyJson | null;
  readonly signature: string | null;
  /** The nonce the next policy must carry. */
  readonly nextNonce: string;
  readonly onChain: AgentOnChain | null;
  /** The node's last signed reading (null without a node, or before the first). */
  readonly battery: {
    readonly socPct: number;
    readonly capacityWh: number | null;
    readonly pvPowerW: number | null;
    readonly loadPowerW: number | null;
    readonly timeOfDay: string;
  } | null;
  /** The next interval's forecast surplus (+) or deficit (-), Wh. */
  readonly forecastNetWh: number | null;
  /** The household's open orders placed by an agent. */
  readonly openOrders: readonly { readonly orderId: number; readonly kind: 'offer' | 'request'; readonly remainingMilliWh: string; readonly unitPrice: string }[];
}

export type AgentActivityKind =
  | 'policy'
  | 'offered'
  | 'requested'
  | 'sold'
  | 'bought'
  | 'withdrew'
  | 'stopped'
  | 'resumed'
  | 'refused'
  | 'error';

export interface AgentActivityEntry {
  /** Increasing; page with `before`. */
  readonly id: number;
  readonly household: string;
  /** Unix ms. */
  readonly atMs: number;
  /** The community's time of day, "HH:MM". */
  readonly timeOfDay: string;
  readonly kind: AgentActivityKind;
  /** A sentence a person reads: "Sold 120 Wh to Amina at 22:00 for 0.024 ETH: battery at 91%, above your 60% reserve". */
  readonly text: string;
  readonly orderId?: number;
  readonly tradeId?: number;
  readonly transactionHash?: string;
  readonly quantityMilliWh?: string;
  readonly unitPrice?: string;
  readonly counterparty?: string;
}

export interface AgentActivityPage {
  readonly entries: readonly AgentActivityEntry[];
  /** Pass as `before` for older entries; null at the end. */
  readonly next: number | null;
}
