/**
 * Gas used by every EnergyMarketplace action, measured on the in-process Hardhat network (Shanghai
 * gas schedule, like the Ganache chain). Run with `npm run bench:gas`.
 *
 * What is measured: each action is its own transaction (so every storage slot and account it
 * touches starts cold, as on the real chain), on a market that already holds orders and trades
 * (the first order ever is not representative), by accounts that already hold ETH, with realistic
 * figures: 1.5 kWh at 1 gwei per mWh (0.001 ETH per kWh). "settle" reports both meters with the
 * whole quantity received (one payment: the seller), as in "tradeLifecycle"; "settleTwoSided" both
 * meters with 97.2% received, a normal line loss (two payments: seller and buyer's refund);
 * "settleOneSided" the seller's figure alone (a buyer with no node), whole quantity; "settlePartial"
 * both meters with 60% received (disputed; seller and buyer paid). "settleBatchPerTrade" settles 20
 * trades of 10 sellers and 9 buyers in one call, each received in part (two payments per trade, the
 * costlier case), divided by 20.
 *
 * Agent actions ("agent*", and the household's authorizeAgent, depositAgentBudget,
 * withdrawAgentBudget, revokeAgent) run through the marketplace's fallback into its extension.
 *
 * Writes reports/gas.json and the `gas` section of reports/bench.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ethers } from 'hardhat';
import type { ContractTransactionResponse } from 'ethers';
import type { IEnergyMarketplace as EnergyMarketplace } from '../../typechain-types';
import { writeSection } from './report';

/** A settlement report with both meters' figures. */
const twoSided = (tradeId: bigint, sentMilliWh: bigint, receivedMilliWh: bigint) => ({
  tradeId,
  sentMilliWh,
  receivedMilliWh,
  buyerMetered: true,
});
/** A settlement report on the seller's figure alone. */
const oneSided = (tradeId: bigint, sentMilliWh: bigint) => ({ tradeId, sentMilliWh, receivedMilliWh: 0n, buyerMetered: false });

const GAS_REPORT_PATH = resolve(__dirname, '..', '..', 'reports', 'gas.json');
const QUANTITY = 1_500_000n; // mWh: 1.5 kWh
const PRICE = 1_000_000_000n; // wei per mWh: 0.001 ETH per kWh
const SETTLEMENT_WINDOW = 3600;
const LINE_LOSS_BPS = 300;
const BATCH_SIZE = 20;

const TARGETS: Record<string, number> = {
  createOffer: 60_000,
  tradeLifecycle: 150_000,
  settleBatchPerTrade: 35_000,
};

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<number> {
  const receipt = await (await tx).wait();
  if (!receipt) throw new Error('transaction was not mined');
  return Number(receipt.gasUsed);
}

/** Id of the order or trade the latest transaction created, from the market's counters. */
async function lastOrderId(market: EnergyMarketplace): Promise<bigint> {
  return market.orderCount();
}
async function lastTradeId(market: EnergyMarketplace): Promise<bigint> {
  return market.tradeCount();
}

async function main(): Promise<void> {
  const signers = await ethers.getSigners();
  const operator = signers[19];
  const sellers = signers.slice(0, 10);
  const buyers = signers.slice(10, 19);
  const [seller, buyerA, buyerB] = [sellers[0], buyers[0], buyers[1]];

  const deployed = await ethers.deployContract('EnergyMarketplace', [operator.address, SETTLEMENT_WINDOW, LINE_LOSS_BPS]);
  await deployed.waitForDeployment();
  // The whole marketplace's interface: views and agents are served by its extension at the same address.
  const market = await ethers.getContractAt('IEnergyMarketplace', await deployed.getAddress());
  const as = (signer: (typeof signers)[number]) => market.connect(signer);
  const amount = QUANTITY * PRICE;

  // Warm the market up: orders and trades already exist, every account has traded before.
  for (let i = 0; i < 10; i++) {
    await (await as(sellers[i]).createOffer(QUANTITY, PRICE)).wait();
    await (await as(buyers[i % 9]).buy(await lastOrderId(market), QUANTITY, { value: amount })).wait();
    await (await as(operator).settle(twoSided(await lastTradeId(market), QUANTITY, QUANTITY))).wait();
  }

  const figures: Record<string, number> = {};

  figures.createOffer = await gasOf(as(seller).createOffer(QUANTITY, PRICE));
  const fullOffer = await lastOrderId(market);
  figures.buyFull = await gasOf(as(buyerA).buy(fullOffer, QUANTITY, { value: amount }));
  const fullTrade = await lastTradeId(market);
  figures.settle = await gasOf(as(operator).settle(twoSided(fullTrade, QUANTITY, QUANTITY)));
  figures.tradeLifecycle = figures.createOffer + figures.buyFull + figures.settle;

  await (await as(seller).createOffer(QUANTITY, PRICE)).wait();
  await (await as(buyerA).buy(await lastOrderId(market), QUANTITY, { value: amount })).wait();
  figures.settleTwoSided = await gasOf(as(operator).settle(twoSided(await lastTradeId(market), QUANTITY, (QUANTITY * 972n) / 1000n)));
  await (await as(seller).createOffer(QUANTITY, PRICE)).wait();
  await (await as(buyerA).buy(await lastOrderId(market), QUANTITY, { value: amount })).wait();
  figures.settleOneSided = await gasOf(as(operator).settle(oneSided(await lastTradeId(market), QUANTITY)));

  await (await as(seller).createOffer(QUANTITY, PRICE)).wait();
  const partOffer = await lastOrderId(market);
  figures.buyPartial = await gasOf(as(buyerB).buy(partOffer, QUANTITY / 3n, { value: amount / 3n }));
  const third = QUANTITY / 3n;
  figures.settlePartial = await gasOf(as(operator).settle(twoSided(await lastTradeId(market), third, (third * 6n) / 10n)));
  figures.cancelOffer = await gasOf(as(seller).cancelOffer(partOffer));

  figures.createRequest = await gasOf(as(buyerA).createRequest(QUANTITY, PRICE, { value: amount }));
  const request = await lastOrderId(market);
  figures.fill = await gasOf(as(seller).fill(request, QUANTITY / 2n));
  figures.cancelRequest = await gasOf(as(buyerA).cancelRequest(request));

  // 20 open trades from 10 sellers and 9 buyers, then one batch call.
  const batch: bigint[] = [];
  for (let i = 0; i < BATCH_SIZE; i++) {
    await (await as(sellers[i % 10]).createOffer(QUANTITY, PRICE)).wait();
    await (await as(buyers[i % 9]).buy(await lastOrderId(market), QUANTITY, { value: amount })).wait();
    batch.push(await lastTradeId(market));
  }
  const deliveries = batch.map((tradeId) => twoSided(tradeId, QUANTITY, (QUANTITY * 6n) / 10n));
  figures.settleBatchPerTrade = Math.round((await gasOf(as(operator).settleBatch(deliveries))) / BATCH_SIZE);

  // Withdraw: only contract wallets ever hold credits (pushes to plain accounts cannot fail), so a
  // wallet contract refuses one payment, then accepts, and withdraws through its own call.
  const wallet = await ethers.deployContract('SwitchableReceiver', [await market.getAddress()], buyerA);
  await (await wallet.setRefusing(true)).wait();
  await (await as(seller).createOffer(QUANTITY, PRICE)).wait();
  await (await wallet.buy(await lastOrderId(market), QUANTITY, { value: amount })).wait();
  await (await as(operator).settle(twoSided(await lastTradeId(market), 0n, 0n))).wait();
  await (await wallet.setRefusing(false)).wait();
  figures.withdraw = await gasOf(wallet.withdraw());

  // Agents: buyerA authorizes an agent (the operator's key stands in for the agent service's) with a
  // budget; each agent action is measured on the warm market, after one of its kind has run (as an
  // agent that trades all day would), through the marketplace's fallback to its extension.
  const agent = signers[18];
  const household = buyerA;
  const limits = {
    maxBuyPrice: 2n * PRICE,
    minSellPrice: PRICE / 2n,
    maxBoughtPerDayMilliWh: 100n * QUANTITY,
    maxSoldPerDayMilliWh: 100n * QUANTITY,
    maxSpentPerDayWei: 100n * amount,
  };
  figures.authorizeAgent = await gasOf(as(household).authorizeAgent(agent.address, limits, { value: 10n * amount }));
  figures.depositAgentBudget = await gasOf(as(household).depositAgentBudget({ value: amount }));
  const byAgent = as(agent);
  const at = household.address;
  await (await byAgent.agentCreateOffer(at, QUANTITY, PRICE)).wait();
  figures.agentCreateOffer = await gasOf(byAgent.agentCreateOffer(at, QUANTITY, PRICE));
  const agentOffer = await lastOrderId(market);
  await (await byAgent.agentCreateRequest(at, QUANTITY, PRICE)).wait();
  figures.agentCreateRequest = await gasOf(byAgent.agentCreateRequest(at, QUANTITY, PRICE));
  const agentRequest = await lastOrderId(market);
  await (await as(seller).createOffer(QUANTITY, PRICE)).wait();
  const offerForAgent = await lastOrderId(market);
  await (await byAgent.agentBuy(at, offerForAgent, QUANTITY / 2n)).wait();
  figures.agentBuy = await gasOf(byAgent.agentBuy(at, offerForAgent, QUANTITY / 2n));
  await (await as(seller).createRequest(QUANTITY, PRICE, { value: amount })).wait();
  const requestForAgent = await lastOrderId(market);
  await (await byAgent.agentFill(at, requestForAgent, QUANTITY / 2n)).wait();
  figures.agentFill = await gasOf(byAgent.agentFill(at, requestForAgent, QUANTITY / 2n));
  figures.agentCancelOffer = await gasOf(byAgent.agentCancelOffer(at, agentOffer));
  figures.agentCancelRequest = await gasOf(byAgent.agentCancelRequest(at, agentRequest));
  // Crossing orders: a buy request that takes two offers (cheapest first) and rests the rest; a sell
  // offer that sells into two requests and rests the rest; and the same by the agent.
  const crossOffers = async () => {
    await (await as(sellers[1]).createOffer(QUANTITY / 2n, PRICE)).wait();
    const first = await lastOrderId(market);
    await (await as(sellers[2]).createOffer(QUANTITY / 2n, PRICE + 1n)).wait();
    return [first, first + 1n];
  };
  const crossRequests = async () => {
    await (await as(buyers[2]).createRequest(QUANTITY / 2n, PRICE + 1n, { value: (QUANTITY / 2n) * (PRICE + 1n) })).wait();
    const first = await lastOrderId(market);
    await (await as(buyers[3]).createRequest(QUANTITY / 2n, PRICE, { value: (QUANTITY / 2n) * PRICE })).wait();
    return [first, first + 1n];
  };
  const limit = 2n * PRICE;
  figures.placeRequestCrossingTwo = await gasOf(as(buyerB).placeRequest(2n * QUANTITY, limit, await crossOffers(), { value: 2n * QUANTITY * limit }));
  figures.placeOfferCrossingTwo = await gasOf(as(seller).placeOffer(2n * QUANTITY, PRICE / 2n, await crossRequests()));
  figures.agentPlaceRequestCrossingTwo = await gasOf(byAgent.agentPlaceRequest(at, 2n * QUANTITY, limit, await crossOffers()));
  figures.agentPlaceOfferCrossingTwo = await gasOf(byAgent.agentPlaceOffer(at, 2n * QUANTITY, PRICE / 2n, await crossRequests()));
  figures.withdrawAgentBudget = await gasOf(as(household).withdrawAgentBudget(amount));
  figures.revokeAgent = await gasOf(as(household).revokeAgent());

  const rows = Object.entries(figures).map(([name, gas]) => {
    const target = TARGETS[name];
    return { action: name, gas, target: target ?? '', result: target === undefined ? '' : gas <= target ? 'pass' : 'FAIL' };
  });
  console.table(rows);

  const failed = rows.filter((row) => row.result === 'FAIL');
  const report = {
    network: 'hardhat (in-process, hardfork shanghai)',
    units: 'gas used per transaction (receipt.gasUsed)',
    targets: TARGETS,
    pass: failed.length === 0,
    ...figures,
  };
  mkdirSync(resolve(GAS_REPORT_PATH, '..'), { recursive: true });
  writeFileSync(GAS_REPORT_PATH, JSON.stringify(report, null, 2) + '\n');
  writeSection('gas', report);
  console.log(`wrote ${GAS_REPORT_PATH}`);
  if (failed.length > 0) {
    console.error(`over target: ${failed.map((row) => row.action).join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
