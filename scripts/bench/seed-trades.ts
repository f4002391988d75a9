/**
 * Seeds a ledger of many trades, fast: two BulkTrader contracts (a test
 * contract) post offers and buy them in hundreds per transaction, and the
 * meter operator settles them in batches. So a ledger of 20,000 trades
 * (20,000 TradeOpened and TradeSettled events, and the offers) takes about a
 * hundred transactions instead of 40,000.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { type BaseWallet, Contract, ContractFactory, JsonRpcProvider, Wallet } from 'ethers';

import { REPO_ROOT } from '../lib/data-paths';

const BULK_TRADER = join(REPO_ROOT, 'artifacts', 'contracts', 'test', 'BulkTrader.sol', 'BulkTrader.json');

export interface SeedTradesOptions {
  /** Ganache's own URL: its development accounts are unlocked there. */
  readonly chainUrl: string;
  readonly marketplace: string;
  readonly abi: readonly unknown[];
  /** The meter operator, connected to the chain. */
  readonly operator: BaseWallet;
  readonly trades: number;
  /**
   * A household's key: it posts the offers itself (one transaction each), so
   * every trade is one of its own (its My trades). Without it a second
   * BulkTrader posts them.
   */
  readonly sellerKey?: string;
  readonly log?: (line: string) => void;
}

/** Offers bought again and again: each holds enough for every round. */
const OFFERS = 500;
const PER_TRANSACTION = 250;
const SETTLE_PER_TRANSACTION = 400;
const TRADE_MILLIWH = 100n;
const PRICE = 1_000n;

export async function seedTrades(options: SeedTradesOptions): Promise<{ trades: number; offers: number }> {
  const log = options.log ?? (() => undefined);
  const provider = new JsonRpcProvider(options.chainUrl, undefined, { staticNetwork: true, pollingInterval: 50 });
  try {
    const artifact = JSON.parse(readFileSync(BULK_TRADER, 'utf8'));
    const [sellerAccount, buyerAccount] = (await provider.send('eth_accounts', [])).slice(1, 3);
    const deploy = async (from: string) => {
      const factory = new ContractFactory(artifact.abi, artifact.bytecode, await provider.getSigner(from));
      const contract = await factory.deploy(options.marketplace);
      await contract.waitForDeployment();
      return contract as Contract;
    };
    const buyer = await deploy(buyerAccount);
    const market = new Contract(options.marketplace, options.abi as never, provider);
    const offers = Math.min(OFFERS, options.trades);
    const rounds = Math.ceil(options.trades / offers);
    const firstOffer = Number(await market.orderCount()) + 1;
    if (options.sellerKey) {
      // Sent at once with their own nonces, mined in order: each offer's id follows the one before.
      const household = new Wallet(options.sellerKey, provider);
      const own = market.connect(household) as Contract;
      let nonce = await provider.getTransactionCount(household.address, 'pending');
      const sent = [];
      for (let i = 0; i < offers; i++) sent.push(await own.createOffer(TRADE_MILLIWH * BigInt(rounds), PRICE, { nonce: nonce++, gasLimit: 300_000 }));
      await sent[sent.length - 1].wait();
    } else {
      const seller = await deploy(sellerAccount);
      for (let done = 0; done < offers; done += PER_TRANSACTION) {
        const count = Math.min(PER_TRANSACTION, offers - done);
        await (await seller.createOffers(count, TRADE_MILLIWH * BigInt(rounds), PRICE, { gasLimit: 29_000_000 })).wait();
      }
    }
    log(`${offers} offers posted`);
    const firstTrade = Number(await market.tradeCount()) + 1;
    let bought = 0;
    while (bought < options.trades) {
      const from = firstOffer + (bought % offers);
      const count = Math.min(PER_TRANSACTION, options.trades - bought, firstOffer + offers - from);
      const value = BigInt(count) * TRADE_MILLIWH * PRICE;
      await (await buyer.buyEach(from, from + count - 1, TRADE_MILLIWH, PRICE, { value, gasLimit: 29_000_000 })).wait();
      bought += count;
      if (bought % 5000 < PER_TRANSACTION) log(`${bought} trades opened`);
    }
    const settler = market.connect(options.operator) as Contract;
    for (let done = 0; done < options.trades; done += SETTLE_PER_TRANSACTION) {
      const ids = Array.from({ length: Math.min(SETTLE_PER_TRANSACTION, options.trades - done) }, (_, i) => firstTrade + done + i);
      const deliveries = ids.map((tradeId) => ({ tradeId, sentMilliWh: TRADE_MILLIWH, receivedMilliWh: TRADE_MILLIWH, buyerMetered: true }));
      await (await settler.settleBatch(deliveries, { gasLimit: 29_000_000 })).wait();
      if ((done + ids.length) % 5000 < SETTLE_PER_TRANSACTION) log(`${done + ids.length} trades settled`);
    }
    return { trades: options.trades, offers };
  } finally {
    provider.destroy();
  }
}
