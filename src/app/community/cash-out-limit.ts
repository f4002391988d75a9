import { formatMoney } from '../core/units';

/** Headroom the transactor gives the gas estimate (see transactor.ts): the fee reserve follows it. */
const GAS_HEADROOM_PERCENT = 125n;

/**
 * What a wallet must keep back for the network fee of a cash-out: the gas
 * limit it will send times the most it may pay per gas. The chain refuses a
 * transaction whose value plus that reserve passes the balance.
 */
export function feeReserveWei(estimatedGas: bigint, maxFeePerGasWei: bigint): bigint {
  return ((estimatedGas * GAS_HEADROOM_PERCENT) / 100n) * maxFeePerGasWei;
}

/** The most that can be cashed out: the balance less the fee reserve (never below 0). */
export function maxCashOutWei(balanceWei: bigint, reserveWei: bigint): bigint {
  return balanceWei > reserveWei ? balanceWei - reserveWei : 0n;
}

/** Why a cash-out cannot be sent, in words, before the wallet opens; null when it fits. */
export function cashOutProblem(amountWei: bigint, balanceWei: bigint, reserveWei: bigint): string | null {
  if (amountWei <= 0n) return 'The amount must be more than 0.';
  if (amountWei <= maxCashOutWei(balanceWei, reserveWei)) return null;
  const most = maxCashOutWei(balanceWei, reserveWei);
  if (most === 0n) {
    return `You hold ${formatMoney(balanceWei, 6)}: not enough to pay the network fee of a cash-out (about ${formatMoney(reserveWei, 6)}).`;
  }
  return (
    `You hold ${formatMoney(balanceWei, 6)}, and a cash-out keeps about ${formatMoney(reserveWei, 6)} back for the network ` +
    `fee: you can cash out at most ${formatMoney(most, 6)}.`
  );
}
