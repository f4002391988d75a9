/**
 * The execution layer's genesis (geth's genesis.json) of a community network:
 * every fork up to Prague from block 0, the community's funded accounts, and
 * the system contracts Prague's blocks call into. Those contracts are taken
 * from the pinned geth itself (`geth --dev dumpgenesis`), so they are always
 * the ones the running geth expects. prysmctl then sets the fork times to the
 * genesis time and derives the consensus genesis from this block.
 */
import { execFileSync } from 'node:child_process';

import { POS } from '../chain/engine';
import { DEPOSIT_CONTRACT_ADDRESS } from './consensus-config';

export interface ExecutionGenesisOptions {
  readonly chainId: number;
  readonly genesisTime: number;
  readonly baseFeeWei: bigint;
  /** Address -> balance in wei. */
  readonly balances: ReadonlyMap<string, bigint>;
  readonly gethBinary: string;
}

interface GenesisAccount {
  balance: string;
  code?: string;
  nonce?: string;
  storage?: Record<string, string>;
}

export function executionGenesis(options: ExecutionGenesisOptions): Record<string, unknown> {
  const alloc: Record<string, GenesisAccount> = { ...systemAllocation(options.gethBinary) };
  for (const [address, wei] of options.balances) alloc[address.toLowerCase()] = { balance: '0x' + wei.toString(16) };
  return {
    config: {
      chainId: options.chainId,
      homesteadBlock: 0,
      eip150Block: 0,
      eip155Block: 0,
      eip158Block: 0,
      byzantiumBlock: 0,
      constantinopleBlock: 0,
      petersburgBlock: 0,
      istanbulBlock: 0,
      berlinBlock: 0,
      londonBlock: 0,
      mergeNetsplitBlock: 0,
      terminalTotalDifficulty: 0,
      shanghaiTime: 0,
      cancunTime: 0,
      pragueTime: 0,
      depositContractAddress: DEPOSIT_CONTRACT_ADDRESS,
      blobSchedule: {
        cancun: { target: 3, max: 6, baseFeeUpdateFraction: 3338477 },
        prague: { target: 6, max: 9, baseFeeUpdateFraction: 5007716 },
      },
    },
    nonce: '0x0',
    timestamp: '0x' + options.genesisTime.toString(16),
    extraData: '0x',
    gasLimit: '0x' + POS.blockGasLimit.toString(16),
    difficulty: '0x0',
    mixHash: '0x' + '00'.repeat(32),
    coinbase: '0x' + '00'.repeat(20),
    baseFeePerGas: '0x' + options.baseFeeWei.toString(16),
    alloc,
  };
}

/** The precompiles' and system contracts' accounts of geth's own development genesis. */
function systemAllocation(gethBinary: string): Record<string, GenesisAccount> {
  const dump = JSON.parse(execFileSync(gethBinary, ['--dev', 'dumpgenesis'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  const alloc = dump.alloc as Record<string, GenesisAccount>;
  if (!Object.values(alloc).some((account) => account.code)) throw new Error(`${gethBinary} --dev dumpgenesis listed no system contract`);
  return Object.fromEntries(Object.entries(alloc).map(([address, account]) => [address.toLowerCase(), account]));
}
