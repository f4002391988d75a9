import fc from 'fast-check';

import { parseDecimal } from './decimal-input';
import { separatorProblemText } from './input-problems';

/** The value read, in units of 10^-3, or the problem. */
function read(text: string): bigint | string {
  const parsed = parseDecimal(text, 3);
  return parsed.ok ? parsed.value : parsed.problem;
}

/** The digits of `value` (scaled by 10^decimals) as whole and fraction, trailing zeros removed. */
function digitsOf(value: bigint, decimals: number): { whole: string; fraction: string } {
  const scale = 10n ** BigInt(decimals);
  return { whole: (value / scale).toString(), fraction: (value % scale).toString().padStart(decimals, '0').replace(/0+$/, '') };
}

function grouped(whole: string, separator: string): string {
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

describe('parseDecimal', () => {
  it('reads a point as the decimal point, always', () => {
    expect(read('1.5')).toBe(1500n);
    expect(read('0.02')).toBe(20n);
    expect(read('.5')).toBe(500n);
    expect(read('1.')).toBe(1000n);
    expect(read('1.000')).toBe(1000n);
  });

  it('reads commas or spaces between groups of exactly three digits as thousands', () => {
    expect(read('1,000')).toBe(1_000_000n);
    expect(read('1,000 ')).toBe(1_000_000n);
    expect(read('12,500')).toBe(12_500_000n);
    expect(read('1,000,000')).toBe(1_000_000_000n);
    expect(read('1,000.5')).toBe(1_000_500n);
    expect(read('1 000')).toBe(1_000_000n);
    expect(read('1\u00a0000')).toBe(1_000_000n);
    expect(read('1\u202f000,5')).toBe(1_000_500n);
    expect(read('12 500.25')).toBe(12_500_250n);
    expect(parseDecimal('1,000', 3)).toMatchObject({ reading: 'grouped' });
  });

  it('reads a single comma that cannot group thousands as a decimal comma', () => {
    expect(read('1,5')).toBe(1500n);
    expect(read('0,25')).toBe(250n);
    expect(read('12,75')).toBe(12_750n);
    expect(read('0,500')).toBe(500n);
    expect(read(',5')).toBe(500n);
    expect(read('1,5000')).toBe(1500n);
    expect(read('1 000,5')).toBe(1_000_500n);
    expect(parseDecimal('1,5', 3)).toMatchObject({ reading: 'decimal-comma' });
  });

  it('refuses a comma that could be either, and gives both readings written plainly', () => {
    expect(parseDecimal('1000,500', 3)).toEqual({ ok: false, problem: 'ambiguous-separator', readings: { decimal: '1000.5', whole: '1,000,500' } });
    expect(parseDecimal('1 000,250', 3)).toEqual({ ok: false, problem: 'ambiguous-separator', readings: { decimal: '1000.25', whole: '1,000,250' } });
    expect(parseDecimal('1 000,000', 3)).toEqual({ ok: false, problem: 'ambiguous-separator', readings: { decimal: '1000', whole: '1,000,000' } });
  });

  it('refuses separators in places no way of writing numbers puts them', () => {
    for (const text of ['1.000.000', '1.000,5', '1,5.2', '10,00,000', '1,00,0', '1 5', '1  000', '0,500,000', '1, 000', '1,000 000', "1'000", '1_000']) {
      expect([text, read(text)]).toEqual([text, text.includes("'") || text.includes('_') ? 'not-a-number' : 'misplaced-separator']);
    }
  });

  it('says what else is wrong', () => {
    expect(read('')).toBe('empty');
    expect(read('  ')).toBe('empty');
    expect(read('.')).toBe('not-a-number');
    expect(read(',')).toBe('not-a-number');
    expect(read('1e3')).toBe('not-a-number');
    expect(read('1000 Wh')).toBe('not-a-number');
    expect(read('-1')).toBe('not-positive');
    expect(read('0')).toBe('not-positive');
    expect(read('0,000')).toBe('not-positive');
    expect(read('0.0001')).toBe('too-precise');
    expect(read('0.0010')).toBe(1n);
  });

  it('explains separator problems in a sentence that says how to write the number', () => {
    const ambiguous = parseDecimal('1000,500', 3);
    const misplaced = parseDecimal('1.000.000', 3);
    expect(!ambiguous.ok && separatorProblemText(ambiguous)).toBe(
      'This could be read two ways: write 1000.5 (a point before the decimals) or 1,000,500 (commas between thousands).',
    );
    expect(!misplaced.ok && separatorProblemText(misplaced)).toBe(
      'Write a point before the decimals (1.5) and, if you like, commas between thousands (1,000,000).',
    );
    const empty = parseDecimal('', 3);
    expect(!empty.ok && separatorProblemText(empty)).toBeNull();
  });

  describe('never misreads a number written the usual ways', () => {
    const values = fc.tuple(fc.bigInt({ min: 1n, max: 10n ** 24n }), fc.integer({ min: 0, max: 12 }));

    it('plain, or with commas between thousands and a decimal point: always the value', () => {
      fc.assert(
        fc.property(values, fc.boolean(), ([value, decimals], group) => {
          const { whole, fraction } = digitsOf(value, decimals);
          const text = `${group ? grouped(whole, ',') : whole}${fraction ? `.${fraction}` : ''}`;
          expect(parseDecimal(text, decimals)).toMatchObject({ ok: true, value });
        }),
      );
    });

    it('with spaces between thousands and a decimal point: always the value', () => {
      fc.assert(
        fc.property(values, fc.constantFrom(' ', '\u00a0', '\u202f'), ([value, decimals], space) => {
          const { whole, fraction } = digitsOf(value, decimals);
          expect(parseDecimal(`${grouped(whole, space)}${fraction ? `.${fraction}` : ''}`, decimals)).toMatchObject({ ok: true, value });
        }),
      );
    });

    it('with a decimal comma (and spaces between thousands, or none): the value, or refused; never another number', () => {
      fc.assert(
        fc.property(values, fc.boolean(), ([value, decimals], group) => {
          const { whole, fraction } = digitsOf(value, decimals);
          // "123,456" is 123456 by the community's rule: a decimal comma before exactly three digits is
          // read as thousands when the whole part could be a first group. Everything else:
          fc.pre(fraction.length > 0 && !(fraction.length === 3 && /^[1-9]\d{0,2}$/.test(whole)));
          const parsed = parseDecimal(`${group ? grouped(whole, ' ') : whole},${fraction}`, decimals);
          if (parsed.ok) expect(parsed.value).toBe(value);
          else expect(parsed.problem).toBe('ambiguous-separator');
        }),
      );
    });

    it('anything typed: a value only under the reading it reports, groups always of three digits', () => {
      fc.assert(
        fc.property(fc.stringMatching(/^[0-9., ]{1,12}$/), (text) => {
          const parsed = parseDecimal(text, 6);
          if (!parsed.ok) return;
          const typed = text.trim();
          const decimalComma = parsed.reading === 'decimal-comma';
          const [whole, fraction = ''] = typed.split(decimalComma ? ',' : '.');
          if (/[, ]/.test(whole)) expect(whole).toMatch(/^[1-9]\d{0,2}(([, ])\d{3})(\2\d{3})*$/);
          expect(fraction).toMatch(/^\d*$/);
          const digits = whole.replace(/[, ]/g, '') + fraction.padEnd(6, '0');
          expect(parsed.value).toBe(BigInt(digits));
        }),
      );
    });
  });
});
