/**
 * A household's automatic-trading policy, signed in its wallet as EIP-712
 * typed data: the one definition the dApp (to sign) and the agent service (to
 * verify) share. Framework-free: no Angular, no ethers, no Node built-ins.
 *
 * The policy says what the agent service should do for the household; the
 * limits the household set on chain (`authorizeAgent`) bound what it can do,
 * even if the server is compromised. The service applies the tighter of the two.
 *
 * Replay protection: `nonce` must be above the last policy the service accepted
 * for the household (the dApp signs the current nonce + 1); the domain carries
 * the chain id and the marketplace, and the message names the agent, so a
 * policy signed for another chain, market or server is refused.
 *
 * Units as on chain: energy in mWh, prices in wei per mWh, money in wei.
 */

/** EIP-712 domain name and version: change the version when the message's fields change. */
export const AGENT_POLICY_DOMAIN_NAME = 'Community Energy automatic trading';
export const AGENT_POLICY_DOMAIN_VERSION = '1';
export const AGENT_POLICY_PRIMARY_TYPE = 'AgentPolicy';

/** The message's fields, in signing order (the EIP-712 type string follows this order). */
export const AGENT_POLICY_TYPES = {
  AgentPolicy: [
    { name: 'household', type: 'address' },
    { name: 'agent', type: 'address' },
    { name: 'nonce', type: 'uint64' },
    { name: 'enabled', type: 'bool' },
    { name: 'paused', type: 'bool' },
    { name: 'sellReserveSocPct', type: 'uint8' },
    { name: 'sellFloorPrice', type: 'uint256' },
    { name: 'buyBelowSocPct', type: 'uint8' },
    { name: 'buyTargetSocPct', type: 'uint8' },
    { name: 'buyCeilingPrice', type: 'uint256' },
    { name: 'maxSoldPerDayMilliWh', type: 'uint256' },
    { name: 'maxBoughtPerDayMilliWh', type: 'uint256' },
    { name: 'maxSpentPerDayWei', type: 'uint256' },
    { name: 'activeFromHour', type: 'uint8' },
    { name: 'activeToHour', type: 'uint8' },
  ],
} as const;

const EIP712_DOMAIN_TYPE = [
  { name: 'name', type: 'string' },
  { name: 'version', type: 'string' },
  { name: 'chainId', type: 'uint256' },
  { name: 'verifyingContract', type: 'address' },
] as const;

/** The contract's bounds (IEnergyMarketplaceViews / IEnergyMarketplaceAgents). */
export const MAX_UNIT_PRICE = 2n ** 56n - 1n;
export const MAX_QUANTITY_MILLIWH = 2n ** 32n - 1n;
export const MAX_AGENT_SPEND_PER_DAY = 2n ** 80n - 1n;

export interface AgentPolicy {
  /** The household the policy is for: only its wallet's signature is accepted. */
  readonly household: string;
  /** The agent service's address (GET /api/agents): a policy for another server is refused. */
  readonly agent: string;
  /** Above the last accepted one (the dApp signs the current nonce + 1). */
  readonly nonce: bigint;
  /** On or off. */
  readonly enabled: boolean;
  /** A pause: nothing new is done and open orders are withdrawn at once, until a policy unpauses. */
  readonly paused: boolean;
  /** Never sells below this state of charge, %. */
  readonly sellReserveSocPct: number;
  /** Never sells below this unit price, wei per mWh. */
  readonly sellFloorPrice: bigint;
  /** Buys when the state of charge is (or is forecast to be) below this, %... */
  readonly buyBelowSocPct: number;
  /** ...up to this state of charge, %. */
  readonly buyTargetSocPct: number;
  /** Never pays above this unit price, wei per mWh. */
  readonly buyCeilingPrice: bigint;
  /** Daily caps (a day is the chain's UTC day, as the contract counts it). */
  readonly maxSoldPerDayMilliWh: bigint;
  readonly maxBoughtPerDayMilliWh: bigint;
  readonly maxSpentPerDayWei: bigint;
  /** Hours of the day it trades, [from, to) in the community's local time; from = to: all day; from > to wraps past midnight. */
  readonly activeFromHour: number;
  readonly activeToHour: number;
}

/** A policy as JSON carries it: big numbers as decimal strings. */
export type AgentPolicyJson = {
  readonly [K in keyof AgentPolicy]: AgentPolicy[K] extends bigint ? string : AgentPolicy[K];
};

/** What the dApp sends: PUT /api/agents/{household}/policy. */
export interface SignedAgentPolicyJson {
  readonly policy: AgentPolicyJson;
  /** The wallet's eth_signTypedData_v4 signature (65 bytes, hex). */
  readonly signature: string;
}

export interface AgentPolicyDomain {
  readonly name: string;
  readonly version: string;
  readonly chainId: number;
  readonly verifyingContract: string;
}

export function agentPolicyDomain(chainId: number, marketplace: string): AgentPolicyDomain {
  return { name: AGENT_POLICY_DOMAIN_NAME, version: AGENT_POLICY_DOMAIN_VERSION, chainId, verifyingContract: marketplace };
}

/**
 * The request for `eth_signTypedData_v4` (MetaMask and every EIP-1193 wallet):
 * `provider.request({ method: 'eth_signTypedData_v4', params: [household, JSON.stringify(agentPolicyTypedData(...))] })`.
 */
export function agentPolicyTypedData(chainId: number, marketplace: string, policy: AgentPolicy) {
  return {
    types: { EIP712Domain: EIP712_DOMAIN_TYPE, ...AGENT_POLICY_TYPES },
    domain: agentPolicyDomain(chainId, marketplace),
    primaryType: AGENT_POLICY_PRIMARY_TYPE,
    message: agentPolicyToJson(policy),
  };
}

/** A policy that does nothing yet: the dApp's starting form. Prices and caps are the household's to choose. */
export function defaultAgentPolicy(household: string, agent: string, nonce: bigint): AgentPolicy {
  return {
    household,
    agent,
    nonce,
    enabled: false,
    paused: false,
    sellReserveSocPct: 60,
    sellFloorPrice: 0n,
    buyBelowSocPct: 30,
    buyTargetSocPct: 50,
    buyCeilingPrice: 0n,
    maxSoldPerDayMilliWh: 0n,
    maxBoughtPerDayMilliWh: 0n,
    maxSpentPerDayWei: 0n,
    activeFromHour: 0,
    activeToHour: 0,
  };
}

export function agentPolicyToJson(policy: AgentPolicy): AgentPolicyJson {
  return {
    ...policy,
    nonce: policy.nonce.toString(),
    sellFloorPrice: policy.sellFloorPrice.toString(),
    buyCeilingPrice: policy.buyCeilingPrice.toString(),
    maxSoldPerDayMilliWh: policy.maxSoldPerDayMilliWh.toString(),
    maxBoughtPerDayMilliWh: policy.maxBoughtPerDayMilliWh.toString(),
    maxSpentPerDayWei: policy.maxSpentPerDayWei.toString(),
  };
}

/** A problem with a policy's content, in words a person reads, naming the field. */
export class AgentPolicyError extends Error {
  override readonly name = 'AgentPolicyError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const FIELDS = AGENT_POLICY_TYPES.AgentPolicy.map((field) => field.name);

/**
 * Reads a policy from parsed JSON and checks every field's range and their
 * consistency; throws AgentPolicyError. Does not check the signature.
 */
export function parseAgentPolicy(value: unknown): AgentPolicy {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AgentPolicyError('policy', 'the policy must be a JSON object');
  const object = value as Record<string, unknown>;
  const unknown = Object.keys(object).filter((key) => !(FIELDS as readonly string[]).includes(key));
  if (unknown.length) throw new AgentPolicyError(unknown[0], `unknown field "${unknown[0]}"`);
  const policy: AgentPolicy = {
    household: address(object, 'household'),
    agent: address(object, 'agent'),
    nonce: whole(object, 'nonce', 1n, 2n ** 64n - 1n),
    enabled: flag(object, 'enabled'),
    paused: flag(object, 'paused'),
    sellReserveSocPct: percent(object, 'sellReserveSocPct'),
    sellFloorPrice: whole(object, 'sellFloorPrice', 0n, MAX_UNIT_PRICE),
    buyBelowSocPct: percent(object, 'buyBelowSocPct'),
    buyTargetSocPct: percent(object, 'buyTargetSocPct'),
    buyCeilingPrice: whole(object, 'buyCeilingPrice', 0n, MAX_UNIT_PRICE),
    maxSoldPerDayMilliWh: whole(object, 'maxSoldPerDayMilliWh', 0n, MAX_QUANTITY_MILLIWH),
    maxBoughtPerDayMilliWh: whole(object, 'maxBoughtPerDayMilliWh', 0n, MAX_QUANTITY_MILLIWH),
    maxSpentPerDayWei: whole(object, 'maxSpentPerDayWei', 0n, MAX_AGENT_SPEND_PER_DAY),
    activeFromHour: hour(object, 'activeFromHour'),
    activeToHour: hour(object, 'activeToHour'),
  };
  if (policy.buyBelowSocPct > policy.buyTargetSocPct) {
    throw new AgentPolicyError('buyTargetSocPct', `the buying target (${policy.buyTargetSocPct}%) must be at or above the level it buys below (${policy.buyBelowSocPct}%)`);
  }
  // Otherwise the agent would sell, above the reserve, the energy it has just bought up to the target.
  if (policy.buyTargetSocPct > policy.sellReserveSocPct) {
    throw new AgentPolicyError('sellReserveSocPct', `the selling reserve (${policy.sellReserveSocPct}%) must be at or above the buying target (${policy.buyTargetSocPct}%), or the agent would sell what it just bought`);
  }
  if (policy.sellFloorPrice === 0n && policy.maxSoldPerDayMilliWh > 0n) {
    throw new AgentPolicyError('sellFloorPrice', 'set a lowest selling price above 0 (or a daily selling cap of 0 to never sell)');
  }
  return policy;
}

/** Whether `hourOfDay` (0 to 24, fractional) falls in the policy's hours. */
export function isWithinActiveHours(policy: Pick<AgentPolicy, 'activeFromHour' | 'activeToHour'>, hourOfDay: number): boolean {
  const { activeFromHour: from, activeToHour: to } = policy;
  if (from === to) return true;
  return from < to ? hourOfDay >= from && hourOfDay < to : hourOfDay >= from || hourOfDay < to;
}

function address(object: Record<string, unknown>, key: string): string {
  const value = object[key];
  if (typeof value !== 'string' || !ADDRESS.test(value)) throw new AgentPolicyError(key, `"${key}" must be an address (0x and 40 hex digits)`);
  return value;
}

function flag(object: Record<string, unknown>, key: string): boolean {
  const value = object[key];
  if (typeof value !== 'boolean') throw new AgentPolicyError(key, `"${key}" must be true or false`);
  return value;
}

function percent(object: Record<string, unknown>, key: string): number {
  const value = object[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 100) {
    throw new AgentPolicyError(key, `"${key}" must be a whole percentage from 0 to 100`);
  }
  return value;
}

function hour(object: Record<string, unknown>, key: string): number {
  const value = object[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 23) {
    throw new AgentPolicyError(key, `"${key}" must be a whole hour from 0 to 23`);
  }
  return value;
}

/** A whole number as a decimal string (or a safe JSON integer), within [min, max]. */
function whole(object: Record<string, unknown>, key: string, min: bigint, max: bigint): bigint {
  const value = object[key];
  let parsed: bigint | undefined;
  if (typeof value === 'string' && /^(0|[1-9][0-9]{0,77})$/.test(value)) parsed = BigInt(value);
  else if (typeof value === 'number' && Number.isSafeInteger(value)) parsed = BigInt(value);
  if (parsed === undefined) throw new AgentPolicyError(key, `"${key}" must be a whole number written as a decimal string`);
  if (parsed < min || parsed > max) throw new AgentPolicyError(key, `"${key}" must be from ${min} to ${max}, not ${parsed}`);
  return parsed;
}
