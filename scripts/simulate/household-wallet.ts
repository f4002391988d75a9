/**
 * What a household's wallet does to hand its trading to the agent service, as
 * the dApp's "Automatic trading" page will: authorize the agent on chain with
 * limits and a budget, sign a policy (EIP-712) and send it to the API, revoke.
 * `npm run simulate` plays every household's wallet with it; the system tests too.
 */
import { Contract, type Wallet } from 'ethers';

import type { AgentServiceInfo } from '../../src/app/agents/agent-api';
import {
  AGENT_POLICY_TYPES,
  type AgentPolicy,
  agentPolicyDomain,
  agentPolicyToJson,
} from '../../src/app/agents/agent-policy';

/** The contract's AgentLimits, in its units. */
export interface AgentLimits {
  readonly maxBuyPrice: bigint;
  readonly minSellPrice: bigint;
  readonly maxBoughtPerDayMilliWh: bigint;
  readonly maxSoldPerDayMilliWh: bigint;
  readonly maxSpentPerDayWei: bigint;
}

/** The policy the household signs: everything but the household, the agent and the nonce. */
export type PolicySettings = Omit<AgentPolicy, 'household' | 'agent' | 'nonce'>;

export async function agentServiceInfo(baseUrl: string): Promise<AgentServiceInfo> {
  const answer = await fetch(`${baseUrl}/api/agents`);
  if (!answer.ok) throw new Error(`GET /api/agents answered ${answer.status}: ${await answer.text()}`);
  return (await answer.json()) as AgentServiceInfo;
}

/** authorizeAgent(agent, limits) with `budgetWei` deposited, mined. */
export async function authorizeAgent(
  wallet: Wallet,
  marketplace: { address: string; abi: readonly unknown[] },
  agent: string,
  limits: AgentLimits,
  budgetWei: bigint,
  nonce?: number,
): Promise<number> {
  const market = new Contract(marketplace.address, marketplace.abi as never, wallet);
  const tx = await market['authorizeAgent'](agent, limits, { value: budgetWei, nonce });
  const receipt = await tx.wait();
  return receipt.blockNumber as number;
}

export async function revokeAgent(wallet: Wallet, marketplace: { address: string; abi: readonly unknown[] }): Promise<number> {
  const market = new Contract(marketplace.address, marketplace.abi as never, wallet);
  const receipt = await (await market['revokeAgent']()).wait();
  return receipt.blockNumber as number;
}

/** The policy, signed in the household's wallet as eth_signTypedData_v4 would sign it. */
export async function signPolicy(
  wallet: Wallet,
  chainId: number,
  marketplace: string,
  policy: AgentPolicy,
): Promise<{ policy: ReturnType<typeof agentPolicyToJson>; signature: string }> {
  const types = { AgentPolicy: AGENT_POLICY_TYPES.AgentPolicy.map((field) => ({ ...field })) };
  const signature = await wallet.signTypedData(agentPolicyDomain(chainId, marketplace), types, agentPolicyToJson(policy));
  return { policy: agentPolicyToJson(policy), signature };
}

/** PUT /api/agents/{household}/policy; resolves with the status and the answer's JSON. */
export async function putPolicy(baseUrl: string, household: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const answer = await fetch(`${baseUrl}/api/agents/${household}/policy`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: answer.status, body: await answer.json() };
}

/** Signs `settings` with the next nonce and sends it; throws unless it is accepted. */
export async function setPolicy(
  baseUrl: string,
  wallet: Wallet,
  info: Pick<AgentServiceInfo, 'agent' | 'chainId' | 'marketplace'>,
  settings: PolicySettings,
): Promise<AgentPolicy> {
  const view = await (await fetch(`${baseUrl}/api/agents/${wallet.address}`)).json();
  const policy: AgentPolicy = { ...settings, household: wallet.address, agent: info.agent, nonce: BigInt((view as { nextNonce: string }).nextNonce) };
  const answer = await putPolicy(baseUrl, wallet.address, await signPolicy(wallet, info.chainId, info.marketplace, policy));
  if (answer.status !== 200) throw new Error(`the policy was refused (${answer.status}): ${JSON.stringify(answer.body)}`);
  return policy;
}
