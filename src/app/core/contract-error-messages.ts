import type { DecodedContractError } from './app-error';
import { currencySymbol, formatEnergy, formatMoney, formatPricePerKWh } from './units';

/** What the app was doing, so a message can name the thing ("offer #12", not "order #12"). */
export interface ErrorContext {
  readonly orderNoun?: 'offer' | 'request' | 'order';
}

type Describe = (args: readonly bigint[] & readonly unknown[], noun: string) => string;

const big = (value: unknown): bigint => BigInt(value as bigint);

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function formatTime(unixSeconds: bigint): string {
  return new Date(Number(unixSeconds) * 1000).toLocaleString();
}

/** Plain words for each `EnergyMarketplace` custom error (see contracts/IEnergyMarketplace.sol). */
const MESSAGES: Record<string, Describe> = {
  EnergyMarketplaceZeroOperator: () => 'The marketplace was deployed without a meter operator.',
  EnergyMarketplaceInvalidSettlementWindow: ([window]) =>
    `The marketplace was deployed with an invalid settlement window (${big(window)} s).`,
  EnergyMarketplaceZeroQuantity: () => 'The quantity must be more than 0 Wh.',
  EnergyMarketplaceQuantityTooLarge: ([quantity, max]) =>
    `${formatEnergy(big(quantity))} is more than one order can hold (${formatEnergy(big(max))} at most).`,
  EnergyMarketplaceInvalidUnitPrice: ([price, max]) =>
    big(price) === 0n
      ? `The price must be more than 0 ${currencySymbol()} per kWh.`
      : `${formatPricePerKWh(big(price))} is above the highest price allowed (${formatPricePerKWh(big(max))}).`,
  EnergyMarketplaceWrongPayment: ([sent, expected]) =>
    `The payment sent (${formatMoney(big(sent))}) is not the price due (${formatMoney(big(expected))}).`,
  EnergyMarketplaceUnknownOffer: ([id]) => `There is no offer #${big(id)}.`,
  EnergyMarketplaceUnknownRequest: ([id]) => `There is no request #${big(id)}.`,
  EnergyMarketplaceUnknownOrder: ([id]) => `There is no order #${big(id)}.`,
  EnergyMarketplaceUnknownTrade: ([id]) => `There is no trade #${big(id)}.`,
  EnergyMarketplaceOwnOrder: ([id], noun) =>
    `${capitalise(noun)} #${big(id)} is your own: you cannot trade with yourself.`,
  EnergyMarketplaceExceedsRemaining: ([id, quantity, remaining], noun) =>
    big(remaining) === 0n
      ? `Nothing remains in ${noun} #${big(id)}: it was filled or cancelled.`
      : `Only ${formatEnergy(big(remaining))} remain in ${noun} #${big(id)}; you asked for ${formatEnergy(big(quantity))}.`,
  EnergyMarketplaceNotMaker: ([id], noun) => `Only the account that posted ${noun} #${big(id)} can cancel it.`,
  EnergyMarketplaceOrderClosed: ([id], noun) =>
    `${capitalise(noun)} #${big(id)} is already filled or cancelled: nothing remains to cancel.`,
  EnergyMarketplaceTradeClosed: ([id]) => `Trade #${big(id)} was already settled or reclaimed.`,
  EnergyMarketplaceNotBuyer: ([id]) => `Only the buyer of trade #${big(id)} can reclaim it.`,
  EnergyMarketplaceReclaimTooEarly: ([id, deadline]) =>
    `Trade #${big(id)} cannot be reclaimed yet: its settlement deadline is ${formatTime(big(deadline))}.`,
  EnergyMarketplaceNotOperator: () => 'Only the meter operator can settle trades.',
  EnergyMarketplaceNothingToWithdraw: () => 'The marketplace holds no payments for you to withdraw.',
  EnergyMarketplaceInvalidLineLossAllowance: ([allowance]) =>
    `The marketplace was deployed with a line-loss allowance above 100% (${big(allowance)} basis points).`,
  EnergyMarketplaceInvalidAgent: () => 'Choose an agent address other than zero and other than your own account.',
  EnergyMarketplaceNotAgent: () => 'This account is not the agent of that household (it was never authorized, or it was revoked).',
  EnergyMarketplaceNoAgent: () => 'You have no agent to revoke.',
  EnergyMarketplaceAmountTooLarge: ([amount, max]) =>
    `${formatMoney(big(amount))} a day is more than an agent limit can hold (${formatMoney(big(max))} at most).`,
  EnergyMarketplaceAgentPriceAboveLimit: ([, price, max]) =>
    `The agent may not pay ${formatPricePerKWh(big(price))}: the household allows at most ${formatPricePerKWh(big(max))}.`,
  EnergyMarketplaceAgentPriceBelowLimit: ([, price, min]) =>
    `The agent may not sell at ${formatPricePerKWh(big(price))}: the household allows no less than ${formatPricePerKWh(big(min))}.`,
  EnergyMarketplaceAgentDailyBuyLimit: ([, bought, max]) =>
    `That would make ${formatEnergy(big(bought))} bought by the agent today; the household allows ${formatEnergy(big(max))} a day.`,
  EnergyMarketplaceAgentDailySellLimit: ([, sold, max]) =>
    `That would make ${formatEnergy(big(sold))} sold by the agent today; the household allows ${formatEnergy(big(max))} a day.`,
  EnergyMarketplaceAgentDailySpendLimit: ([, spent, max]) =>
    `That would make ${formatMoney(big(spent))} spent by the agent today; the household allows ${formatMoney(big(max))} a day.`,
  EnergyMarketplaceInsufficientBudget: ([, amount, budget]) =>
    `The agent budget holds ${formatMoney(big(budget))}; ${formatMoney(big(amount))} is needed.`,
  EnergyMarketplaceNotAgentOrder: ([id], noun) => `The agent may cancel only orders it placed; ${noun} #${big(id)} is not one of them.`,
  EnergyMarketplaceCandidatesOutOfOrder: ([id]) =>
    `The orders to take were not listed best price first (order #${big(id)}); reload the market and try again.`,
  EnergyMarketplaceNotDelegated: () => 'That contract is part of the marketplace: use the marketplace address.',
  EnergyMarketplacePlainTransfer: () => 'The marketplace does not take coins sent without a call; deposit an agent budget instead.',
  EnergyMarketplaceWithdrawFailed: ([, amount]) =>
    `Sending you ${formatMoney(big(amount))} failed; it stays credited to you. Try again later.`,
  // The community's directory and money (contracts/ICommunity.sol): what a household can meet from the app.
  CommunityUnauthorized: () => 'The treasury cannot cash out to itself.',
  CommunityNoteTooLong: ([length, max]) => `The note is too long (${big(length)} bytes; at most ${big(max)}).`,
  CommunityZeroAmount: () => 'The amount must be more than 0.',
  CommunityExceedsCirculation: ([amount, circulation]) =>
    `${formatMoney(big(amount))} is more than the treasury ever issued and did not get back (${formatMoney(big(circulation))}).`,
  CommunityPaymentFailed: ([, amount]) => `Paying ${formatMoney(big(amount))} failed; nothing was changed.`,
};

/** A custom error in plain words; an unknown one is named as it is. */
export function describeContractError(error: DecodedContractError, context: ErrorContext = {}): string {
  const describe = MESSAGES[error.name];
  const noun = context.orderNoun ?? 'order';
  if (!describe) return `The marketplace refused: ${error.name}.`;
  return describe(error.args as readonly bigint[], noun);
}
