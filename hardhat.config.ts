/**
 * Hardhat 2 for the EnergyMarketplace contract: compile, TypeChain types, tests,
 * coverage and the gas benchmark. Everything runs offline: solc comes from the
 * `solc` npm package (soljson.js) instead of a compiler download.
 */
import { subtask, type HardhatUserConfig } from 'hardhat/config';
import { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } from 'hardhat/builtin-tasks/task-names';
import '@nomicfoundation/hardhat-toolbox';

// The version Hardhat asks for must be the one node_modules/solc ships, or the
// subtask below would hand out a different compiler than the config names.
const SOLC_VERSION = '0.8.28';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const solcjs = require('solc') as { version(): string };
const SOLC_LONG_VERSION = solcjs.version().replace(/\.Emscripten\.clang$/, '');
if (!SOLC_LONG_VERSION.startsWith(SOLC_VERSION + '+')) {
  throw new Error(`node_modules/solc is ${SOLC_LONG_VERSION}, hardhat.config.ts pins ${SOLC_VERSION}`);
}

subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args: { solcVersion: string }, _hre, runSuper) => {
  if (args.solcVersion !== SOLC_VERSION) return runSuper();
  return {
    compilerPath: require.resolve('solc/soljson.js'),
    isSolcJs: true,
    version: SOLC_VERSION,
    longVersion: SOLC_LONG_VERSION,
  };
});

const config: HardhatUserConfig = {
  solidity: {
    version: SOLC_VERSION,
    settings: {
      // Ganache 7.9 knows hardforks up to Shanghai (PUSH0 yes, Cancun opcodes no).
      evmVersion: 'shanghai',
      viaIR: true,
      // Tuned for the gas targets: runs favour cheap calls over a small deployment.
      optimizer: { enabled: true, runs: 10_000 },
    },
  },
  networks: {
    hardhat: {
      // Same gas schedule as the Ganache chain the market runs on.
      hardfork: 'shanghai',
      // The property test and the fixtures use many accounts: 20 x 10,000 ETH.
      accounts: { count: 20 },
    },
  },
  typechain: { outDir: 'typechain-types', target: 'ethers-v6' },
  gasReporter: {
    // Off unless asked (REPORT_GAS=1); offline: no price or token look-ups.
    enabled: process.env.REPORT_GAS === '1',
    offline: true,
  },
  mocha: { timeout: 60_000 },
  paths: { tests: 'test/contracts' },
};

export default config;
