/**
 * Ganache's settings for the community chain, in one place so the chain
 * process, `npm run community -- init` and the tests start the same chain.
 */
import { CachedLevelDown } from './cached-leveldown';
import { DEV_ACCOUNT_COUNT, DEV_BALANCE_ETH, DEV_CHAIN_ID, DEV_MNEMONIC } from './dev-accounts';

/** Which chain: the demo's, or a community's. */
export type ChainKind =
  | { readonly kind: 'demo' }
  | {
      readonly kind: 'community';
      readonly chainId: number;
      /**
       * Only when the chain is created (`init`): the treasury's key and what its genesis holds. The
       * key lives in this Ganache only while `init` runs; afterwards Ganache holds no key at all.
       */
      readonly genesis?: { readonly treasuryKey: string; readonly balanceWei: bigint };
    };

export const DEMO_CHAIN: ChainKind = { kind: 'demo' };

export function ganacheOptions(dbPath: string, cacheBytes?: number, chain: ChainKind = DEMO_CHAIN) {
  const chainId = chain.kind === 'demo' ? DEV_CHAIN_ID : chain.chainId;
  return {
    chain: { chainId, networkId: chainId, hardfork: 'shanghai' as const },
    wallet: walletOptions(chain),
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

function walletOptions(chain: ChainKind) {
  if (chain.kind === 'demo') return { mnemonic: DEV_MNEMONIC, totalAccounts: DEV_ACCOUNT_COUNT, defaultBalance: DEV_BALANCE_ETH };
  // A community's genesis funds the treasury alone; an existing chain keeps its state and Ganache
  // gets no account (no development keys, nothing it could sign for).
  if (!chain.genesis) return { totalAccounts: 0 };
  return {
    accounts: [{ secretKey: chain.genesis.treasuryKey, balance: `0x${chain.genesis.balanceWei.toString(16)}` }],
    // Ganache must not sign for the treasury (eth_sendTransaction): init signs itself.
    lock: true,
  };
}
