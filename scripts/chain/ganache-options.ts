/**
 * Ganache's settings for the community chain, in one place so the chain
 * process and the tests start the same chain.
 */
import { CachedLevelDown } from './cached-leveldown';
import { DEV_ACCOUNT_COUNT, DEV_BALANCE_ETH, DEV_CHAIN_ID, DEV_MNEMONIC } from './dev-accounts';

export function ganacheOptions(dbPath: string, cacheBytes?: number) {
  return {
    chain: { chainId: DEV_CHAIN_ID, networkId: DEV_CHAIN_ID, hardfork: 'shanghai' as const },
    wallet: { mnemonic: DEV_MNEMONIC, totalAccounts: DEV_ACCOUNT_COUNT, defaultBalance: DEV_BALANCE_ETH },
    // Instamine, "eager": a transaction is in a mined block before its hash is
    // returned, so trades reach the delivery service without waiting for a block time.
    // A 30 M gas block (mainnet's) leaves room for batched settlements.
    // A call or estimate that names no gas gets callGasLimit (Ganache's default, 50 M, is a minute of
    // work here): only local services leave it out, and the largest thing they estimate is the
    // deployment (about 2 M). Peers' calls are capped far lower by the gateway (scripts/server/gas-bounds.ts).
    miner: { instamine: 'eager' as const, blockGasLimit: 30_000_000, callGasLimit: 10_000_000 },
    // The ledger lives in LevelDB under dbPath; reads go through a cache in memory (see CachedLevelDown).
    database: { db: new CachedLevelDown(dbPath, cacheBytes) },
    logging: { quiet: true },
  };
}
