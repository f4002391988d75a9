import fc from 'fast-check';

import { exactDecimal, formatBytes, formatEnergy, formatEth, formatGwei, formatInteger, formatPricePerKwh, formatUtc, timeAgo } from './market-units';

describe('market units', () => {
  it('shows energy from mWh in Wh below 1 kWh and in kWh from 1 kWh up', () => {
    expect(formatEnergy(0n)).toBe('0 Wh');
    expect(formatEnergy(1n)).toBe('0.001 Wh');
    expect(formatEnergy(500_000n)).toBe('500 Wh');
    expect(formatEnergy(999_999n)).toBe('999.999 Wh');
    expect(formatEnergy(1_000_000n)).toBe('1 kWh');
    expect(formatEnergy(2_500_000n)).toBe('2.5 kWh');
    expect(formatEnergy(1_234_567_890n)).toBe('1,234.56789 kWh');
  });

  it('shows prices in ETH per kWh from wei per mWh (1 ETH/kWh = 10^12 wei/mWh)', () => {
    expect(formatPricePerKwh(1_000_000_000_000n)).toBe('1 ETH/kWh');
    expect(formatPricePerKwh(200_000_000_000n)).toBe('0.2 ETH/kWh');
    expect(formatPricePerKwh(1n)).toBe('0.000000000001 ETH/kWh');
  });

  it('shows wei as ETH and gwei exactly', () => {
    expect(formatEth(0n)).toBe('0 ETH');
    expect(formatEth(200_000_000_000_000_000n)).toBe('0.2 ETH');
    expect(formatEth(1n)).toBe('0.000000000000000001 ETH');
    expect(formatEth(1_000_000_000_000_000_000_000n)).toBe('1,000 ETH');
    expect(formatGwei(2_000_000_000n)).toBe('2 gwei');
  });

  it('writes any integer out exactly: reading the decimal back gives the integer', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.integer({ min: 0, max: 18 }), (value, decimals) => {
        const text = exactDecimal(value, decimals).replace(/,/g, '');
        const [whole, fraction = ''] = text.split('.');
        expect(BigInt(whole + fraction.padEnd(decimals, '0'))).toBe(value);
        expect(fraction.endsWith('0')).toBe(false);
      }),
    );
  });

  it('groups thousands, sizes bytes, dates in UTC and says how long ago', () => {
    expect(formatInteger(30_000_000n)).toBe('30,000,000');
    expect(formatInteger(999)).toBe('999');
    expect(formatBytes(668)).toBe('668 B');
    expect(formatBytes(1_234)).toBe('1.2 kB');
    expect(formatUtc(1_667_939_907)).toBe('2022-11-08 20:38:27 UTC');
    expect(timeAgo(100, 112)).toBe('12 s ago');
    expect(timeAgo(100, 100 + 180)).toBe('3 min ago');
    expect(timeAgo(100, 100 + 5 * 3600)).toBe('5 h ago');
    expect(timeAgo(100, 100 + 86_400)).toBe('1 day ago');
    expect(timeAgo(100, 100 + 3 * 86_400)).toBe('3 days ago');
    expect(timeAgo(100, 104)).toBe('just now');
    expect(timeAgo(200, 100)).toBe('just now');
  });
});
