/**
 * What the chain says the agents did, held against what each household allowed:
 * the limits it authorized on chain (its AgentAuthorized event) and the policy
 * it signed. Counted from the chain alone, never from the agent service's word:
 *
 * - every trade side an agent made (a trade its transaction opened, or one on
 *   an order it placed) at a price beyond the household's floor or ceiling;
 * - every day (block time / 1 day, as the contract counts) on which a
 *   household's agent trades sold, bought or spent more than its caps;
 * - every transaction of the agent's key that the contract refused.
 *
 * Also the trades settled and each household's net money (paid for what it
 * sold, less what it paid for what it bought, refunds deducted).
 */
import { Contract, type EventLog, JsonRpcProvider, Network } from 'ethers';

import type { Deployment } from '../deploy/deployment-file';
import { JsonRpcHttpClient } from '../lib/json-rpc';
import type { AgentLimits, PolicySettings } from './household-wallet';

const SECONDS_PER_DAY = 86_400;
const BLOCKS_PER_BATCH = 100;

export interface LimitViolation {
  readonly household: string;
  readonly what: string;
}

export interface ChainAudit {
  readonly limitViolations: LimitViolation[];
  readonly agentTransactions: number;
  readonly refusedAgentTransactions: number;
  readonly agentTrades: number;
  readonly tradesOpened: number;
  readonly tradesSettled: number;
  readonly settledWh: number;
  /** Household -> net money in wei (decimal string): positive, it earned more than it paid. */
  readonly netMoneyWei: Record<string, string>;
}

interface TradeSide {
  readonly tradeId: number;
  readonly household: string;
  readonly selling: boolean;
  readonly quantityMilliWh: bigint;
  readonly amountWei: bigint;
  readonly day: number;
}

export async function auditChain(
  chainUrl: string,
  deployment: Deployment,
  agent: string,
  policies: ReadonlyMap<string, PolicySettings>,
): Promise<ChainAudit> {
  const network = Network.from(deployment.chainId);
  const provider = new JsonRpcProvider(chainUrl, network, { staticNetwork: network });
  try {
    const market = new Contract(deployment.address, deployment.abi as never, provider);
    const all = async (name: string) => (await market.queryFilter(market.filters[name](), deployment.deployedOnBlock, 'latest')) as EventLog[];
    const [authorized, placedByAgent, openedByAgent, opened, settled] = await Promise.all(
      ['AgentAuthorized', 'OrderPlacedByAgent', 'TradeOpenedByAgent', 'TradeOpened', 'TradeSettled'].map(all),
    );
    const blockTimes = new Map<number, number>();
    const dayOf = async (blockNumber: number) => {
      if (!blockTimes.has(blockNumber)) blockTimes.set(blockNumber, (await provider.getBlock(blockNumber))!.timestamp);
      return Math.floor(blockTimes.get(blockNumber)! / SECONDS_PER_DAY);
    };

    // The limits in force: the latest authorization of this agent before the trade (in these runs, one per household).
    const limitsOf = new Map<string, AgentLimits>();
    for (const event of authorized) {
      if (String(event.args.agent).toLowerCase() !== agent.toLowerCase()) continue;
      const [maxBuyPrice, minSellPrice, maxBoughtPerDayMilliWh, maxSoldPerDayMilliWh, maxSpentPerDayWei] = event.args.limits as bigint[];
      limitsOf.set(String(event.args.household).toLowerCase(), { maxBuyPrice, minSellPrice, maxBoughtPerDayMilliWh, maxSoldPerDayMilliWh, maxSpentPerDayWei });
    }

    const agentOrders = new Map(placedByAgent.map((event) => [Number(event.args.orderId), String(event.args.household)]));
    const agentTakers = new Map(openedByAgent.map((event) => [Number(event.args.tradeId), String(event.args.household)]));
    const sides: TradeSide[] = [];
    for (const event of opened) {
      const tradeId = Number(event.args.tradeId);
      const households = [agentOrders.get(Number(event.args.orderId)), agentTakers.get(tradeId)].filter((h): h is string => h !== undefined);
      for (const household of new Set(households.map((h) => h.toLowerCase()))) {
        sides.push({
          tradeId,
          household,
          selling: String(event.args.seller).toLowerCase() === household,
          quantityMilliWh: event.args.quantityMilliWh,
          amountWei: event.args.amountWei,
          day: await dayOf(event.blockNumber),
        });
      }
    }

    const violations: LimitViolation[] = [];
    const perDay = new Map<string, { sold: bigint; bought: bigint; spent: bigint; household: string; day: number }>();
    for (const side of sides) {
      const limits = limitsOf.get(side.household);
      const policy = [...policies].find(([household]) => household.toLowerCase() === side.household)?.[1];
      if (!limits || !policy) {
        violations.push({ household: side.household, what: `trade #${side.tradeId} by an agent it never authorized or gave no policy` });
        continue;
      }
      const price = side.amountWei / side.quantityMilliWh;
      if (side.selling && (price < limits.minSellPrice || price < policy.sellFloorPrice)) {
        violations.push({ household: side.household, what: `trade #${side.tradeId} sold at ${price} wei/mWh, under its floor` });
      }
      if (!side.selling && (price > limits.maxBuyPrice || price > policy.buyCeilingPrice)) {
        violations.push({ household: side.household, what: `trade #${side.tradeId} bought at ${price} wei/mWh, over its ceiling` });
      }
      const key = `${side.household} ${side.day}`;
      const day = perDay.get(key) ?? { sold: 0n, bought: 0n, spent: 0n, household: side.household, day: side.day };
      if (side.selling) day.sold += side.quantityMilliWh;
      else {
        day.bought += side.quantityMilliWh;
        day.spent += side.amountWei;
      }
      perDay.set(key, day);
    }
    for (const day of perDay.values()) {
      const limits = limitsOf.get(day.household)!;
      const policy = [...policies].find(([household]) => household.toLowerCase() === day.household)![1];
      const over = (used: bigint, caps: bigint[], what: string) => {
        const cap = caps.reduce((a, b) => (a < b ? a : b));
        if (used > cap) violations.push({ household: day.household, what: `${what} ${used} on day ${day.day}, over its cap ${cap}` });
      };
      over(day.sold, [limits.maxSoldPerDayMilliWh, policy.maxSoldPerDayMilliWh], 'sold (mWh)');
      over(day.bought, [limits.maxBoughtPerDayMilliWh, policy.maxBoughtPerDayMilliWh], 'bought (mWh)');
      over(day.spent, [limits.maxSpentPerDayWei, policy.maxSpentPerDayWei], 'spent (wei)');
    }

    const { sent, refused } = await agentTransactions(chainUrl, agent, deployment.deployedOnBlock);
    for (const hash of refused) violations.push({ household: '', what: `the contract refused the agent's transaction ${hash}` });

    const net = new Map<string, bigint>();
    const add = (household: string, amount: bigint) => net.set(household, (net.get(household) ?? 0n) + amount);
    const openedById = new Map(opened.map((event) => [Number(event.args.tradeId), event]));
    let settledMilliWh = 0n;
    for (const event of settled) {
      const trade = openedById.get(Number(event.args.tradeId))!;
      const paid = BigInt(trade.args.amountWei) - BigInt(event.args.buyerRefundWei);
      add(String(event.args.seller), event.args.sellerAmountWei);
      add(String(event.args.buyer), -paid);
      settledMilliWh += event.args.deliveredMilliWh;
    }
    return {
      limitViolations: violations,
      agentTransactions: sent,
      refusedAgentTransactions: refused.length,
      agentTrades: new Set(sides.map((side) => side.tradeId)).size,
      tradesOpened: opened.length,
      tradesSettled: settled.length,
      settledWh: Number(settledMilliWh) / 1000,
      netMoneyWei: Object.fromEntries([...net].map(([household, wei]) => [household, wei.toString()])),
    };
  } finally {
    provider.destroy();
  }
}

/** How many transactions the agent's key sent, and the hashes of those the chain refused. */
async function agentTransactions(chainUrl: string, agent: string, fromBlock: number): Promise<{ sent: number; refused: string[] }> {
  const client = new JsonRpcHttpClient(chainUrl);
  const head = Number(await client.request<string>('eth_blockNumber'));
  const hashes: string[] = [];
  for (let first = fromBlock; first <= head; first += BLOCKS_PER_BATCH) {
    const numbers = Array.from({ length: Math.min(BLOCKS_PER_BATCH, head - first + 1) }, (_, i) => first + i);
    const blocks = await client.batch(numbers.map((n) => ({ method: 'eth_getBlockByNumber', params: ['0x' + n.toString(16), true] })));
    for (const answer of blocks) {
      if ('error' in answer) throw answer.error;
      const { transactions } = answer.result as { transactions: { hash: string; from: string }[] };
      for (const tx of transactions) if (tx.from.toLowerCase() === agent.toLowerCase()) hashes.push(tx.hash);
    }
  }
  const refused: string[] = [];
  for (let i = 0; i < hashes.length; i += BLOCKS_PER_BATCH) {
    const receipts = await client.batch(hashes.slice(i, i + BLOCKS_PER_BATCH).map((hash) => ({ method: 'eth_getTransactionReceipt', params: [hash] })));
    receipts.forEach((answer, j) => {
      if ('error' in answer) throw answer.error;
      if ((answer.result as { status: string }).status !== '0x1') refused.push(hashes[i + j]);
    });
  }
  return { sent: hashes.length, refused };
}
