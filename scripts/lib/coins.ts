/** Amounts of the community's money as people read them: the chain's 18 decimals, grouped, no trailing zeros. */
import { formatEther } from 'ethers';

/** 999999990000000000000000000n -> "999,999,990"; 1500000000000000n -> "0.0015". */
export function formatCoins(wei: bigint): string {
  const negative = wei < 0n;
  const [whole, fraction = ''] = formatEther(negative ? -wei : wei).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const decimals = fraction.replace(/0+$/, '');
  return `${negative ? '-' : ''}${grouped}${decimals ? `.${decimals}` : ''}`;
}

/** "KES 1,250.5" */
export function formatMoney(currency: string, wei: bigint): string {
  return `${currency} ${formatCoins(wei)}`;
}
