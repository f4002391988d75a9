/**
 * Exact ETH accounting for tests: balance changes in wei with the sender's gas fee taken from the
 * receipt (gasUsed x effective gas price), never approximated.
 */
import { expect } from 'chai';
import { ethers } from 'hardhat';
import type { AddressLike, ContractTransactionReceipt, ContractTransactionResponse } from 'ethers';
import type { EnergyMarketplace } from './fixtures';

/** OrderKind as the ABI returns it. */
export const OFFER = 0n;
export const REQUEST = 1n;

export async function feeOf(receipt: ContractTransactionReceipt | null): Promise<bigint> {
  if (!receipt) throw new Error('transaction was not mined');
  return receipt.gasUsed * receipt.gasPrice;
}

async function addressOf(account: AddressLike): Promise<string> {
  return ethers.resolveAddress(account);
}

/**
 * Sends a transaction and checks that each account's balance moved by exactly the given wei; the
 * sender's fee is added to its expected change automatically. Returns the receipt.
 */
export async function expectEthChanges(
  send: () => Promise<ContractTransactionResponse>,
  changes: Array<[AddressLike, bigint]>,
): Promise<ContractTransactionReceipt> {
  const addresses = await Promise.all(changes.map(([account]) => addressOf(account)));
  const before = await Promise.all(addresses.map((address) => ethers.provider.getBalance(address)));
  const response = await send();
  const receipt = await response.wait();
  if (!receipt) throw new Error('transaction was not mined');
  const fee = await feeOf(receipt);
  for (const [i, address] of addresses.entries()) {
    const after = await ethers.provider.getBalance(address);
    const expected = before[i] + changes[i][1] - (address === receipt.from ? fee : 0n);
    expect(after, `balance of ${address}`).to.equal(expected);
  }
  return receipt;
}

/** What the market owes, read from the chain: escrowed requests + open trades + listed credits and agent budgets. */
export async function expectMarketSolvent(market: EnergyMarketplace, accounts: AddressLike[]): Promise<void> {
  const orders = await market.getOrders(1n, await market.orderCount());
  let owed = 0n;
  for (const order of orders) if (order.kind === REQUEST) owed += order.remainingMilliWh * order.unitPrice;
  const seen = new Set<bigint>();
  for (const account of accounts) {
    const [trades] = await market.getOpenTradesOf(account, 1n, 4000n);
    for (const trade of trades) {
      if (!seen.has(trade.id)) owed += trade.amountWei;
      seen.add(trade.id);
    }
    owed += await market.credits(account);
    owed += (await market.getAgent(account)).budgetWei;
  }
  expect(await ethers.provider.getBalance(await market.getAddress()), 'market balance vs what it owes').to.equal(owed);
}
