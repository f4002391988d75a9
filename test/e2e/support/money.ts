/** Figures as the person reads them on screen, computed from what the chain holds. */
import { formatUnits } from 'ethers';

/**
 * Wei in the currency cut (not rounded) to `decimals` places, trailing zeros
 * dropped but cents kept: "ETH 999.98765", "KES 12.50".
 */
export function moneyAsShown(wei: bigint, decimals = 6, symbol = 'ETH'): string {
  const [whole, fraction = ''] = formatUnits(wei, 18).split('.');
  const cut = fraction.slice(0, decimals).replace(/0+$/, '').padEnd(2, '0');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${symbol} ${grouped}.${cut}`;
}

/** ETH per kWh to the contract's wei per mWh: 1 ETH/kWh = 10^18 wei / 10^6 mWh. */
export function weiPerMilliWh(ethPerKWh: string): bigint {
  const [whole, fraction = ''] = ethPerKWh.split('.');
  return BigInt(whole) * 10n ** 12n + BigInt((fraction + '000000000000').slice(0, 12));
}
