/**
 * How much work one request through the gateway may ask of the chain, in gas.
 * Ganache runs one call or transaction at a time on one thread, and a call
 * cannot be stopped once it runs, so gas is the only bound there is. Measured
 * on the 2-core development machine, idle: Ganache runs a view of the
 * marketplace at roughly 1-1.5 gas per microsecond in eth_call (it watches
 * every step for console.log), and a transaction several times faster; a Pi 4
 * is two to three times slower. These caps keep a single request to a few
 * hundred milliseconds there.
 *
 * The same figures bound any engine: geth's --rpc.gascap takes the call cap.
 */
import { DEFAULT_RPC_LIMITS } from '../lib/service-config';

export interface GasBounds {
  /** eth_call: the gas a call may burn (the caller's own `gas` is lowered to this). */
  readonly call: number;
  /** eth_estimateGas: runs the transaction at least twice, so a lower cap. */
  readonly estimate: number;
  /** A transaction to a function the table below does not name. */
  readonly transactionDefault: number;
  /** A transaction to a named function (name as in the ABI). */
  readonly transactionByFunction: Readonly<Record<string, number>>;
}

/** Exactly what a plain transfer between two people costs: no code runs. */
export const PLAIN_TRANSFER_GAS = 21_000;

export const DEFAULT_GAS_BOUNDS: GasBounds = {
  call: DEFAULT_RPC_LIMITS.callGas,
  estimate: DEFAULT_RPC_LIMITS.estimateGas,
  // A household's market actions use 30-60 k gas (npm run bench:gas); wallets add up to 50%
  // headroom, the first order of a fresh market writes more, and some set a round 500 k.
  transactionDefault: 500_000,
  transactionByFunction: {
    // Crossing orders take each candidate they cross, about 30 k gas apiece (docs/contract.md): room
    // for some 25 candidates taken with a wallet's headroom. Skipped candidates cost 2.2 k each.
    placeOffer: 1_000_000,
    placeRequest: 1_000_000,
    agentPlaceOffer: 1_000_000,
    agentPlaceRequest: 1_000_000,
    // The meter operator's batch, 20-100 trades at about 25 k gas each. The operator settles over
    // its own connection to the chain, and anyone else's batch is refused by the contract at once.
    settleBatch: 3_000_000,
  },
};

export function transactionGasBound(bounds: GasBounds, functionName: string): number {
  return bounds.transactionByFunction[functionName] ?? bounds.transactionDefault;
}

/**
 * The most an estimate may burn, so that a wallet can estimate any transaction
 * the gateway would take: the estimate cap, raised for a function whose
 * transactions may use more (a crossing order), up to the ceiling.
 */
export const ESTIMATE_CEILING = 1_000_000;

export function estimateGasCap(bounds: GasBounds, functionName: string | undefined, readOnly: boolean): number {
  if (functionName === undefined || readOnly) return bounds.estimate;
  return Math.max(bounds.estimate, Math.min(transactionGasBound(bounds, functionName), ESTIMATE_CEILING));
}
