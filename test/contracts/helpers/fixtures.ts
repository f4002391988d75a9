/**
 * Deployment fixtures for the EnergyMarketplace tests. Each is loaded with `loadFixture`, so every
 * test starts from the same chain snapshot instead of redeploying.
 */
import hre, { ethers } from 'hardhat';
import type { HardhatEthersSigner } from '@nomicfoundation/hardhat-ethers/signers';
import type { IEnergyMarketplace } from '../../../typechain-types';

/** The marketplace at its one address: trading, views and agents (IEnergyMarketplace). */
export type EnergyMarketplace = IEnergyMarketplace;

/** Seconds from a trade's opening to its reclaim deadline in the test deployment. */
export const SETTLEMENT_WINDOW = 3600n;
/** 1.5 Wh, in mWh. */
export const QUANTITY = 1_500n;
/** wei per mWh (0.001 ETH per kWh). */
export const PRICE = 1_000_000_000n;
export const AMOUNT = QUANTITY * PRICE;
/** The community's line-loss allowance in the test deployment: 3%, the deployment default. */
export const LINE_LOSS_BPS = 300n;

/** Metering as the ABI returns it (IEnergyMarketplace.Metering). */
export const TWO_SIDED = 0n;
export const DISPUTED = 1n;
export const ONE_SIDED = 2n;

/** A settlement report for a trade whose buyer has no node: the seller's figure alone. */
export function oneSided(tradeId: bigint, sentMilliWh: bigint) {
  return { tradeId, sentMilliWh, receivedMilliWh: 0n, buyerMetered: false };
}

/** A settlement report with both nodes' figures. */
export function twoSided(tradeId: bigint, sentMilliWh: bigint, receivedMilliWh: bigint) {
  return { tradeId, sentMilliWh, receivedMilliWh, buyerMetered: true };
}

export interface MarketFixture {
  market: EnergyMarketplace;
  operator: HardhatEthersSigner;
  seller: HardhatEthersSigner;
  buyer: HardhatEthersSigner;
  other: HardhatEthersSigner;
  signers: HardhatEthersSigner[];
}

/** Deploys EnergyMarketplace and returns it typed as the whole marketplace (its extension's calls too). */
export async function deployMarketplace(
  operator: string,
  settlementWindow: bigint = SETTLEMENT_WINDOW,
  lineLossBps: bigint = LINE_LOSS_BPS,
  deployer?: HardhatEthersSigner,
): Promise<EnergyMarketplace> {
  const deployed = await ethers.deployContract('EnergyMarketplace', [operator, settlementWindow, lineLossBps], deployer);
  return ethers.getContractAt('IEnergyMarketplace', await deployed.getAddress(), deployer);
}

export async function deployMarket(): Promise<MarketFixture> {
  const signers = await ethers.getSigners();
  const [, operator, seller, buyer, other] = signers;
  const market = await deployMarketplace(operator.address, SETTLEMENT_WINDOW, LINE_LOSS_BPS);
  return { market, operator, seller, buyer, other, signers };
}

/** The seller has posted offer 1: QUANTITY at PRICE. */
export async function withOffer(): Promise<MarketFixture & { offerId: bigint }> {
  const fixture = await deployMarket();
  await (await fixture.market.connect(fixture.seller).createOffer(QUANTITY, PRICE)).wait();
  return { ...fixture, offerId: 1n };
}

/** The buyer has posted request 1: QUANTITY at PRICE, escrowing AMOUNT. */
export async function withRequest(): Promise<MarketFixture & { requestId: bigint }> {
  const fixture = await deployMarket();
  await (await fixture.market.connect(fixture.buyer).createRequest(QUANTITY, PRICE, { value: AMOUNT })).wait();
  return { ...fixture, requestId: 1n };
}

/** The buyer bought all of the seller's offer 1: trade 1 is open with AMOUNT in escrow. */
export async function withTrade(): Promise<MarketFixture & { offerId: bigint; tradeId: bigint; deadline: bigint }> {
  const fixture = await withOffer();
  await (await fixture.market.connect(fixture.buyer).buy(fixture.offerId, QUANTITY, { value: AMOUNT })).wait();
  const trade = await fixture.market.getTrade(1n);
  return { ...fixture, tradeId: 1n, deadline: trade.deadline };
}

/** The seller filled all of the buyer's request 1: trade 1 is open with the request's escrow. */
export async function withFilledRequest(): Promise<MarketFixture & { requestId: bigint; tradeId: bigint }> {
  const fixture = await withRequest();
  await (await fixture.market.connect(fixture.seller).fill(fixture.requestId, QUANTITY)).wait();
  return { ...fixture, tradeId: 1n };
}

/**
 * True under `hardhat coverage`: instrumentation adds gas to every statement, so gas figures and
 * gas caps are not checked there (the plain test run checks them).
 */
export function coverageRunning(): boolean {
  return (hre as unknown as { __SOLIDITY_COVERAGE_RUNNING?: boolean }).__SOLIDITY_COVERAGE_RUNNING === true;
}
