/**
 * The programs of a grown community's network, pinned. Each comes from the Go
 * module proxy and is built by `npm run network -- build` (see build-programs.ts).
 *
 * Prysm v7.1.2 is the newest Prysm release the proxy serves; geth v1.17.10 the
 * newest geth. Prysm links an older geth as a library (v1.15.9, from its own
 * go.mod), so each program set is built in a wrapper module of its own and keeps
 * exactly the dependency versions its authors tested.
 */
export interface GoProgramSet {
  /** Names this set in the build folder. */
  readonly name: 'geth' | 'prysm';
  readonly module: string;
  readonly version: string;
  /** Packages of the module to build, each into a binary named after its last path element. */
  readonly packages: readonly string[];
}

export const GETH: GoProgramSet = {
  name: 'geth',
  module: 'github.com/ethereum/go-ethereum',
  version: 'v1.17.10',
  packages: ['cmd/geth'],
};

export const PRYSM: GoProgramSet = {
  name: 'prysm',
  module: 'github.com/OffchainLabs/prysm/v7',
  version: 'v7.1.2',
  packages: ['cmd/beacon-chain', 'cmd/validator', 'cmd/prysmctl'],
};

export const PROGRAM_SETS: readonly GoProgramSet[] = [GETH, PRYSM];

/** The four binaries a server runs or init needs. */
export const BINARY_NAMES = ['geth', 'beacon-chain', 'validator', 'prysmctl'] as const;
export type BinaryName = (typeof BINARY_NAMES)[number];
