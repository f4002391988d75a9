/** Figures as the person reads them on screen, computed from what the chain holds. */
import { formatUnits } from 'ethers';

/** Wei as ETH cut (not rounded) to `decimals` places, trailing zeros dropped: "999.98765 ETH". */
export function ethAsShown(wei: bigint, decimals = 6): string {
  const [whole, fraction = ''] = formatUnits(wei, 18).split('.');
  const cut = fraction.slice(0, decimals).replace(/0+$/, '');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${grouped}${cut ? '.' + cut : ''} ETH`;
}

/** ETH per kWh to the contract's wei per mWh: 1 ETH/kWh = 10^18 wei / 10^6 mWh. */
export function weiPerMilliWh(ethPerKWh: string): bigint {
  const [whole, fraction = ''] = ethPerKWh.split('.');
  return BigInt(whole) * 10n ** 12n + BigInt((fraction + '000000000000').slice(0, 12));
}
