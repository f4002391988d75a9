/**
 * What differs between the two ledgers the system runs on, in one place.
 *
 * - ganache: the embedded default of `npm start` (the demo, a small community):
 *   one process, a block per transaction at once, every block final the
 *   moment it exists.
 * - pos: a grown community's private proof-of-stake network, geth + Prysm on
 *   several servers (npm run network): a block every slot, final once its
 *   epoch is finalized by two thirds of the validators.
 *
 * The contracts, the dApp, the gateway, the indexer and the delivery service
 * are the same on both; the delivery service reads the chain's `finalized`
 * block, which Ganache reports as its newest block.
 */
export type EngineName = 'ganache' | 'pos';

export interface EngineProfile {
  readonly name: EngineName;
  /** Seconds between blocks; 0: a block for each transaction, at once. */
  readonly blockSeconds: number;
  /** Blocks per finality step (an epoch); 0: every block is final at once. */
  readonly slotsPerEpoch: number;
  /** The block tag whose block (and every one before it) can no longer be rolled back. */
  readonly finalityTag: 'finalized';
  /**
   * How far back the indexer's read model expects the chain to change (readModel.finality):
   * Ganache's `finalized` block is its newest, yet a restart can drop unsaved blocks, so a depth;
   * a proof-of-stake chain says itself which blocks are final.
   */
  readonly readModelFinality: string;
  /** Base fee of the genesis block, in wei; EIP-1559 moves it with demand from there. */
  readonly genesisBaseFeeWei: bigint;
  /** The smallest priority fee (tip) a transaction needs to be mined, in wei. */
  readonly minTipWei: bigint;
  /** Gas per block: mainnet's 30 M leaves room for batched settlements. */
  readonly blockGasLimit: number;
}

export const GANACHE: EngineProfile = {
  name: 'ganache',
  blockSeconds: 0,
  slotsPerEpoch: 0,
  finalityTag: 'finalized',
  readModelFinality: '64',
  // Ganache's own London defaults.
  genesisBaseFeeWei: 875_000_000n,
  minTipWei: 0n,
  blockGasLimit: 30_000_000,
};

export const POS: EngineProfile = {
  name: 'pos',
  // Within the 2-4 s the community asked for; a Raspberry Pi 4 keeps up with it.
  blockSeconds: 2,
  // The consensus rules finalize a block two to three epochs after it: 32-48 s here.
  slotsPerEpoch: 8,
  finalityTag: 'finalized',
  readModelFinality: 'finalized',
  // Households pay next to nothing: no base fee at the start, one wei of tip per gas.
  // A flood of transactions still raises the base fee, 12.5 % per full block.
  genesisBaseFeeWei: 0n,
  minTipWei: 1n,
  blockGasLimit: 30_000_000,
};

export function engineProfile(name: EngineName): EngineProfile {
  return name === 'pos' ? POS : GANACHE;
}
