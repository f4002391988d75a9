import { useCurrency } from '../core/units';
import { cashOutProblem, feeReserveWei, maxCashOutWei } from './cash-out-limit';

const KES = 10n ** 18n;

describe('cash-out limit', () => {
  beforeAll(() => useCurrency('KES'));
  afterAll(() => useCurrency('ETH'));

  it('keeps back the gas limit the wallet will send times the most it pays per gas', () => {
    // 40,000 gas estimated, 25% headroom: 50,000 gas at 2 gwei.
    expect(feeReserveWei(40_000n, 2_000_000_000n)).toBe(100_000_000_000_000n);
  });

  it('lets a household cash out its balance less the fee, and not a wei more', () => {
    const balance = 12n * KES;
    const reserve = 100_000_000_000_000n; // KES 0.0001
    expect(maxCashOutWei(balance, reserve)).toBe(balance - reserve);
    expect(cashOutProblem(balance - reserve, balance, reserve)).toBeNull();
    expect(cashOutProblem(balance - reserve + 1n, balance, reserve)).toBe(
      'You hold KES 12.00, and a cash-out keeps about KES 0.0001 back for the network fee: you can cash out at most KES 11.9999.',
    );
    expect(cashOutProblem(balance, balance, reserve)).toMatch(/at most KES 11\.9999/);
  });

  it('says so when the balance cannot even pay the fee, and refuses nothing to cash out', () => {
    expect(maxCashOutWei(50n, 100n)).toBe(0n);
    expect(cashOutProblem(1n, 50n, 100n)).toMatch(/not enough to pay the network fee/);
    expect(cashOutProblem(0n, 12n * KES, 100n)).toBe('The amount must be more than 0.');
  });
});
