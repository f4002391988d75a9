import fc from 'fast-check';

import {
  formatBytes,
  formatDecimal,
  formatEnergy,
  formatEnergyFigures,
  formatMoney,
  formatGwei,
  formatInteger,
  formatPricePerKWh,
  parseDecimal,
  parseEnergy,
  parsePricePerKWh,
  percentOf,
  shortAddress,
  totalWei,
  useCurrency,
} from './units';

describe('units', () => {
  describe('parseEnergy', () => {
    it('turns Wh and kWh into whole mWh, exactly', () => {
      expect(parseEnergy('1.5', 'Wh')).toEqual({ ok: true, value: 1500n, reading: 'plain' });
      expect(parseEnergy('2', 'kWh')).toEqual({ ok: true, value: 2_000_000n, reading: 'plain' });
      expect(parseEnergy('0.000001', 'kWh')).toEqual({ ok: true, value: 1n, reading: 'plain' });
      expect(parseEnergy(' 0,25 ', 'Wh')).toEqual({ ok: true, value: 250n, reading: 'decimal-comma' });
      expect(parseEnergy('1,000', 'Wh')).toEqual({ ok: true, value: 1_000_000n, reading: 'grouped' });
      expect(parseEnergy('.5', 'Wh')).toEqual({ ok: true, value: 500n, reading: 'plain' });
    });

    it('says why a quantity is refused', () => {
      expect(parseEnergy('', 'Wh')).toEqual({ ok: false, problem: 'empty' });
      expect(parseEnergy('abc', 'Wh')).toEqual({ ok: false, problem: 'not-a-number' });
      expect(parseEnergy('-1', 'Wh')).toEqual({ ok: false, problem: 'not-positive' });
      expect(parseEnergy('1e3', 'Wh')).toEqual({ ok: false, problem: 'not-a-number' });
      expect(parseEnergy('.', 'Wh')).toEqual({ ok: false, problem: 'not-a-number' });
      expect(parseEnergy('0.0001', 'Wh')).toEqual({ ok: false, problem: 'too-precise' });
      expect(parseEnergy('0', 'kWh')).toEqual({ ok: false, problem: 'not-positive' });
      expect(parseEnergy('0.000', 'kWh')).toEqual({ ok: false, problem: 'not-positive' });
    });
  });

  describe('prices', () => {
    it('reads a price per kWh as wei per mWh (1 coin per kWh = 1e12 wei/mWh)', () => {
      expect(parsePricePerKWh('1')).toMatchObject({ ok: true, value: 1_000_000_000_000n });
      expect(parsePricePerKWh('0.2')).toMatchObject({ ok: true, value: 200_000_000_000n });
      expect(parsePricePerKWh('0,02')).toMatchObject({ ok: true, value: 20_000_000_000n });
      expect(parsePricePerKWh('0.000000000001')).toMatchObject({ ok: true, value: 1n });
      expect(parsePricePerKWh('0.0000000000001')).toEqual({ ok: false, problem: 'too-precise' });
    });

    it('prices a quantity exactly as the contract does', () => {
      // 1.5 kWh at ETH 0.20 per kWh = ETH 0.30
      expect(formatMoney(totalWei(1_500_000n, 200_000_000_000n))).toBe('ETH 0.30');
    });
  });

  describe('formatting', () => {
    it('writes energy in Wh below 1 kWh and in kWh from there', () => {
      expect(formatEnergy(0n)).toBe('0 Wh');
      expect(formatEnergy(1500n)).toBe('1.5 Wh');
      expect(formatEnergy(500_000n)).toBe('500 Wh');
      expect(formatEnergy(2000n)).toBe('2 Wh');
      expect(formatEnergy(1n)).toBe('0.001 Wh');
      expect(formatEnergy(999_999n)).toBe('999.999 Wh');
      expect(formatEnergy(1_000_000n)).toBe('1 kWh');
      expect(formatEnergy(2_500_000n)).toBe('2.5 kWh');
      expect(formatEnergy(1_234_567_890n)).toBe('1,234.56789 kWh');
      expect(formatEnergy(12_345_678_000n)).toBe('12,345.678 kWh');
    });

    it('writes figures to compare in one unit with three decimals, rounded down', () => {
      expect(formatEnergyFigures([1_000_000n, 972_000n])).toEqual(['1.000 kWh', '0.972 kWh']);
      expect(formatEnergyFigures([2_000n, 1_960n])).toEqual(['2.000 Wh', '1.960 Wh']);
      expect(formatEnergyFigures([1_000_000n, 999_999n])).toEqual(['1.000 kWh', '0.999 kWh']);
      expect(formatEnergyFigures([0n])).toEqual(['0.000 Wh']);
      expect(formatEnergyFigures([1_234_567_890n])).toEqual(['1,234.567 kWh']);
    });

    it("writes money in the community's currency, symbol first and cents kept", () => {
      useCurrency('KES');
      try {
        expect(formatPricePerKWh(24_500_000_000_000n)).toBe('KES 24.50 per kWh');
        expect(formatMoney(1_200_500_000_000_000_000_000n)).toBe('KES 1,200.50');
        expect(formatMoney(123_456_000_000_000n)).toBe('KES 0.000123456');
        expect(formatMoney(3_000_000_000_000_000_000n, 6)).toBe('KES 3.00');
      } finally {
        useCurrency('ETH');
      }
    });

    it('writes prices and money without losing digits unless asked to', () => {
      expect(formatPricePerKWh(1_000_000_000_000n)).toBe('ETH 1.00 per kWh');
      expect(formatPricePerKWh(200_000_000_000n)).toBe('ETH 0.20 per kWh');
      expect(formatPricePerKWh(1n)).toBe('ETH 0.000000000001 per kWh');
      expect(formatMoney(0n)).toBe('ETH 0.00');
      expect(formatMoney(200_000_000_000_000_000n)).toBe('ETH 0.20');
      expect(formatMoney(1n)).toBe('ETH 0.000000000000000001');
      expect(formatMoney(1_000_000_000_000_000_000_000n)).toBe('ETH 1,000.00');
      expect(formatGwei(2_000_000_000n)).toBe('2 gwei');
      expect(formatMoney(999_947_199_380_000_000_000n, 6)).toBe('ETH 999.947199');
      expect(formatMoney(1n, 6)).toBe('ETH <0.000001');
      expect(formatDecimal(0n, 18)).toBe('0');
      expect(formatDecimal(-1_500n, 3)).toBe('-1.5');
    });

    it('writes any integer out exactly: reading the decimal back gives the integer', () => {
      fc.assert(
        fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.integer({ min: 0, max: 18 }), (value, decimals) => {
          const text = formatDecimal(value, decimals).replace(/,/g, '');
          const [whole, fraction = ''] = text.split('.');
          expect(BigInt(whole + fraction.padEnd(decimals, '0'))).toBe(value);
          expect(fraction.endsWith('0')).toBe(false);
        }),
      );
    });

    it('groups thousands and sizes bytes', () => {
      expect(formatInteger(30_000_000n)).toBe('30,000,000');
      expect(formatInteger(999)).toBe('999');
      expect(formatBytes(668)).toBe('668 B');
      expect(formatBytes(1_234)).toBe('1.2 kB');
    });

    it('parses what it formats, thousands grouped or not', () => {
      for (const value of [1n, 999n, 1000n, 123_456_789n, 1_000_000_000n]) {
        expect(parseDecimal(formatDecimal(value, 6), 6)).toMatchObject({ ok: true, value });
        expect(parseDecimal(formatDecimal(value, 6).replaceAll(',', ''), 6)).toMatchObject({ ok: true, value });
      }
    });

    it('shortens addresses and measures progress', () => {
      expect(shortAddress('0x3497b73cebb35c9878eebcc4eaad1cb0987220e6')).toBe('0x3497…20e6');
      expect(percentOf(750n, 1000n)).toBe(75);
      expect(percentOf(2000n, 1000n)).toBe(100);
      expect(percentOf(1n, 0n)).toBe(0);
    });
  });
});
