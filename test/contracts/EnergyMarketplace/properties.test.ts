/**
 * Property-based test: random sequences of 50 actions by 10 participants (7 plain accounts, a
 * receiver that always reverts, one that can be switched to refuse, and a re-entrant attacker) and
 * their agents (two agent keys, or a participant acting as another's agent), checked against a model
 * after every step. Agents act at random within and beyond their households' limits: every action
 * beyond must revert with the error and values the model predicts, and a floor on accepted agent
 * actions keeps the generator from drifting to rejections. Crossing orders take candidate lists
 * drawn from the book, with stale, own and out-of-order ids mixed in. Each sequence starts from one chain snapshot
 * (evm_revert), and each step is driven through raw JSON-RPC on the in-process network to stay fast.
 */
// node:assert, not chai: chai's matcher plugins cost milliseconds per call, and this test makes
// hundreds of thousands of checks.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ethers, network } from 'hardhat';
import type { ErrorFragment, EventFragment, FunctionFragment, Interface, Result } from 'ethers';
import type { MarketAudit } from '../../../typechain-types';
import {
  DAY,
  MAX_PRICE,
  MAX_QUANTITY,
  MAX_SPEND_PER_DAY,
  MarketModel,
  OFFER,
  REQUEST,
  type AgentLimits,
  type Delivery,
  type Participant,
  type Payment,
  type Rejection,
} from '../helpers/market-model';
import { coverageRunning, deployMarketplace } from '../helpers/fixtures';

const ACTIONS_PER_SEQUENCE = 50;
// Under coverage instrumentation every step is many times slower, and coverage needs far fewer runs.
// PROPERTY_RUNS overrides the count for a quick local run.
const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? (coverageRunning() ? 3 : 300));
const SETTLEMENT_WINDOW = 600n;
/**
 * The least share of the calls to each market function that must be carried
 * out (not refused): about half of what the generator reaches (two runs of
 * 60 sequences: createOffer 90 %, createRequest 86 %, buy 51 %, settle 49 %,
 * fill 46-52 %, cancelOffer 39-47 %, cancelRequest 30-43 %, settleBatch
 * 15-21 %, reclaim 6-12 %, withdraw 1-4 %).
 */
const ACCEPTED_SHARE_FLOOR = {
  createOffer: 0.45,
  createRequest: 0.4,
  buy: 0.25,
  settle: 0.25,
  fill: 0.2,
  cancelOffer: 0.15,
  cancelRequest: 0.12,
  settleBatch: 0.06,
} as const;
/**
 * Withdrawals and reclaims are rare by nature (a push must have failed, a
 * deadline must have passed) and come in clusters: one sequence that refuses
 * payments gives several withdrawals, most give none. Their share swings too
 * much for a floor (withdraw: 6 of 540 in one run of 300 sequences, 4 % in
 * others), so they must only be carried out a few times over all sequences.
 */
const RARE_ACCEPTED_AT_LEAST = { reclaim: 5, withdraw: 2 } as const;
/** Of all market calls, the least share carried out (the generator reaches about half). */
const ACCEPTED_OVERALL_FLOOR = 0.35;
/** Below this many calls a function's share says little (a coverage run makes only 3 sequences). */
const CALLS_FOR_A_SHARE = 30;
const LINE_LOSS_BPS = 300n;
// Coverage instrumentation multiplies the gas of every statement: a crossing order of several
// candidates would run out of 3 million there.
const GAS = '0x' + (coverageRunning() ? 25_000_000 : 3_000_000).toString(16);
// Explicit fees, so Hardhat's automatic fee lookup does not add a request to every transaction.
const MAX_FEE = '0x' + (100n * 10n ** 9n).toString(16);
const PRIORITY_FEE = '0x' + (10n ** 9n).toString(16);

// ------------------------------------------------------------------ actions

const actor = fc.nat({ max: 9 });
/** Quantities: mostly small, sometimes zero or over the limit. */
const quantity = fc.oneof(
  { weight: 20, arbitrary: fc.bigInt({ min: 1n, max: 5_000n }) },
  { weight: 1, arbitrary: fc.constantFrom(0n, MAX_QUANTITY, MAX_QUANTITY + 1n) },
);
const price = fc.oneof(
  { weight: 20, arbitrary: fc.bigInt({ min: 1n, max: 1_000_000_000n }) },
  { weight: 1, arbitrary: fc.constantFrom(0n, MAX_PRICE + 1n) },
);
/** -1, 0 or +1 wei off the exact payment; mostly exact. */
const payOff = fc.oneof({ weight: 12, arbitrary: fc.constant(0n) }, { weight: 1, arbitrary: fc.constantFrom(-1n, 1n) });
/**
 * Picks an order or trade id: mostly one the action fits (an open offer to buy, an open trade to
 * settle...), sometimes any id, 0, or one past the end.
 */
const idPick = fc.oneof({ weight: 16, arbitrary: fc.nat() }, { weight: 1, arbitrary: fc.constantFrom(-1, -2, -3) });
/**
 * What the buyer's meter reports, relative to the seller's: none (one-sided), the same, within the
 * line-loss allowance, just past it, far short (a tampered seller), more, or any share of the trade.
 */
const received = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ mode: 'none' as const, n: 0 }) },
  { weight: 6, arbitrary: fc.record({ mode: fc.constantFrom('same', 'within', 'beyond', 'far', 'more', 'any'), n: fc.nat() }) },
);
/** How much to take of what remains, or to report delivered of what was traded. */
const share = fc.record({
  mode: fc.oneof(
    { weight: 3, arbitrary: fc.constant('all') },
    { weight: 6, arbitrary: fc.constant('part') },
    { weight: 1, arbitrary: fc.constantFrom('zero', 'over') },
  ),
  n: fc.nat(),
});

/**
 * How a crossing order's candidates are chosen from the book: the crossing orders best first (a
 * prefix of them), with stale or unfit ids mixed in (unknown, closed, own, the other side, not
 * crossing), and now and then two swapped (out of order).
 */
const candidates = fc.record({
  take: fc.nat({ max: 4 }),
  noise: fc.array(fc.nat(), { maxLength: 2 }),
  swap: fc.oneof({ weight: 10, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});

/** A household that may have an agent: the seven plain accounts. */
const household = fc.nat({ max: 6 });
/** A limit: mostly in range, now and then one past what the contract accepts (-1). */
const limit = (max: bigint) =>
  fc.oneof({ weight: 30, arbitrary: fc.bigInt({ min: 0n, max }) }, { weight: 1, arbitrary: fc.constant(-1n) });
/** Prices: mostly generous (most of the book fits), sometimes anything. */
const priceLimit = (low: bigint, high: bigint) =>
  fc.oneof({ weight: 3, arbitrary: fc.bigInt({ min: low, max: high }) }, { weight: 1, arbitrary: limit(1_000_000_000n) });
const limits = fc.record({
  maxBuyPrice: priceLimit(700_000_000n, 1_000_000_000n),
  minSellPrice: priceLimit(1n, 300_000_000n),
  maxBoughtPerDayMilliWh: limit(20_000n),
  maxSoldPerDayMilliWh: limit(20_000n),
  maxSpentPerDayWei: limit(20_000_000_000_000n),
});
const AGENT_OPS = ['createOffer', 'createRequest', 'buy', 'fill', 'cancelOffer', 'cancelRequest', 'placeOffer', 'placeRequest'] as const;
/**
 * An agent's action for a household: mostly one that fits its limits, now and then one that breaks
 * a limit on purpose (price, daily cap, budget), takes the household's own order, or comes from
 * someone who is not its agent.
 */
const agentAct = fc.record({
  type: fc.constant('agentAct' as const),
  household,
  // Posting most often, so there are agent orders to take and cancel.
  op: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('createOffer' as const, 'createRequest' as const) },
    { weight: 2, arbitrary: fc.constantFrom('buy' as const, 'fill' as const) },
    { weight: 1, arbitrary: fc.constantFrom('cancelOffer' as const, 'cancelRequest' as const) },
    { weight: 2, arbitrary: fc.constantFrom('placeOffer' as const, 'placeRequest' as const) },
  ),
  candidates,
  byAgent: fc.oneof({ weight: 12, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  fit: fc.oneof({ weight: 8, arbitrary: fc.constant('fit' as const) }, { weight: 3, arbitrary: fc.constantFrom('price', 'cap', 'budget', 'own', 'any') }),
  n: fc.nat(),
  pick: fc.nat(),
});

const action = fc.oneof(
  { weight: 4, arbitrary: fc.record({ type: fc.constant('createOffer' as const), actor, quantity, price }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('createRequest' as const), actor, quantity, price, payOff }) },
  { weight: 5, arbitrary: fc.record({ type: fc.constant('buy' as const), actor, order: idPick, share, payOff }) },
  { weight: 4, arbitrary: fc.record({ type: fc.constant('fill' as const), actor, order: idPick, share }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('cancelOffer' as const), actor, order: idPick, byMaker: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('cancelRequest' as const), actor, order: idPick, byMaker: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ type: fc.constant('settle' as const), trade: idPick, share, received, byOperator: fc.nat(9) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('settleBatch' as const),
      trades: fc.array(fc.record({ trade: idPick, share, received }), { minLength: 0, maxLength: 4 }),
      byOperator: fc.nat(9),
    }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('reclaim' as const), actor, trade: idPick, byBuyer: fc.nat(4) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('advanceTime' as const), seconds: fc.bigInt({ min: 0n, max: 2n * SETTLEMENT_WINDOW }) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('withdraw' as const), actor: fc.oneof(actor, fc.constantFrom(7, 8, 9)) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('toggleRefusing' as const) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('authorizeAgent' as const),
      household,
      agentPick: fc.nat({ max: 9 }),
      limits,
      deposit: fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 50_000_000_000_000n })),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('revokeAgent' as const), household }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('depositBudget' as const), household, amount: fc.bigInt({ min: 0n, max: 20_000_000_000_000n }) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('withdrawBudget' as const), household, share }) },
  { weight: 14, arbitrary: agentAct },
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constantFrom('placeOffer' as const, 'placeRequest' as const),
      actor: fc.nat({ max: 6 }),
      quantity,
      price,
      candidates,
      payOff,
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('advanceDay' as const), seconds: fc.bigInt({ min: 6n * 3600n, max: DAY }) }) },
);
type Action = typeof action extends fc.Arbitrary<infer A> ? A : never;

function resolveId(pick: number, fitting: bigint[], count: number): bigint {
  if (pick === -1) return 0n;
  if (pick === -3 && count > 0) return BigInt((pick + count * 7) % count) + 1n;
  if (pick < 0 || fitting.length === 0) return BigInt(count + 1);
  return fitting[pick % fitting.length];
}

function resolveShare(s: { mode: string; n: number }, whole: bigint): bigint {
  switch (s.mode) {
    case 'all':
      return whole;
    case 'zero':
      return 0n;
    case 'over':
      return whole + 1n + BigInt(s.n % 1000);
    default:
      return whole === 0n ? 0n : 1n + (BigInt(s.n) % whole);
  }
}

/** The buyer meter's figure for a trade of `quantity` whose seller reported `sent`; undefined: no meter. */
function resolveReceived(r: { mode: string; n: number }, sent: bigint, quantity: bigint): bigint | undefined {
  const base = sent < quantity ? sent : quantity;
  const allowed = (base * (10_000n - LINE_LOSS_BPS) + 9_999n) / 10_000n; // the least that is not disputed
  switch (r.mode) {
    case 'none':
      return undefined;
    case 'same':
      return sent;
    case 'within':
      return allowed + (base === allowed ? 0n : BigInt(r.n) % (base - allowed + 1n));
    case 'beyond':
      return allowed === 0n ? 0n : allowed - 1n;
    case 'far':
      return (base * 4n) / 10n;
    case 'more':
      return sent + 1n + BigInt(r.n % 1000);
    default:
      return BigInt(r.n) % (quantity + 2n);
  }
}

// ------------------------------------------------------------------ the chain

type Rpc = (method: string, params?: unknown[]) => Promise<unknown>;
/** A decoded event of the market. */
type MarketLog = { name: string; args: Result };
const rpc: Rpc = (method, params = []) => network.provider.request({ method, params });
const hex = (value: bigint) => '0x' + value.toString(16);

interface Receipt {
  status: string;
  gasUsed: string;
  effectiveGasPrice: string;
  logs: Array<{ address: string; topics: string[]; data: string }>;
}

/** Revert data out of a provider error, wherever this provider puts it. */
function revertData(error: unknown): string | undefined {
  let current = error as { data?: unknown; error?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; current && depth < 5; depth++) {
    if (typeof current.data === 'string' && current.data.startsWith('0x')) return current.data;
    if (current.data && typeof (current.data as { data?: unknown }).data === 'string') {
      return (current.data as { data: string }).data;
    }
    current = (current.error ?? current.cause) as typeof current;
  }
  return undefined;
}

const normalise = (values: unknown[]) =>
  values.map((value) => (typeof value === 'string' ? value.toLowerCase() : typeof value === 'number' ? BigInt(value) : value));

describe('EnergyMarketplace properties', function () {
  it(`keeps its books exact over ${NUM_RUNS} random sequences of ${ACTIONS_PER_SEQUENCE} actions by 10 accounts`, async function () {
    this.timeout(0);
    const signers = await ethers.getSigners();
    const [deployer, operator] = signers;
    const market = await deployMarketplace(operator.address, SETTLEMENT_WINDOW, LINE_LOSS_BPS, deployer);
    const marketAddress = (await market.getAddress()).toLowerCase();
    const audit = (await ethers.deployContract('MarketAudit', deployer)) as MarketAudit;
    const eoaActors = signers.slice(2, 9);
    const [revertingOwner, switchOwner, attackerOwner] = signers.slice(9, 12);
    const reverting = await ethers.deployContract('RevertingReceiver', [marketAddress], revertingOwner);
    const switchable = await ethers.deployContract('SwitchableReceiver', [marketAddress], switchOwner);
    const attacker = await ethers.deployContract('ReentrantAttacker', [marketAddress], attackerOwner);
    // The attacker tries to withdraw again from inside every payment it receives.
    await (await attacker.arm(market.interface.encodeFunctionData('withdraw'), 0n)).wait();
    // Untyped views of the two ABIs, for calls chosen at run time by name.
    const marketInterface: Interface = market.interface as unknown as Interface;
    const actorInterface: Interface = reverting.interface as unknown as Interface;
    // Fragments looked up once: ethers finds them by hashing every signature on every call.
    const fragments = (iface: Interface) => {
      const byName = new Map<string, FunctionFragment>();
      iface.forEachFunction((f) => byName.set(f.name, f));
      return byName;
    };
    const marketFunctions = fragments(marketInterface);
    const actorFunctions = fragments(actorInterface);
    const encode = (method: string, args: unknown[], iface = marketInterface, byName = marketFunctions) =>
      iface.encodeFunctionData(byName.get(method)!, args);
    const errorsBySelector = new Map<string, ErrorFragment>();
    marketInterface.forEachError((f) => errorsBySelector.set(f.selector, f));
    const eventsByTopic = new Map<string, EventFragment>();
    marketInterface.forEachEvent((f) => eventsByTopic.set(f.topicHash, f));

    const participants: Participant[] = [
      ...eoaActors.map((s) => ({ address: s.address.toLowerCase(), sender: s.address.toLowerCase(), behaviour: 'accepts' as const })),
      { address: (await reverting.getAddress()).toLowerCase(), sender: revertingOwner.address.toLowerCase(), behaviour: 'reverts' },
      { address: (await switchable.getAddress()).toLowerCase(), sender: switchOwner.address.toLowerCase(), behaviour: 'switchable' },
      { address: (await attacker.getAddress()).toLowerCase(), sender: attackerOwner.address.toLowerCase(), behaviour: 'attacker' },
    ];
    const operatorAddress = operator.address.toLowerCase();
    // Two agent keys of their own; an agent may also be one of the participants (then its own orders are off limits).
    const agentKeys = signers.slice(12, 14).map((s) => s.address.toLowerCase());
    const tracked = [
      ...new Set([...participants.flatMap((p) => [p.address, p.sender]), operatorAddress, ...agentKeys]),
    ];

    const auditAddress = await audit.getAddress();
    const auditCall = audit.interface.encodeFunctionData('audit', [marketAddress, tracked]);
    /** MarketAudit.audit, decoded by hand: ethers' generic decoder is the slowest part of a step. */
    async function readAudit() {
      const raw = (await rpc('eth_call', [{ to: auditAddress, data: auditCall }, 'latest'])) as string;
      const word = (index: number) => BigInt('0x' + raw.slice(2 + index * 64, 2 + (index + 1) * 64));
      const base = Number(word(0)) / 32; // the returned struct is dynamic: its head sits at this offset
      const array = (field: number) => {
        const at = base + Number(word(base + field)) / 32;
        return Array.from({ length: Number(word(at)) }, (_, i) => word(at + 1 + i));
      };
      return {
        marketBalance: word(base),
        owedWei: word(base + 1),
        balances: array(2),
        credits: array(3),
        budgets: array(4),
        remaining: array(5),
      };
    }
    // The hand decoder is checked once against ethers' own.
    const decoded = audit.interface.decodeFunctionResult(
      'audit',
      (await rpc('eth_call', [{ to: auditAddress, data: auditCall }, 'latest'])) as string,
    )[0];
    assert.deepEqual(await readAudit(), {
      marketBalance: decoded.marketBalance,
      owedWei: decoded.owedWei,
      balances: [...decoded.balances],
      credits: [...decoded.credits],
      budgets: [...decoded.budgets],
      remaining: [...decoded.remaining],
    });

    // Every sequence starts with three households that already have an agent, limits and a budget, so
    // agents act from the first step; the sequences authorize, revoke and fund others at random.
    const START_LIMITS: AgentLimits = {
      maxBuyPrice: 800_000_000n,
      minSellPrice: 200_000_000n,
      maxBoughtPerDayMilliWh: 15_000n,
      maxSoldPerDayMilliWh: 15_000n,
      maxSpentPerDayWei: 10_000_000_000_000n,
    };
    const START_BUDGET = 20_000_000_000_000n;
    const startAgents = [0, 1, 2].map((h) => ({ household: h, agent: agentKeys[h % 2] }));
    for (const { household: h, agent } of startAgents) {
      await (await market.connect(eoaActors[h]).authorizeAgent(agent, START_LIMITS, { value: START_BUDGET })).wait();
    }
    const start = await readAudit();
    const startBalances = new Map(tracked.map((address, i) => [address, start.balances[i]]));
    startBalances.set(marketAddress, start.marketBalance);
    const startTotal = [...startBalances.values()].reduce((a, b) => a + b, 0n);
    const startTime = BigInt(((await rpc('eth_getBlockByNumber', ['latest', false])) as { timestamp: string }).timestamp);
    let snapshotId = (await rpc('evm_snapshot')) as string;

    let steps = 0;
    let transactions = 0;
    let rejections = 0;
    /** Market calls by function: carried out, and refused with the predicted error. */
    const accepted: Record<string, number> = {};
    const refused: Record<string, number> = {};
    /** Agent actions tried and accepted, by kind: a generator that drifts to rejections fails the test. */
    const agentTried = new Map<string, number>();
    const agentAccepted = new Map<string, number>();
    const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
    const began = Date.now();
    const cpuBefore = process.cpuUsage();

    async function runSequence(actions: Action[]): Promise<void> {
      await rpc('evm_revert', [snapshotId]);
      snapshotId = (await rpc('evm_snapshot')) as string;
      const model = new MarketModel(participants, operatorAddress, SETTLEMENT_WINDOW, LINE_LOSS_BPS, startBalances);
      for (const { household: h, agent } of startAgents) Object.assign(model.agentOf(h), { agent, limits: START_LIMITS, budget: START_BUDGET });
      let now = startTime + 1n;
      // The chain changes only by mined transactions (rejections are checked with eth_call, time
      // travel is the model's clock): after any other step the last audit still holds.
      let lastAudit = start;
      let mined = true;

      /** Sends a transaction the model says must succeed; books its gas; returns the market's logs. */
      async function send(from: string, to: string, data: string, value = 0n): Promise<MarketLog[]> {
        // Every block gets the model's time, so deadlines and reclaims are predictable to the second.
        await rpc('evm_setNextBlockTimestamp', [hex(now)]);
        const hash = (await rpc('eth_sendTransaction', [
          { from, to, data, value: hex(value), gas: GAS, maxFeePerGas: MAX_FEE, maxPriorityFeePerGas: PRIORITY_FEE },
        ])) as string;
        const receipt = (await rpc('eth_getTransactionReceipt', [hash])) as Receipt;
        assert.equal(receipt.status, '0x1', 'transaction reverted');
        now += 1n;
        mined = true;
        transactions++;
        model.payGas(from, BigInt(receipt.gasUsed) * BigInt(receipt.effectiveGasPrice));
        if (value > 0n) model.move(from, marketAddress, value);
        return receipt.logs
          .filter((log) => log.address.toLowerCase() === marketAddress)
          .map((log) => {
            const fragment = eventsByTopic.get(log.topics[0])!;
            return { name: fragment.name, args: marketInterface.decodeEventLog(fragment, log.data, log.topics) };
          });
      }

      /** Checks, without a transaction, that the call reverts with exactly the predicted error. */
      async function expectRejected(from: string, to: string, data: string, value: bigint, rejection: Rejection, atNow = false) {
        // A reclaim and an agent's daily caps depend on the time: check them in the next block, which
        // has the model's time.
        const timed = atNow || rejection.error === 'EnergyMarketplaceReclaimTooEarly';
        if (timed) await rpc('evm_setNextBlockTimestamp', [hex(now)]);
        let raw: string | undefined;
        try {
          await rpc('eth_call', [{ from, to, data, value: hex(value), gas: GAS }, timed ? 'pending' : 'latest']);
        } catch (error) {
          raw = revertData(error);
        }
        assert.equal(typeof raw, 'string', `expected ${rejection.error}, the call succeeded`);
        const fragment = errorsBySelector.get(raw!.slice(0, 10));
        assert.equal(fragment?.name, rejection.error);
        assert.deepEqual(normalise([...marketInterface.decodeErrorResult(fragment!, raw!)]), normalise(rejection.args));
        rejections++;
      }

      /** Runs an action as participant `who`: directly, or through its receiver contract. */
      async function act(who: number, method: string, args: unknown[], value: bigint, rejection: Rejection | undefined) {
        const participant = participants[who];
        const direct = participant.address === participant.sender;
        const data = direct
          ? encode(method, args)
          : encode(method, args, actorInterface, actorFunctions);
        const to = direct ? marketAddress : participant.address;
        if (rejection) {
          await expectRejected(participant.sender, to, data, value, rejection);
          refused[method] = (refused[method] ?? 0) + 1;
          return undefined;
        }
        const logs = await send(participant.sender, to, data, value);
        accepted[method] = (accepted[method] ?? 0) + 1;
        return logs;
      }

      const openOrders = (kind: number) => model.orders.filter((o) => o.kind === kind && o.remaining > 0n).map((o) => o.id);
      const openTrades = () => model.trades.filter((t) => t.open).map((t) => t.id);

      function named(logs: MarketLog[], name: string): MarketLog[] {
        return logs.filter((log) => log.name === name);
      }

      /** Books pushed payments against the PaymentDeferred logs, in the order the contract pushes. */
      function bookPayments(payments: Payment[], logs: MarketLog[]): void {
        const deferred = named(logs, 'PaymentDeferred').map((log) => [log.args.payee.toLowerCase(), log.args.amountWei]);
        let next = 0;
        for (const payment of payments) {
          if (payment.amount === 0n) continue;
          const payee = participants[payment.payee].address;
          const logged = next < deferred.length && deferred[next][0] === payee && deferred[next][1] === payment.amount;
          const mustFail = model.pushFails(payment.payee);
          if (mustFail !== undefined) assert.equal(logged, mustFail, `push to ${participants[payment.payee].behaviour}`);
          if (logged) next++;
          model.bookPayment(payment, marketAddress, logged);
        }
        assert.equal(next, deferred.length, 'every PaymentDeferred matches a payment');
      }

      /** Candidate ids for a crossing order of `party` at `limitPrice` taking orders of `kind`. */
      function candidateIds(c: { take: number; noise: number[]; swap: boolean }, kind: number, party: number, limitPrice: bigint): bigint[] {
        const buying = kind === OFFER;
        const crossing = model.orders
          .filter((o) => o.kind === kind && o.remaining > 0n && o.maker !== party && (buying ? o.unitPrice <= limitPrice : o.unitPrice >= limitPrice))
          .sort((x, y) => (x.unitPrice === y.unitPrice ? Number(x.id - y.id) : (buying ? x.unitPrice < y.unitPrice : x.unitPrice > y.unitPrice) ? -1 : 1))
          .slice(0, c.take)
          .map((o) => o.id);
        const ids = [...crossing];
        for (const n of c.noise) {
          const noise = n % 3 === 0 ? BigInt(model.orders.length + 1 + (n % 5)) : BigInt((n % Math.max(model.orders.length, 1)) + 1);
          ids.splice(n % (ids.length + 1), 0, noise);
        }
        if (c.swap && ids.length >= 2) [ids[0], ids[ids.length - 1]] = [ids[ids.length - 1], ids[0]];
        return ids;
      }

      /** Books a crossing order that went through: its trades, what rests, and checks the events. */
      function bookCrossing(
        logs: MarketLog[],
        crossing: ReturnType<MarketModel['cross']>,
        kind: number,
        party: number,
        quantity: bigint,
        limitPrice: bigint,
        agent?: string,
      ): void {
        const opened = named(logs, 'TradeOpened');
        assert.equal(opened.length, crossing.takes.length, 'one trade per candidate taken');
        crossing.takes.forEach(({ order, take }, i) => {
          const trade = model.addTrade(order, party, take, now - 1n + SETTLEMENT_WINDOW);
          assert.deepEqual(
            normalise([...opened[i].args]),
            normalise([trade.id, participants[trade.buyer].address, participants[trade.seller].address, order.id, take, trade.amount, trade.deadline]),
          );
        });
        assert.equal(named(logs, 'TradeOpenedByAgent').length, agent ? crossing.takes.length : 0);
        const rest = quantity - crossing.taken;
        const created = named(logs, kind === OFFER ? 'RequestCreated' : 'OfferCreated');
        assert.equal(created.length, rest > 0n ? 1 : 0, 'only the rest rests');
        if (rest > 0n) {
          const order = model.addOrder(kind === OFFER ? REQUEST : OFFER, party, rest, limitPrice, agent !== undefined);
          assert.deepEqual(normalise([...created[0].args]), normalise([order.id, participants[party].address, rest, limitPrice]));
        }
        assert.equal(named(logs, 'OrderPlacedByAgent').length, agent && rest > 0n ? 1 : 0);
      }

      /** One agent action for a household, shaped to fit its limits or to break one on purpose. */
      async function agentStep(a: Extract<Action, { type: 'agentAct' }>): Promise<void> {
        // Mostly a household that has an agent: acting for one without is refused at once.
        let withAgents = [...model.agents].filter(([, r]) => r.agent !== undefined).map(([index]) => index);
        // A cancel that fits: a household whose agent has an open order of that kind.
        const cancelKind = a.op === 'cancelOffer' ? OFFER : a.op === 'cancelRequest' ? REQUEST : undefined;
        const cancellable = withAgents.filter((index) =>
          model.orders.some((o) => o.kind === cancelKind && o.maker === index && o.byAgent && o.remaining > 0n),
        );
        if (a.fit === 'fit' && cancellable.length > 0) withAgents = cancellable;
        const h = a.byAgent && withAgents.length > 0 ? withAgents[a.household % withAgents.length] : a.household;
        const address = participants[h].address;
        const record = model.agentOf(h);
        const agent = record.agent ?? agentKeys[a.n % 2];
        const caller = a.byAgent ? agent : agentKeys.find((k) => k !== agent)!;
        const { limits } = record;
        const today = record.day === now / DAY;
        const room = (cap: bigint, used: bigint) => (cap > used ? cap - used : 0n);
        const soldRoom = room(limits.maxSoldPerDayMilliWh, today ? record.sold : 0n);
        const boughtRoom = room(limits.maxBoughtPerDayMilliWh, today ? record.bought : 0n);
        const spendRoom = room(limits.maxSpentPerDayWei, today ? record.spent : 0n);
        const n = BigInt(a.n);
        /** A quantity within every cap the action counts against, or just past the one `fit` names. */
        const sized = (fitting: bigint, cap: bigint, budgetCap?: bigint) => {
          if (a.fit === 'cap') return cap + 1n + (n % 10n);
          if (a.fit === 'budget' && budgetCap !== undefined) return budgetCap + 1n;
          if (a.fit === 'any') return 1n + (n % 5_000n);
          return fitting === 0n ? 1n : 1n + (n % fitting);
        };
        const min = (...values: bigint[]) => values.reduce((x, y) => (x < y ? x : y));
        const isAgentOwn = (o: { maker: number }) => participants[o.maker].address === agent;
        const pickFrom = <T,>(list: T[]) => (list.length === 0 ? undefined : list[a.pick % list.length]);
        count(agentTried, a.op);
        let method: string;
        let args: unknown[];
        let rejection: Rejection | undefined;
        let onSuccess: (logs: MarketLog[]) => void;
        switch (a.op) {
          case 'createOffer': {
            const price = a.fit === 'price' && limits.minSellPrice > 1n ? limits.minSellPrice - 1n : (limits.minSellPrice || 1n) + (n % 1_000n);
            const quantity = sized(min(soldRoom, 5_000n), soldRoom);
            method = 'agentCreateOffer';
            args = [address, quantity, price];
            rejection = model.checkIsAgent(h, caller) ?? model.checkTerms(quantity, price) ?? model.checkAgentSale(h, quantity, price, now);
            onSuccess = (logs) => {
              model.commitAgentSale(h, quantity, now - 1n);
              const order = model.addOrder(OFFER, h, quantity, price, true);
              assert.deepEqual(normalise([...named(logs, 'OfferCreated')[0].args]), normalise([order.id, address, quantity, price]));
              assert.deepEqual(normalise([...named(logs, 'OrderPlacedByAgent')[0].args]), normalise([order.id, address, caller]));
            };
            break;
          }
          case 'createRequest': {
            const top = limits.maxBuyPrice;
            const price = a.fit === 'price' ? top + 1n : top === 0n ? 1n : top - (n % top);
            const byBudget = record.budget / price;
            const quantity = sized(min(boughtRoom, spendRoom / price, byBudget, 5_000n), boughtRoom, byBudget);
            method = 'agentCreateRequest';
            args = [address, quantity, price];
            rejection = model.checkIsAgent(h, caller) ?? model.checkTerms(quantity, price) ?? model.checkAgentPurchase(h, quantity, price, now);
            onSuccess = (logs) => {
              model.commitAgentPurchase(h, quantity, price, now - 1n);
              const order = model.addOrder(REQUEST, h, quantity, price, true);
              assert.deepEqual(normalise([...named(logs, 'RequestCreated')[0].args]), normalise([order.id, address, quantity, price]));
              assert.deepEqual(normalise([...named(logs, 'OrderPlacedByAgent')[0].args]), normalise([order.id, address, caller]));
            };
            break;
          }
          case 'buy':
          case 'fill': {
            const kind = a.op === 'buy' ? OFFER : REQUEST;
            const open = model.orders.filter((o) => o.kind === kind && o.remaining > 0n);
            const fitting = open.filter(
              (o) => o.maker !== h && !isAgentOwn(o) && (kind === OFFER ? o.unitPrice <= limits.maxBuyPrice : o.unitPrice >= limits.minSellPrice),
            );
            const order =
              a.fit === 'own'
                ? pickFrom(open.filter((o) => o.maker === h || isAgentOwn(o)))
                : a.fit === 'price' || a.fit === 'any'
                  ? pickFrom(open)
                  : (pickFrom(fitting) ?? pickFrom(open));
            const orderId = order?.id ?? BigInt(model.orders.length + 1);
            const price = order?.unitPrice ?? 1n;
            const remaining = order?.remaining ?? 1n;
            const quantity =
              kind === OFFER
                ? sized(min(remaining, boughtRoom, spendRoom / price, record.budget / price), boughtRoom, record.budget / price)
                : sized(min(remaining, soldRoom), soldRoom);
            method = a.op === 'buy' ? 'agentBuy' : 'agentFill';
            args = [address, orderId, quantity];
            const take = model.checkTake(kind, h, orderId, quantity, kind === OFFER ? quantity * price : 0n);
            const ownByAgent = order && isAgentOwn(order) ? { error: 'EnergyMarketplaceOwnOrder', args: [orderId] } : undefined;
            rejection =
              model.checkIsAgent(h, caller) ??
              take ??
              ownByAgent ??
              (kind === OFFER ? model.checkAgentPurchase(h, quantity, price, now) : model.checkAgentSale(h, quantity, price, now));
            onSuccess = (logs) => {
              if (kind === OFFER) model.commitAgentPurchase(h, quantity, price, now - 1n);
              else model.commitAgentSale(h, quantity, now - 1n);
              const trade = model.addTrade(order!, h, quantity, now - 1n + SETTLEMENT_WINDOW);
              assert.deepEqual(
                normalise([...named(logs, 'TradeOpened')[0].args]),
                normalise([trade.id, participants[trade.buyer].address, participants[trade.seller].address, orderId, quantity, trade.amount, trade.deadline]),
              );
              assert.deepEqual(normalise([...named(logs, 'TradeOpenedByAgent')[0].args]), normalise([trade.id, address, caller]));
            };
            break;
          }
          case 'placeOffer':
          case 'placeRequest': {
            const selling = a.op === 'placeOffer';
            const top = limits.maxBuyPrice;
            const price = selling
              ? a.fit === 'price' && limits.minSellPrice > 1n ? limits.minSellPrice - 1n : (limits.minSellPrice || 1n) + (n % 1_000_000n)
              : a.fit === 'price' ? top + 1n : top === 0n ? 1n : top - (n % top);
            const quantity = selling
              ? sized(min(soldRoom, 5_000n), soldRoom)
              : sized(min(boughtRoom, spendRoom / price, record.budget / price, 5_000n), boughtRoom, record.budget / price);
            const kind = selling ? REQUEST : OFFER;
            const ids = candidateIds(a.candidates, kind, h, price);
            method = selling ? 'agentPlaceOffer' : 'agentPlaceRequest';
            args = [address, quantity, price, ids];
            const crossing = model.cross(kind, h, caller, quantity, price, ids);
            rejection =
              model.checkIsAgent(h, caller) ??
              model.checkTerms(quantity, price) ??
              (selling ? model.checkAgentSale(h, quantity, price, now) : model.checkAgentPurchase(h, quantity, price, now)) ??
              crossing.rejection;
            onSuccess = (logs) => {
              if (selling) model.commitAgentSale(h, quantity, now - 1n);
              else {
                model.commitAgentPurchase(h, quantity, price, now - 1n);
                const saved = crossing.taken * price - crossing.cost;
                record.budget += saved;
                record.spent -= saved;
              }
              bookCrossing(logs, crossing, kind, h, quantity, price, caller);
            };
            break;
          }
          default: {
            const kind = a.op === 'cancelOffer' ? OFFER : REQUEST;
            const mine = model.orders.filter((o) => o.kind === kind && o.maker === h && o.byAgent && o.remaining > 0n);
            const order = a.fit === 'fit' ? pickFrom(mine) : pickFrom(model.orders);
            const orderId = order?.id ?? BigInt(model.orders.length + 1);
            method = a.op === 'cancelOffer' ? 'agentCancelOffer' : 'agentCancelRequest';
            args = [address, orderId];
            rejection = model.checkAgentCancel(kind, h, caller, orderId);
            onSuccess = (logs) => {
              const remaining = order!.remaining;
              const refund = kind === REQUEST ? remaining * order!.unitPrice : 0n;
              assert.equal(model.cancel(order!, now - 1n), 0n, 'an agent order refunds into the budget');
              const event = named(logs, kind === OFFER ? 'OfferCancelled' : 'RequestCancelled')[0];
              assert.deepEqual(normalise([...event.args]), normalise(kind === OFFER ? [orderId, address, remaining] : [orderId, address, remaining, refund]));
            };
          }
        }
        const data = encode(method, args);
        if (rejection) return expectRejected(caller, marketAddress, data, 0n, rejection, true);
        const logs = await send(caller, marketAddress, data);
        count(agentAccepted, a.op);
        onSuccess(logs);
      }

      async function step(a: Action): Promise<void> {
        switch (a.type) {
          case 'createOffer': {
            const rejection = model.checkTerms(a.quantity, a.price);
            const logs = await act(a.actor, 'createOffer', [a.quantity, a.price], 0n, rejection);
            if (!logs) return;
            const order = model.addOrder(OFFER, a.actor, a.quantity, a.price);
            const [event] = named(logs, 'OfferCreated');
            assert.deepEqual(normalise([...event.args]), normalise([order.id, participants[a.actor].address, a.quantity, a.price]));
            return;
          }
          case 'createRequest': {
            const exact = a.quantity * a.price;
            const value = exact + a.payOff < 0n || a.quantity > MAX_QUANTITY || a.price > MAX_PRICE ? 0n : exact + a.payOff;
            const rejection = model.checkCreateRequest(a.quantity, a.price, value);
            const logs = await act(a.actor, 'createRequest', [a.quantity, a.price], value, rejection);
            if (!logs) return;
            const order = model.addOrder(REQUEST, a.actor, a.quantity, a.price);
            const [event] = named(logs, 'RequestCreated');
            assert.deepEqual(normalise([...event.args]), normalise([order.id, participants[a.actor].address, a.quantity, a.price]));
            return;
          }
          case 'buy':
          case 'fill': {
            const kind = a.type === 'buy' ? OFFER : REQUEST;
            const orderId = resolveId(a.order, openOrders(kind), model.orders.length);
            const order = model.order(orderId);
            const qty = resolveShare(a.share, order?.remaining ?? 1n);
            const exact = order ? qty * order.unitPrice : 0n;
            const value = a.type === 'buy' && exact + a.payOff >= 0n ? exact + a.payOff : 0n;
            const rejection = model.checkTake(kind, a.actor, orderId, qty, value);
            const logs = await act(a.actor, a.type, [orderId, qty], value, rejection);
            if (!logs) return;
            const trade = model.addTrade(order!, a.actor, qty, now - 1n + SETTLEMENT_WINDOW);
            const [event] = named(logs, 'TradeOpened');
            assert.deepEqual(normalise([...event.args]), 
              normalise([
                trade.id,
                participants[trade.buyer].address,
                participants[trade.seller].address,
                orderId,
                qty,
                trade.amount,
                trade.deadline,
              ]),
            );
            return;
          }
          case 'cancelOffer':
          case 'cancelRequest': {
            const kind = a.type === 'cancelOffer' ? OFFER : REQUEST;
            const orderId = resolveId(a.order, openOrders(kind), model.orders.length);
            const order = model.order(orderId);
            const caller = a.byMaker && order ? order.maker : a.actor;
            const rejection = model.checkCancel(kind, caller, orderId);
            const logs = await act(caller, a.type, [orderId], 0n, rejection);
            if (!logs) return;
            const remaining = order!.remaining;
            // An agent's order also gives today's remainder back to its caps, and its escrow to the budget.
            const pushed = model.cancel(order!, now - 1n);
            if (kind === OFFER) {
              assert.deepEqual(normalise([...named(logs, 'OfferCancelled')[0].args]), 
                normalise([orderId, participants[caller].address, remaining]),
              );
              return;
            }
            const refund = remaining * order!.unitPrice;
            assert.deepEqual(normalise([...named(logs, 'RequestCancelled')[0].args]), 
              normalise([orderId, participants[caller].address, remaining, refund]),
            );
            bookPayments([{ payee: caller, amount: pushed }], logs);
            return;
          }
          case 'settle':
          case 'settleBatch': {
            const picks = a.type === 'settle' ? [{ trade: a.trade, share: a.share, received: a.received }] : a.trades;
            const deliveries: Delivery[] = picks.map((p) => {
              const tradeId = resolveId(p.trade, openTrades(), model.trades.length);
              const quantity = model.trade(tradeId)?.quantity ?? 1n;
              const sentMilliWh = resolveShare(p.share, quantity);
              const receivedMilliWh = resolveReceived(p.received, sentMilliWh, quantity);
              return { tradeId, sentMilliWh, receivedMilliWh: receivedMilliWh ?? 0n, buyerMetered: receivedMilliWh !== undefined };
            });
            const ids = deliveries.map((d) => d.tradeId);
            const sender = a.byOperator === 0 ? participants[0].sender : operatorAddress;
            const rejection =
              a.type === 'settle'
                ? sender !== operatorAddress
                  ? { error: 'EnergyMarketplaceNotOperator', args: [sender] }
                  : model.checkTradeOpen(ids[0])
                : model.checkSettleBatch(sender, ids);
            const data = a.type === 'settle' ? encode('settle', [deliveries[0]]) : encode('settleBatch', [deliveries]);
            if (rejection) {
              await expectRejected(sender, marketAddress, data, 0n, rejection);
              refused[a.type] = (refused[a.type] ?? 0) + 1;
              return;
            }
            const logs = await send(sender, marketAddress, data);
            accepted[a.type] = (accepted[a.type] ?? 0) + 1;
            const settled = named(logs, 'TradeSettled');
            assert.equal(settled.length, ids.length);
            const payments: Payment[] = [];
            deliveries.forEach((delivery, i) => {
              const outcome = model.settle(delivery);
              const [seller, buyer] = outcome.payments;
              assert.equal(seller.amount + buyer.amount, outcome.trade.amount, 'seller share + buyer refund');
              assert.ok(outcome.delivered <= outcome.sent, 'never paid for more than was sent');
              assert.deepEqual(normalise([...settled[i].args]),
                normalise([
                  delivery.tradeId,
                  participants[outcome.trade.buyer].address,
                  participants[outcome.trade.seller].address,
                  outcome.delivered,
                  seller.amount,
                  buyer.amount,
                  outcome.sent,
                  outcome.received,
                  outcome.metering,
                ]),
              );
              payments.push(...outcome.payments);
            });
            bookPayments(payments, logs);
            return;
          }
          case 'reclaim': {
            const tradeId = resolveId(a.trade, openTrades(), model.trades.length);
            const trade = model.trade(tradeId);
            const caller = a.byBuyer > 0 && trade ? trade.buyer : a.actor;
            const rejection = model.checkReclaim(caller, tradeId, now);
            const logs = await act(caller, 'reclaim', [tradeId], 0n, rejection);
            if (!logs) return;
            const payment = model.reclaim(tradeId);
            assert.deepEqual(normalise([...named(logs, 'TradeReclaimed')[0].args]), 
              normalise([tradeId, participants[trade!.buyer].address, participants[trade!.seller].address, trade!.amount]),
            );
            bookPayments([payment], logs);
            return;
          }
          case 'advanceTime':
            now += a.seconds;
            return;
          case 'withdraw': {
            const rejection = model.checkWithdraw(a.actor);
            const logs = await act(a.actor, 'withdraw', [], 0n, rejection);
            if (!logs) return;
            const credit = model.credits[a.actor];
            assert.deepEqual(normalise([...named(logs, 'Withdrawn')[0].args]), 
              normalise([participants[a.actor].address, credit]),
            );
            model.credits[a.actor] = 0n;
            model.move(marketAddress, participants[a.actor].address, credit);
            return;
          }
          case 'authorizeAgent': {
            const address = participants[a.household].address;
            const agent =
              a.agentPick < 2 ? agentKeys[a.agentPick] : a.agentPick < 9 ? participants[a.agentPick - 2].address : '0x' + '0'.repeat(40);
            const over: Record<keyof AgentLimits, bigint> = {
              maxBuyPrice: MAX_PRICE + 1n,
              minSellPrice: MAX_PRICE + 1n,
              maxBoughtPerDayMilliWh: MAX_QUANTITY + 1n,
              maxSoldPerDayMilliWh: MAX_QUANTITY + 1n,
              maxSpentPerDayWei: MAX_SPEND_PER_DAY + 1n,
            };
            const limits = Object.fromEntries(
              Object.entries(a.limits).map(([key, value]) => [key, value < 0n ? over[key as keyof AgentLimits] : value]),
            ) as unknown as AgentLimits;
            const rejection = model.checkAuthorize(a.household, agent, limits);
            const logs = await act(a.household, 'authorizeAgent', [agent, limits], a.deposit, rejection);
            if (!logs) return;
            const record = model.agentOf(a.household);
            record.agent = agent;
            record.limits = limits;
            record.budget += a.deposit;
            assert.deepEqual(normalise([...named(logs, 'AgentAuthorized')[0].args].slice(0, 2)), normalise([address, agent]));
            assert.equal(named(logs, 'AgentBudgetDeposited').length, a.deposit > 0n ? 1 : 0);
            return;
          }
          case 'revokeAgent': {
            const address = participants[a.household].address;
            const record = model.agents.get(a.household);
            const rejection = record?.agent ? undefined : { error: 'EnergyMarketplaceNoAgent', args: [address] };
            const logs = await act(a.household, 'revokeAgent', [], 0n, rejection);
            if (!logs) return;
            assert.deepEqual(normalise([...named(logs, 'AgentRevoked')[0].args]), normalise([address, record!.agent]));
            record!.agent = undefined;
            return;
          }
          case 'depositBudget': {
            const logs = (await act(a.household, 'depositAgentBudget', [], a.amount, undefined))!;
            const record = model.agentOf(a.household);
            record.budget += a.amount;
            assert.deepEqual(
              normalise([...named(logs, 'AgentBudgetDeposited')[0].args]),
              normalise([participants[a.household].address, a.amount, record.budget]),
            );
            return;
          }
          case 'withdrawBudget': {
            const record = model.agentOf(a.household);
            const address = participants[a.household].address;
            const amount = resolveShare(a.share, record.budget);
            const rejection =
              amount > record.budget ? { error: 'EnergyMarketplaceInsufficientBudget', args: [address, amount, record.budget] } : undefined;
            const logs = await act(a.household, 'withdrawAgentBudget', [amount], 0n, rejection);
            if (!logs) return;
            record.budget -= amount;
            model.move(marketAddress, address, amount);
            return;
          }
          case 'agentAct':
            return agentStep(a);
          case 'placeOffer':
          case 'placeRequest': {
            const kind = a.type === 'placeOffer' ? REQUEST : OFFER;
            const party = participants[a.actor];
            const ids = candidateIds(a.candidates, kind, a.actor, a.price);
            const most = a.quantity * a.price;
            const value = a.type === 'placeRequest' && most + a.payOff >= 0n && a.quantity <= MAX_QUANTITY && a.price <= MAX_PRICE ? most + a.payOff : 0n;
            const crossing = model.cross(kind, a.actor, party.address, a.quantity, a.price, ids);
            const wrongPayment =
              a.type === 'placeRequest' && value !== most ? { error: 'EnergyMarketplaceWrongPayment', args: [value, most] } : undefined;
            const rejection = model.checkTerms(a.quantity, a.price) ?? wrongPayment ?? crossing.rejection;
            const logs = await act(a.actor, a.type, [a.quantity, a.price, ids], value, rejection);
            if (!logs) return;
            bookCrossing(logs, crossing, kind, a.actor, a.quantity, a.price);
            if (a.type === 'placeRequest') {
              const rest = a.quantity - crossing.taken;
              bookPayments([{ payee: a.actor, amount: most - crossing.cost - rest * a.price }], logs);
            }
            return;
          }
          case 'advanceDay':
            now += a.seconds;
            return;
          case 'toggleRefusing': {
            model.refusing = !model.refusing;
            await send(participants[8].sender, participants[8].address, switchable.interface.encodeFunctionData('setRefusing', [model.refusing]));
            return;
          }
        }
      }

      /** After every step: the books, from the model and from the chain, agree to the wei. */
      async function checkBooks(): Promise<void> {
        if (mined) lastAudit = await readAudit();
        mined = false;
        const chain = lastAudit;
        const owed = model.owed();
        // Plain comparisons collected into one assertion: thousands of chai calls per sequence add up.
        const problems: string[] = [];
        const check = (ok: boolean, what: string) => ok || problems.push(what);
        check(chain.marketBalance === owed, `market holds ${chain.marketBalance}, the model says it owes ${owed}`);
        check(chain.owedWei === owed, `market views say it owes ${chain.owedWei}, the model ${owed}`);
        let total = chain.marketBalance + model.gasSpent;
        tracked.forEach((address, i) => {
          check(chain.balances[i] === model.balances.get(address), `balance of ${address}: ${chain.balances[i]} vs model ${model.balances.get(address)}`);
          total += chain.balances[i];
        });
        check(total === startTotal, `ETH created or lost: ${total - startTotal} wei`);
        participants.forEach((p, i) => {
          const credit = chain.credits[tracked.indexOf(p.address)];
          check(credit === model.credits[i], `credit of ${p.address}: ${credit} vs model ${model.credits[i]}`);
        });
        tracked.forEach((address, i) => {
          const h = participants.findIndex((p) => p.address === address);
          const budget = h >= 0 ? (model.agents.get(h)?.budget ?? 0n) : 0n;
          check(chain.budgets[i] === budget, `agent budget of ${address}: ${chain.budgets[i]} vs model ${budget}`);
        });
        check(chain.remaining.length === model.orders.length, `${chain.remaining.length} orders vs model ${model.orders.length}`);
        model.orders.forEach((order, i) => {
          check(chain.remaining[i] === order.remaining, `order ${order.id} remaining ${chain.remaining[i]} vs model ${order.remaining}`);
          check(chain.remaining[i] <= order.original, `order ${order.id} remaining ${chain.remaining[i]} above its original ${order.original}`);
        });
        assert.deepEqual(problems, [], `after step ${steps}`);
      }

      for (const a of actions) {
        await step(a);
        steps++;
        await checkBooks();
      }
    }

    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: ACTIONS_PER_SEQUENCE, maxLength: ACTIONS_PER_SEQUENCE }), runSequence),
      { numRuns: NUM_RUNS, seed: process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : undefined },
    );
    // Agents must mostly act, not mostly be refused: each kind of agent action succeeds often enough.
    const agentActionsTried = [...agentTried.values()].reduce((x, y) => x + y, 0);
    const agentActionsAccepted = [...agentAccepted.values()].reduce((x, y) => x + y, 0);
    if (NUM_RUNS >= 10) {
      assert.ok(
        agentActionsAccepted >= 0.3 * agentActionsTried,
        `only ${agentActionsAccepted} of ${agentActionsTried} agent actions were accepted`,
      );
      for (const op of AGENT_OPS) {
        const opTried = agentTried.get(op) ?? 0;
        const opAccepted = agentAccepted.get(op) ?? 0;
        if (opTried >= 30) assert.ok(opAccepted >= 0.15 * opTried, `agent ${op}: only ${opAccepted} of ${opTried} accepted`);
      }
    }
    const seconds = (Date.now() - began) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    console.log(
      `      ${NUM_RUNS} sequences, ${steps} steps (${transactions} transactions, ${rejections} predicted rejections): ` +
        `${seconds.toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU; ` +
        `agent actions ${agentActionsAccepted} accepted of ${agentActionsTried} (${AGENT_OPS.map((op) => `${op} ${agentAccepted.get(op) ?? 0}/${agentTried.get(op) ?? 0}`).join(', ')})`,
    );
    console.log(`      carried out ${JSON.stringify(accepted)}, refused ${JSON.stringify(refused)}`);
    assertCoverageOfTheBooks(accepted, refused);
  });
});

/**
 * The sequences prove something only while most of their calls reach the
 * books: a generator that drifts to calls the contract refuses (ids that do
 * not exist, quantities out of range) would leave every check above passing
 * on an idle market. So the calls carried out must stay above a floor, over
 * all and for each market function.
 */
function assertCoverageOfTheBooks(accepted: Record<string, number>, refused: Record<string, number>): void {
  const problems: string[] = [];
  let done = 0;
  let calls = 0;
  for (const [method, floor] of Object.entries(ACCEPTED_SHARE_FLOOR)) {
    const carriedOut = accepted[method] ?? 0;
    const made = carriedOut + (refused[method] ?? 0);
    done += carriedOut;
    calls += made;
    if (made === 0 && NUM_RUNS >= CALLS_FOR_A_SHARE) problems.push(`${method} was never called`);
    else if (made >= CALLS_FOR_A_SHARE && carriedOut < floor * made) {
      problems.push(`${method} carried out in ${carriedOut} of ${made} calls, under ${floor * 100} %`);
    }
  }
  for (const [method, least] of Object.entries(RARE_ACCEPTED_AT_LEAST)) {
    const carriedOut = accepted[method] ?? 0;
    done += carriedOut;
    calls += carriedOut + (refused[method] ?? 0);
    if (NUM_RUNS >= CALLS_FOR_A_SHARE && carriedOut < least) problems.push(`${method} carried out ${carriedOut} times, under ${least}`);
  }
  if (done < ACCEPTED_OVERALL_FLOOR * calls) problems.push(`${done} of ${calls} market calls carried out, under ${ACCEPTED_OVERALL_FLOOR * 100} %`);
  assert.deepEqual(problems, [], 'the generator must keep the market busy');
}
