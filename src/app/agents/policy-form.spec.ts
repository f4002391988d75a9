import { limitsOfPolicy, readMoney } from './agent-chain-card';
import { agentPolicyToJson, parseAgentPolicy } from './agent-policy';
import { type PolicyFormValue, describePolicy, emptyPolicyForm, policyToForm, readPolicyForm } from './policy-form';

/** A form a household filled in well: sells above 60% at 0.2 or more, buys below 30% up to 50% at 0.3 or less. */
const filled: PolicyFormValue = {
  ...emptyPolicyForm(),
  sellFloorPrice: '0.2',
  buyCeilingPrice: '0.3',
  maxSoldPerDayKWh: '2.5',
  maxBoughtPerDayKWh: '1',
  maxSpentPerDay: '0.5',
};

const problems = (value: Partial<PolicyFormValue>) => {
  const reading = readPolicyForm({ ...filled, ...value });
  return reading.ok ? {} : reading.problems;
};

describe('the automatic-trading form', () => {
  it('reads a well-filled form into chain units: mWh, wei per mWh, wei', () => {
    const reading = readPolicyForm(filled);
    expect(reading).toEqual({
      ok: true,
      settings: {
        enabled: true,
        sellReserveSocPct: 60,
        sellFloorPrice: 200_000_000_000n,
        buyBelowSocPct: 30,
        buyTargetSocPct: 50,
        buyCeilingPrice: 300_000_000_000n,
        maxSoldPerDayMilliWh: 2_500_000n,
        maxBoughtPerDayMilliWh: 1_000_000n,
        maxSpentPerDayWei: 500_000_000_000_000_000n,
        activeFromHour: 0,
        activeToHour: 0,
      },
    });
  });

  it('says what is wrong with each field, in words, under that field', () => {
    expect(problems({ sellReserveSocPct: '101' })).toEqual({ sellReserveSocPct: 'The selling reserve must be a whole percentage from 0 to 100.' });
    expect(problems({ buyBelowSocPct: '12.5' })).toEqual({ buyBelowSocPct: 'The level it buys below must be a whole percentage from 0 to 100.' });
    expect(problems({ sellFloorPrice: 'cheap' })).toEqual({ sellFloorPrice: 'The lowest selling price must be a number of ETH per kWh, such as 0.2.' });
    expect(problems({ buyCeilingPrice: '0.0000000000001' })).toEqual({ buyCeilingPrice: 'The highest buying price takes at most 12 decimals.' });
    expect(problems({ maxSoldPerDayKWh: '' })).toEqual({ maxSoldPerDayKWh: 'Enter the energy sold per day (0 if none).' });
    expect(problems({ maxBoughtPerDayKWh: '5000' })).toEqual({ maxBoughtPerDayKWh: 'The energy bought per day can be at most 4,294.967295 kWh.' });
    expect(problems({ maxSpentPerDay: '1,5' })).toEqual({});
    expect(readPolicyForm({ ...filled, maxSpentPerDay: '1,5' })).toMatchObject({ settings: { maxSpentPerDayWei: 1_500_000_000_000_000_000n } });
    expect(problems({ maxSpentPerDay: '-1' })).toEqual({ maxSpentPerDay: 'The money spent per day cannot be negative.' });
    expect(problems({ maxSpentPerDay: 'lots' })).toEqual({ maxSpentPerDay: 'The money spent per day must be a number of ETH, such as 1.5.' });
    // The app's one number reader: thousands grouped, a decimal comma, and what cannot be read either way.
    expect(problems({ maxSoldPerDayKWh: '1,000' })).toEqual({});
    expect(problems({ maxSoldPerDayKWh: '1000,500' })).toEqual({
      maxSoldPerDayKWh: 'This could be read two ways: write 1000.5 (a point before the decimals) or 1,000,500 (commas between thousands).',
    });
  });

  it('keeps the levels in order: buy below ≤ target ≤ reserve, so it never sells what it has just bought', () => {
    expect(problems({ buyBelowSocPct: '55', buyTargetSocPct: '50' })).toEqual({
      buyTargetSocPct: 'The buying target (50%) must be at or above the level it buys below (55%).',
    });
    expect(problems({ buyTargetSocPct: '70' })).toEqual({
      sellReserveSocPct: 'The selling reserve (60%) must be at or above the buying target (70%), or the agent would sell what it has just bought.',
    });
  });

  it('asks for a price wherever a cap lets the agent trade, and takes 0 as "never"', () => {
    expect(problems({ sellFloorPrice: '0' })).toEqual({ sellFloorPrice: 'Set a lowest selling price above 0 (or sell 0 kWh a day to never sell).' });
    expect(problems({ buyCeilingPrice: '0' })).toEqual({ buyCeilingPrice: 'Set a highest buying price above 0 (or buy 0 kWh a day to never buy).' });
    const neverTrades = readPolicyForm({ ...filled, sellFloorPrice: '0', maxSoldPerDayKWh: '0', buyCeilingPrice: '0', maxBoughtPerDayKWh: '0' });
    expect(neverTrades.ok).toBe(true);
    if (neverTrades.ok) expect(describePolicy(neverTrades.settings)).toBe('The agent never sells; it never buys; all day.');
  });

  it('trades all day unless hours are chosen, and then wants two different ones (past midnight allowed)', () => {
    expect(problems({ limitHours: true, activeFromHour: 8, activeToHour: 8 })).toEqual({ activeToHour: 'Choose two different hours, or let it trade all day.' });
    const night = readPolicyForm({ ...filled, limitHours: true, activeFromHour: 22, activeToHour: 6 });
    expect(night.ok && [night.settings.activeFromHour, night.settings.activeToHour]).toEqual([22, 6]);
    if (night.ok) expect(describePolicy(night.settings)).toContain('from 22:00 to 06:00 (past midnight)');
    // Hours chosen then unticked: all day.
    const allDay = readPolicyForm({ ...filled, limitHours: false, activeFromHour: 22, activeToHour: 6 });
    expect(allDay.ok && [allDay.settings.activeFromHour, allDay.settings.activeToHour]).toEqual([0, 0]);
  });

  it('never lets through a policy the agent service would refuse (its own check, shared)', () => {
    const reading = readPolicyForm(filled);
    if (!reading.ok) throw new Error('expected a good form');
    const someone = '0x0000000000000000000000000000000000000001';
    const json = agentPolicyToJson({ ...reading.settings, household: someone, agent: someone, nonce: 1n, paused: false });
    expect(parseAgentPolicy(json)).toMatchObject(reading.settings);
  });

  it('reads a stored policy back into the same form', () => {
    const reading = readPolicyForm({ ...filled, limitHours: true, activeFromHour: 7, activeToHour: 19 });
    if (!reading.ok) throw new Error('expected a good form');
    const again = readPolicyForm(policyToForm(reading.settings));
    expect(again).toEqual(reading);
    expect(policyToForm(reading.settings)).toMatchObject({ sellFloorPrice: '0.2', maxSoldPerDayKWh: '2.5', maxSpentPerDay: '0.5', limitHours: true });
  });

  it('says in one sentence what the agent will do', () => {
    const reading = readPolicyForm(filled);
    if (!reading.ok) throw new Error('expected a good form');
    expect(describePolicy(reading.settings)).toBe(
      'The agent sells what your battery holds above 60% at ETH 0.20 per kWh or more, up to 2.5 kWh a day; ' +
        'it buys when it is below 30%, up to 50%, at ETH 0.30 per kWh or less, up to 1 kWh and ETH 0.50 a day; all day.',
    );
    expect(describePolicy({ ...reading.settings, enabled: false })).toBe('Automatic trading is off: the agent does nothing for you.');
    expect(describePolicy(reading.settings, true)).toMatch(/^Paused\. When resumed, the agent sells/);
  });

  it('puts the policy’s prices and caps on chain as the agent’s limits; no buying price when it never buys', () => {
    const reading = readPolicyForm(filled);
    if (!reading.ok) throw new Error('expected a good form');
    expect(limitsOfPolicy(reading.settings)).toEqual({
      maxBuyPrice: 300_000_000_000n,
      minSellPrice: 200_000_000_000n,
      maxBoughtPerDayMilliWh: 1_000_000n,
      maxSoldPerDayMilliWh: 2_500_000n,
      maxSpentPerDayWei: 500_000_000_000_000_000n,
    });
    expect(limitsOfPolicy({ ...reading.settings, maxBoughtPerDayMilliWh: 0n }).maxBuyPrice).toBe(0n);
  });

  it('reads budget amounts in the currency, exactly, and says what is wrong', () => {
    expect(readMoney('0.25')).toEqual({ wei: 250_000_000_000_000_000n });
    expect(readMoney('')).toEqual({ problem: 'Enter an amount in ETH.' });
    expect(readMoney('0')).toEqual({ problem: 'The amount must be more than 0.' });
    expect(readMoney('a lot')).toEqual({ problem: 'The amount must be a number of ETH, such as 0.5.' });
  });
});
