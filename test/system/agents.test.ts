/**
 * Automatic trading end to end: three households on real node emulators hand
 * their trading to the agent service (authorized on chain with limits, a
 * policy signed in their wallets and sent through the main server), and the
 * agents trade, the delivery service delivers and settles, within every limit.
 * A policy not signed by its household is refused; a restart of the agent
 * service mid-interval repeats nothing; a pause and a revocation stop it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import type { EventLog, Wallet } from 'ethers';

import type { AgentActivityEntry, AgentActivityPage, AgentServiceInfo, HouseholdAgentView } from '../../src/app/agents/agent-api';
import { type AgentPolicy, MAX_UNIT_PRICE } from '../../src/app/agents/agent-policy';
import type { SentTransaction } from '../../scripts/agents/agent-journal';
import {
  type AgentLimits,
  type PolicySettings,
  agentServiceInfo,
  authorizeAgent,
  putPolicy,
  revokeAgent,
  setPolicy,
  signPolicy,
} from '../../scripts/simulate/household-wallet';
import { TestSystem } from '../support/system/test-system';
import { waitFor } from '../support/wait-for';

const TIME_SCALE = 60;
/** 15-minute intervals of 3 steps: 15 s and 5 s of real time at this scale. */
const INTERVAL_MINUTES = 15;
const STEPS = 3;
const STEP_MS = (INTERVAL_MINUTES * 60_000) / STEPS;
const LINE_WATTS = 120;
const FLOOR = 100_000_000_000n; // 0.10 per kWh
const CEILING = 300_000_000_000n; // 0.30 per kWh

const SELLER: PolicySettings = {
  enabled: true,
  paused: false,
  sellReserveSocPct: 60,
  sellFloorPrice: FLOOR,
  buyBelowSocPct: 0,
  buyTargetSocPct: 0,
  buyCeilingPrice: 0n,
  maxSoldPerDayMilliWh: 200_000n,
  maxBoughtPerDayMilliWh: 0n,
  maxSpentPerDayWei: 0n,
  activeFromHour: 0,
  activeToHour: 0,
};
const BUYER: PolicySettings = {
  ...SELLER,
  sellReserveSocPct: 100,
  sellFloorPrice: 0n,
  maxSoldPerDayMilliWh: 0n,
  buyBelowSocPct: 50,
  buyTargetSocPct: 60,
  buyCeilingPrice: CEILING,
  maxBoughtPerDayMilliWh: 200_000n,
  maxSpentPerDayWei: 10n ** 17n,
};
const SELLER_LIMITS: AgentLimits = {
  maxBuyPrice: 0n,
  minSellPrice: 50_000_000_000n,
  maxBoughtPerDayMilliWh: 0n,
  maxSoldPerDayMilliWh: 500_000n,
  maxSpentPerDayWei: 0n,
};
const BUYER_LIMITS: AgentLimits = {
  maxBuyPrice: 400_000_000_000n,
  minSellPrice: MAX_UNIT_PRICE,
  maxBoughtPerDayMilliWh: 500_000n,
  maxSoldPerDayMilliWh: 0n,
  maxSpentPerDayWei: 10n ** 18n,
};

interface AgentAction {
  readonly hash: string;
  readonly household: string;
  readonly blockNumber: number;
  readonly timestampMs: number;
}

describe('automatic trading', () => {
  let system: TestSystem;
  let info: AgentServiceInfo;
  let epochMs: number;
  let households: Wallet[];

  before(async () => {
    // A whole second, so step boundaries fall on whole seconds of block time.
    epochMs = Math.ceil(Date.now() / 1000) * 1000;
    system = await TestSystem.start({
      nodes: 3,
      timeScale: TIME_SCALE,
      server: true,
      // Household 1 sells from a full battery; 2 and 3 buy for theirs at 20%. No sun, no load: only trades move energy.
      nodeOptions: (i) => ({ epochMs, startHour: 12, batteryWh: 200, initialSocPct: i === 0 ? 95 : 20, loadWatts: LINE_WATTS }),
      agents: {
        intervalMinutes: INTERVAL_MINUTES,
        stepsPerInterval: STEPS,
        sampleMinutes: 2,
        deliveryPowerW: LINE_WATTS,
        minOrderWh: 2,
        clock: { epochMs, timeScale: TIME_SCALE, startHour: 12 },
      },
    });
    households = [0, 1, 2].map((i) => system.wallet(i));
    info = await agentServiceInfo(system.baseUrl);
    const market = { address: system.deployment.address, abi: system.deployment.abi };
    await authorizeAgent(households[0], market, info.agent, SELLER_LIMITS, 0n);
    for (const buyer of households.slice(1)) await authorizeAgent(buyer, market, info.agent, BUYER_LIMITS, 10n ** 17n);
    await setPolicy(system.baseUrl, households[0], info, SELLER);
    for (const buyer of households.slice(1)) await setPolicy(system.baseUrl, buyer, info, BUYER);
  });
  after(() => system?.stop());

  it('trades surplus to the households that need it, delivers and settles it, within every limit, and says why', async () => {
    const market = system.marketplace();
    const settled = await waitFor(
      async () => {
        const trades = await agentTrades();
        const settlements = (await market.queryFilter(market.filters.TradeSettled(), 0, 'latest')) as EventLog[];
        const done = settlements.filter((event) => trades.has(Number(event.args.tradeId)));
        return done.length >= 2 && done;
      },
      { what: 'two agent trades settled', timeoutMs: 180_000, intervalMs: 500 },
    );
    const opened = await agentTrades();
    for (const event of settled) assert.ok(event.args.deliveredMilliWh > 0n, `trade #${event.args.tradeId} delivered something`);
    for (const trade of opened.values()) {
      assert.equal(trade.seller, households[0].address, 'the household above its reserve sells');
      assert.notEqual(trade.buyer, trade.seller);
      assert.ok([households[1].address, households[2].address].includes(trade.buyer));
      const unitPrice = trade.amountWei / trade.quantityMilliWh;
      assert.ok(unitPrice >= FLOOR && unitPrice <= CEILING, `trade #${trade.tradeId} at ${unitPrice} wei/mWh: within floor and ceiling`);
    }
    // Today's use on chain stays within the signed policies' caps.
    const seller = await view(households[0].address);
    assert.ok(BigInt(seller.onChain!.soldTodayMilliWh) <= SELLER.maxSoldPerDayMilliWh);
    for (const buyer of households.slice(1)) {
      const agent = (await view(buyer.address)).onChain!;
      assert.ok(BigInt(agent.boughtTodayMilliWh) <= BUYER.maxBoughtPerDayMilliWh);
      assert.ok(BigInt(agent.spentTodayWei) <= BUYER.maxSpentPerDayWei);
    }
    // The seller's node sent the energy it sold.
    const status = (await (await fetch(`${system.nodes[0].entry.url}/api/status`)).json()) as { energyExportedMilliWh: number };
    assert.ok(status.energyExportedMilliWh > 0);

    // The activity log says what the agent did and why, in words.
    const sold = (await activity(households[0].address)).filter((entry) => entry.kind === 'sold');
    assert.ok(sold.length > 0);
    assert.match(sold[0].text, /^Sold [\d.]+ Wh to Demo household [23] at \d\d:\d\d for [\d.]+ ETH \([\d.]+ ETH\/kWh\): battery at \d+%.*above your 60% reserve/);
    const bought = (await activity(sold[0].counterparty!)).filter((entry) => entry.kind === 'bought');
    assert.match(bought[0].text, /^Bought [\d.]+ Wh from Demo household 1 at \d\d:\d\d for .*: battery at \d+%.*below your 50%; buying up to your 60% target/);
    assert.equal(bought[0].tradeId, sold.find((entry) => entry.tradeId === bought[0].tradeId)?.tradeId);
  });

  it('refuses a policy not signed by its household, altered after signing, replayed, or malformed, and keeps the one it has', async () => {
    const [seller, other] = households;
    const before = await view(seller.address);
    const policy: AgentPolicy = { ...SELLER, household: seller.address, agent: info.agent, nonce: BigInt(before.nextNonce), maxSoldPerDayMilliWh: 999_000n };
    const byOther = await signPolicy(other, info.chainId, info.marketplace, policy);
    assert.deepEqual(await putPolicy(system.baseUrl, seller.address, byOther), {
      status: 401,
      body: { error: `the policy is not signed by ${seller.address}: sign it in that household's wallet` },
    });
    const signed = await signPolicy(seller, info.chainId, info.marketplace, policy);
    const altered = { ...signed, policy: { ...signed.policy, sellFloorPrice: '1' } };
    assert.equal((await putPolicy(system.baseUrl, seller.address, altered)).status, 401);
    const otherChain = await signPolicy(seller, info.chainId + 1, info.marketplace, policy);
    assert.equal((await putPolicy(system.baseUrl, seller.address, otherChain)).status, 401);
    const forgedSignature = { ...signed, signature: '0x' + '11'.repeat(65) };
    assert.equal((await putPolicy(system.baseUrl, seller.address, forgedSignature)).status, 401);
    const replayed = await signPolicy(seller, info.chainId, info.marketplace, { ...policy, nonce: 1n });
    const replay = await putPolicy(system.baseUrl, seller.address, replayed);
    assert.equal(replay.status, 409);
    assert.match((replay.body as { error: string }).error, /nonce 1 was already used: sign the policy with nonce \d+ or above/);
    const elsewhere = await signPolicy(seller, info.chainId, info.marketplace, { ...policy, agent: other.address });
    assert.equal((await putPolicy(system.baseUrl, seller.address, elsewhere)).status, 400);
    assert.equal((await putPolicy(system.baseUrl, seller.address, { policy: { ...signed.policy, sellReserveSocPct: 150 }, signature: signed.signature })).status, 400);
    assert.equal((await putPolicy(system.baseUrl, other.address, signed)).status, 400, 'a policy sent for another household');
    const text = await fetch(`${system.baseUrl}/api/agents/${seller.address}/policy`, { method: 'PUT', headers: { 'Content-Type': 'text/plain' }, body: 'x' });
    assert.equal(text.status, 415);
    const after = await view(seller.address);
    assert.deepEqual([after.policy, after.signature, after.nextNonce], [before.policy, before.signature, before.nextNonce], 'nothing changed');
  });

  it('after a restart mid-interval repeats nothing it did: one order per household and step, no transaction refused', async () => {
    // Kill it right after it acted in an interval, and start it again at once.
    const before = await agentActions();
    await waitFor(async () => (await agentActions()).length > before.length, { what: 'a new agent action', timeoutMs: 60_000, intervalMs: 100 });
    await system.killAgents();
    const killedAtMs = Date.now();
    await system.startAgents();
    // Until the restarted service has done a whole interval after the one it was killed in.
    const killedInterval = intervalOf(killedAtMs);
    await waitFor(() => journalStep(households[0].address).interval > killedInterval, { what: 'an interval done after the restart', timeoutMs: 90_000, intervalMs: 250 });

    // Each order on chain, by the step the journal (written before a transaction goes out) says it was sent for.
    const actions = await agentActions();
    const sent = journal().sent;
    const seen = new Map<string, string>();
    for (const action of actions) {
      const step = sent[action.hash];
      assert.ok(step, `order ${action.hash} on chain is in the journal`);
      assert.equal(step.household.toLowerCase(), action.household.toLowerCase());
      const key = `${action.household} ${step.interval}.${step.step}`;
      assert.ok(!seen.has(key), `two orders for ${action.household} in step ${step.interval}.${step.step}: ${seen.get(key)} and ${action.hash}`);
      seen.set(key, action.hash);
    }
    assert.deepEqual(await revertedAgentTransactions(), [], 'no cancel or order was sent twice (a second one would be refused)');
  });

  it('a pause withdraws the household\'s orders and stops it; a revocation stops it at once, from the next block', async () => {
    const [, pausing, revoking] = households;
    await setPolicy(system.baseUrl, pausing, info, { ...BUYER, paused: true });
    const pausedAtBlock = await system.provider.getBlockNumber();
    const revokedInBlock = await revokeAgent(revoking, { address: system.deployment.address, abi: system.deployment.abi });
    const stoppedAtMs = Date.now();
    // A whole interval and more of the agent's work afterwards.
    await waitFor(() => journalStep(households[0].address).interval > intervalOf(stoppedAtMs) + 1, { what: 'more intervals done', timeoutMs: 90_000, intervalMs: 250 });

    const actions = await agentActions();
    assert.deepEqual(actions.filter((a) => a.household === pausing.address && a.blockNumber > pausedAtBlock), [], 'nothing for the paused household');
    assert.deepEqual(actions.filter((a) => a.household === revoking.address && a.blockNumber > revokedInBlock), [], 'nothing for the household that revoked');
    assert.deepEqual((await view(pausing.address)).openOrders, [], "the paused household's orders were withdrawn");
    assert.equal((await view(pausing.address)).state, 'paused');
    assert.equal((await view(revoking.address)).state, 'not-authorized');
    assert.ok((await activity(pausing.address)).some((entry) => entry.kind === 'stopped' && /you paused automatic trading/.test(entry.text)));
    assert.ok((await activity(revoking.address)).some((entry) => entry.kind === 'stopped' && entry.text.includes(`you revoked the agent in block ${revokedInBlock}`)));
    // A call the agent sent for the revoking household as the revocation was mined is refused by the
    // contract (that is the revocation at work); nothing else may be refused.
    const refused = await revertedAgentTransactions();
    const market = system.marketplace();
    for (const hash of refused) {
      const tx = (await system.provider.getTransaction(hash))!;
      const call = market.interface.parseTransaction({ data: tx.data })!;
      assert.equal(call.args.getValue('household'), revoking.address, `refused ${call.name} ${hash} was for the household that revoked`);
      assert.ok(tx.blockNumber! > revokedInBlock, `refused ${call.name} ${hash} was mined after the revocation`);
    }
  });

  // ------------------------------------------------------------------ helpers

  async function view(household: string): Promise<HouseholdAgentView> {
    return (await (await fetch(`${system.baseUrl}/api/agents/${household}`)).json()) as HouseholdAgentView;
  }

  async function activity(household: string): Promise<AgentActivityEntry[]> {
    const page = (await (await fetch(`${system.baseUrl}/api/agents/${household}/activity?limit=500`)).json()) as AgentActivityPage;
    return [...page.entries].reverse();
  }

  /** Trades the agent opened or whose order it placed, by id. */
  async function agentTrades() {
    const market = system.marketplace();
    const byAgent = (await market.queryFilter(market.filters.TradeOpenedByAgent(), 0, 'latest')) as EventLog[];
    const placed = new Set(((await market.queryFilter(market.filters.OrderPlacedByAgent(), 0, 'latest')) as EventLog[]).map((e) => Number(e.args.orderId)));
    const opened = (await market.queryFilter(market.filters.TradeOpened(), 0, 'latest')) as EventLog[];
    const ids = new Set(byAgent.map((e) => Number(e.args.tradeId)));
    const trades = new Map<number, { tradeId: number; buyer: string; seller: string; quantityMilliWh: bigint; amountWei: bigint }>();
    for (const event of opened) {
      const tradeId = Number(event.args.tradeId);
      if (!ids.has(tradeId) && !placed.has(Number(event.args.orderId))) continue;
      trades.set(tradeId, { tradeId, buyer: event.args.buyer, seller: event.args.seller, quantityMilliWh: event.args.quantityMilliWh, amountWei: event.args.amountWei });
    }
    return trades;
  }

  /** Every order the agent placed (a crossing order's transaction, whether it took or rested), oldest first. */
  async function agentActions(): Promise<AgentAction[]> {
    const market = system.marketplace();
    const events = [
      ...((await market.queryFilter(market.filters.OrderPlacedByAgent(), 0, 'latest')) as EventLog[]),
      ...((await market.queryFilter(market.filters.TradeOpenedByAgent(), 0, 'latest')) as EventLog[]),
    ];
    const byHash = new Map<string, AgentAction>();
    for (const event of events) {
      if (byHash.has(event.transactionHash)) continue;
      const block = await system.provider.getBlock(event.blockNumber);
      byHash.set(event.transactionHash, { hash: event.transactionHash, household: event.args.household, blockNumber: event.blockNumber, timestampMs: block!.timestamp * 1000 });
    }
    return [...byHash.values()].sort((a, b) => a.blockNumber - b.blockNumber);
  }

  /** Transactions from the agent's key that the contract refused. */
  async function revertedAgentTransactions(): Promise<string[]> {
    const reverted: string[] = [];
    const head = await system.provider.getBlockNumber();
    for (let number = system.deployment.deployedOnBlock; number <= head; number++) {
      const block = await system.provider.getBlock(number, true);
      for (const tx of block!.prefetchedTransactions) {
        if (tx.from.toLowerCase() !== info.agent.toLowerCase()) continue;
        const receipt = await system.provider.getTransactionReceipt(tx.hash);
        if (receipt!.status !== 1) reverted.push(tx.hash);
      }
    }
    return reverted;
  }

  function intervalOf(realMs: number): number {
    return Math.floor(((realMs - epochMs) * TIME_SCALE) / (STEP_MS * STEPS));
  }

  function journal(): { stepsDone: Record<string, { interval: number; step: number }>; sent: Record<string, SentTransaction> } {
    return JSON.parse(readFileSync(join(system.paths.agentsDir, 'journal.json'), 'utf8'));
  }

  /** The last step the agent service recorded as done for a household. */
  function journalStep(household: string): { interval: number; step: number } {
    return journal().stepsDone[household.toLowerCase()] ?? { interval: -1, step: -1 };
  }
});
