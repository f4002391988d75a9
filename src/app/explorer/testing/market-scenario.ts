/**
 * Test support: real trades on a real local chain, covering every
 * EnergyMarketplace event, for the explorer's specs to read back. Test-only.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { Contract, ContractFactory, type ContractTransactionResponse, type InterfaceAbi, type Signer } from 'ethers';

import type { LocalChain } from '../../../testing/local-chain';

/** 0.2 ETH/kWh in wei per mWh (1 ETH/kWh = 10^12 wei/mWh). */
export const PRICE_0_20 = 200_000_000_000n;
/** 0.3 ETH/kWh. */
export const PRICE_0_30 = 300_000_000_000n;
/** 0.25 ETH/kWh. */
export const PRICE_0_25 = 250_000_000_000n;
/** 1 ETH/kWh. */
export const PRICE_1_00 = 1_000_000_000_000n;

export const SETTLEMENT_WINDOW_SECONDS = 60;

export interface MarketScenario {
  readonly seller: string; // accounts[1]
  readonly buyer: string; // accounts[2]
  readonly requester: string; // accounts[3]
  readonly receiver: string; // a SwitchableReceiver contract owned by accounts[4]
  readonly receiverBuyer: string; // accounts[5]
  readonly openSeller: string; // accounts[6]
  readonly openBuyer: string; // accounts[7]
  readonly tx: {
    readonly createOffer: string; // offer #1: 2.5 kWh at 0.2 ETH/kWh by seller
    readonly buy: string; // trade #1: buyer buys 1 kWh of offer #1
    readonly createRequest: string; // request #2: 500 Wh at 0.3 ETH/kWh by requester
    readonly fill: string; // trade #2: seller sells 200 Wh into request #2
    readonly settle: string; // trade #1 settled on both meters: 1 kWh sent, 972 Wh received (within the 3% allowance)
    readonly cancelOffer: string; // offer #1 cancelled with 1.5 kWh left
    readonly cancelRequest: string; // request #2 cancelled with 300 Wh left
    readonly reclaim: string; // trade #2 reclaimed by requester after its deadline
    readonly receiverOffer: string; // offer #3: 1 Wh at 1 ETH/kWh by the receiver contract
    readonly receiverTrade: string; // trade #3: receiverBuyer buys all of offer #3
    readonly deferredSettle: string; // trade #3 settled; pushing to the refusing receiver fails
    readonly withdraw: string; // the receiver withdraws its credit
    readonly openOffer: string; // offer #4: 1 kWh at 0.25 ETH/kWh by openSeller, stays open
    readonly openTrade: string; // trade #4: openBuyer buys 100 Wh of offer #4, stays open
    readonly failedBuy: string; // buyer tries 1 Wh of cancelled offer #1: reverts
  };
}

async function mined(response: Promise<ContractTransactionResponse>): Promise<string> {
  const sent = await response;
  await sent.wait();
  return sent.hash;
}

function readArtifact(name: string): { abi: InterfaceAbi; bytecode: string } {
  const path = resolve(process.cwd(), `artifacts/contracts/test/${name}.sol/${name}.json`);
  return JSON.parse(readFileSync(path, 'utf8')) as { abi: InterfaceAbi; bytecode: string };
}

/** Plays the scenario above; start the chain with `settlementWindowSeconds: SETTLEMENT_WINDOW_SECONDS`. */
export async function playMarketScenario(chain: LocalChain): Promise<MarketScenario> {
  const [, seller, buyer, requester, receiverOwner, receiverBuyer, openSeller, openBuyer] = chain.accounts;
  const market = (signer = chain.accounts[0]) => chain.marketplace(signer);

  const createOffer = await mined(market(seller).createOffer(2_500_000n, PRICE_0_20));
  const buy = await mined(market(buyer).buy(1n, 1_000_000n, { value: 1_000_000n * PRICE_0_20 }));
  const createRequest = await mined(market(requester).createRequest(500_000n, PRICE_0_30, { value: 500_000n * PRICE_0_30 }));
  const fill = await mined(market(seller).fill(2n, 200_000n));
  const settle = await mined(market(chain.operator).settle({ tradeId: 1n, sentMilliWh: 1_000_000n, receivedMilliWh: 972_000n, buyerMetered: true }));
  const cancelOffer = await mined(market(seller).cancelOffer(1n));
  const cancelRequest = await mined(market(requester).cancelRequest(2n));
  await chain.increaseTime(SETTLEMENT_WINDOW_SECONDS + 1);
  const reclaim = await mined(market(requester).reclaim(2n));

  const artifact = readArtifact('SwitchableReceiver');
  const factory = new ContractFactory(artifact.abi, artifact.bytecode, receiverOwner);
  const deployed = await factory.deploy(chain.config.marketplace.address);
  await deployed.waitForDeployment();
  const receiverAddress = await deployed.getAddress();
  const receiver = new Contract(receiverAddress, artifact.abi, receiverOwner);
  await mined(receiver['setRefusing'](true));
  const receiverOffer = await mined(receiver['createOffer'](1_000n, PRICE_1_00));
  const receiverTrade = await mined(market(receiverBuyer).buy(3n, 1_000n, { value: 1_000n * PRICE_1_00 }));
  const deferredSettle = await mined(market(chain.operator).settle({ tradeId: 3n, sentMilliWh: 1_000n, receivedMilliWh: 0n, buyerMetered: false }));
  await mined(receiver['setRefusing'](false));
  const withdraw = await mined(receiver['withdraw']());

  const openOffer = await mined(market(openSeller).createOffer(1_000_000n, PRICE_0_25));
  const openTrade = await mined(market(openBuyer).buy(4n, 100_000n, { value: 100_000n * PRICE_0_25 }));

  // An explicit gas limit skips estimation, so the reverting call is mined (status 0) as a wallet could send it.
  const failed = await market(buyer).buy(1n, 1_000n, { value: 1_000n * PRICE_0_20, gasLimit: 300_000n });
  await failed.wait().catch(() => undefined);

  return {
    seller: seller.address,
    buyer: buyer.address,
    requester: requester.address,
    receiver: receiverAddress,
    receiverBuyer: receiverBuyer.address,
    openSeller: openSeller.address,
    openBuyer: openBuyer.address,
    tx: {
      createOffer,
      buy,
      createRequest,
      fill,
      settle,
      cancelOffer,
      cancelRequest,
      reclaim,
      receiverOffer,
      receiverTrade,
      deferredSettle,
      withdraw,
      openOffer,
      openTrade,
      failedBuy: failed.hash,
    },
  };
}

/** An agent's limits in the agent scenario: pays at most 0.30, sells at 0.20 or more, 2 kWh bought, 3 kWh sold, ETH 0.50 spent a day. */
export const AGENT_LIMITS = {
  maxBuyPrice: PRICE_0_30,
  minSellPrice: PRICE_0_20,
  maxBoughtPerDayMilliWh: 2_000_000n,
  maxSoldPerDayMilliWh: 3_000_000n,
  maxSpentPerDayWei: 500_000_000_000_000_000n,
} as const;

export interface AgentScenario {
  readonly household: string; // accounts[8]
  readonly agent: string; // accounts[9]
  readonly tx: {
    readonly authorize: string; // household authorizes agent with AGENT_LIMITS
    readonly deposit: string; // household deposits ETH 0.50 in the agent's budget
    readonly agentOffer: string; // offer #5: the agent offers 1 kWh at 0.25 ETH/kWh for household
    readonly agentBuy: string; // trade #5: the agent buys 100 Wh of offer #4 for household, ETH 0.025 from its budget
    readonly withdraw: string; // household takes ETH 0.20 back (ETH 0.275 remains)
    readonly revoke: string; // household revokes the agent
  };
}

/** Plays an agent's life after `playMarketScenario` (offer #4 must be open): every agent event, once. */
export async function playAgentScenario(chain: LocalChain): Promise<AgentScenario> {
  const [household, agent] = [chain.accounts[8], chain.accounts[9]];
  const market = (signer: Signer) => chain.marketplace(signer);
  const authorize = await mined(market(household).authorizeAgent(agent.address, AGENT_LIMITS));
  const deposit = await mined(market(household).depositAgentBudget({ value: 500_000_000_000_000_000n }));
  const agentOffer = await mined(market(agent).agentCreateOffer(household.address, 1_000_000n, PRICE_0_25));
  const agentBuy = await mined(market(agent).agentBuy(household.address, 4n, 100_000n));
  const withdraw = await mined(market(household).withdrawAgentBudget(200_000_000_000_000_000n));
  const revoke = await mined(market(household).revokeAgent());
  return { household: household.address, agent: agent.address, tx: { authorize, deposit, agentOffer, agentBuy, withdraw, revoke } };
}
