/**
 * How far back the chain may still change. A proof-of-stake chain says so
 * itself: blocks up to its `finalized` block never change. Ganache has no
 * finality of its own (it calls its latest block finalized, yet evm_revert
 * takes blocks back), so there a depth is assumed: a reorganisation deeper
 * than it is still handled, by indexing again from the deployment.
 */
export type Finality = { readonly kind: 'tag' } | { readonly kind: 'depth'; readonly blocks: number };

/** Ganache's: 64 blocks, two epochs' worth on a proof-of-stake chain. */
export const DEFAULT_FINALITY: Finality = { kind: 'depth', blocks: 64 };

/** `--finality finalized` or `--finality <blocks>`. */
export function parseFinality(value: string | undefined): Finality {
  if (value === undefined) return DEFAULT_FINALITY;
  if (value === 'finalized') return { kind: 'tag' };
  if (/^\d{1,6}$/.test(value)) return { kind: 'depth', blocks: Number(value) };
  throw new Error(`--finality ${value}: use "finalized" (the chain's finalized block) or a number of blocks`);
}

export function describeFinality(finality: Finality): string {
  return finality.kind === 'tag' ? "the chain's finalized block" : `${finality.blocks} blocks below the head`;
}
