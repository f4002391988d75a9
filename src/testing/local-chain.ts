/**
 * A real local chain for specs: a Ganache server on a free port with the
 * development accounts, and a freshly deployed EnergyMarketplace and Community
 * (the ten accounts named "Demo household N", as in the demo). Test-only
 * (it reads the Hardhat artifact with its bytecode): never imported by the app.
 *
 *   const chain = await startLocalChain();
 *   afterAll(() => chain.stop());
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { Contract, ContractFactory, HDNodeWallet, JsonRpcProvider, Mnemonic, Wallet, ethers, parseEther, toQuantity } from 'ethers';
import ganache from 'ganache';

import type { IEnergyMarketplace as EnergyMarketplace } from '../../typechain-types';
import type { RuntimeConfig } from '../app/config/runtime-config';

export interface LocalChain {
  /** http://127.0.0.1:<free port>: the Ganache server of this test file. */
  rpcUrl: string;
  /** Points at this chain and its fresh EnergyMarketplace; devChain true, devAccounts filled. */
  config: RuntimeConfig;
  /** The ten trading accounts (1000 ETH each), connected to a JsonRpcProvider on rpcUrl. */
  accounts: ethers.Wallet[];
  /** The meter operator: a funded key that is not one of the ten. */
  operator: ethers.Wallet;
  /** The deployed EnergyMarketplace, connected to `signer` (default: the provider, read-only). */
  marketplace(signer?: ethers.Signer): EnergyMarketplace;
  /** Moves the chain's clock forward and mines a block with the new time. */
  increaseTime(seconds: number): Promise<void>;
  stop(): Promise<void>;
}

export const TEST_MNEMONIC = 'test test test test test test test test test test test junk';
export const TEST_CHAIN_ID = 1337;
const ACCOUNT_COUNT = 10;
const ACCOUNT_BALANCE_ETH = 1000;
const DEFAULT_SETTLEMENT_WINDOW_SECONDS = 3600;
/** The deployment default: 3% of the energy sent may be lost on the line before a trade is disputed. */
const LINE_LOSS_ALLOWANCE_BPS = 300;
/** The operator is the next key of the same mnemonic: not one of the ten Ganache funds. */
const OPERATOR_INDEX = ACCOUNT_COUNT;
/** The contract's code, and the interface of the whole marketplace (its extension's calls included). */
const ARTIFACT = 'artifacts/contracts/EnergyMarketplace.sol/EnergyMarketplace.json';
const INTERFACE_ARTIFACT = 'artifacts/contracts/IEnergyMarketplace.sol/IEnergyMarketplace.json';
const COMMUNITY_ARTIFACT = 'artifacts/contracts/Community.sol/Community.json';

interface HardhatArtifact {
  abi: unknown[];
  bytecode: string;
}

function readArtifact(relativePath = ARTIFACT): HardhatArtifact {
  const path = resolve(process.cwd(), relativePath);
  try {
    const contract = JSON.parse(readFileSync(path, 'utf8')) as HardhatArtifact;
    if (relativePath !== ARTIFACT) return contract;
    const { abi } = JSON.parse(readFileSync(resolve(process.cwd(), INTERFACE_ARTIFACT), 'utf8')) as HardhatArtifact;
    // The interface's ABI plus what only the contract declares: its constructor, receive and fallback.
    const own = contract.abi.filter((entry) => ['constructor', 'receive', 'fallback'].includes((entry as { type: string }).type));
    return { abi: [...own, ...abi], bytecode: contract.bytecode };
  } catch (error) {
    throw new Error(`Cannot read ${path}: run \`npx hardhat compile\` first. (${String(error)})`);
  }
}

function deriveKey(index: number): HDNodeWallet {
  return HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(TEST_MNEMONIC), `m/44'/60'/0'/0/${index}`);
}

export async function startLocalChain(options: { settlementWindowSeconds?: number } = {}): Promise<LocalChain> {
  const settlementWindowSeconds = options.settlementWindowSeconds ?? DEFAULT_SETTLEMENT_WINDOW_SECONDS;
  const server = ganache.server({
    chain: { chainId: TEST_CHAIN_ID, networkId: TEST_CHAIN_ID, hardfork: 'shanghai' },
    wallet: { mnemonic: TEST_MNEMONIC, totalAccounts: ACCOUNT_COUNT, defaultBalance: ACCOUNT_BALANCE_ETH },
    miner: { instamine: 'eager', blockGasLimit: 30_000_000 },
    logging: { quiet: true },
  });
  // Port 0: the system picks a free port, so test files can run side by side.
  await server.listen(0, '127.0.0.1');
  const { port } = server.address() as { port: number };
  const rpcUrl = `http://127.0.0.1:${port}`;

  const provider = new JsonRpcProvider(rpcUrl, TEST_CHAIN_ID, { staticNetwork: true, pollingInterval: 100, cacheTimeout: -1 });
  const keys = Array.from({ length: ACCOUNT_COUNT }, (_, index) => deriveKey(index));
  const accounts = keys.map((key) => new Wallet(key.privateKey, provider));
  const operator = new Wallet(deriveKey(OPERATOR_INDEX).privateKey, provider);
  await provider.send('evm_setAccountBalance', [operator.address, toQuantity(parseEther(String(ACCOUNT_BALANCE_ETH)))]);

  // The operator deploys, so the ten trading accounts keep exactly 1000 ETH each.
  const artifact = readArtifact();
  const factory = new ContractFactory(artifact.abi as ethers.InterfaceAbi, artifact.bytecode, operator);
  const deployed = await factory.deploy(operator.address, settlementWindowSeconds, LINE_LOSS_ALLOWANCE_BPS);
  const receipt = await deployed.deploymentTransaction()!.wait();
  const address = await deployed.getAddress();

  // The directory, as in the demo: the operator stands in for the treasury.
  const communityArtifact = readArtifact(COMMUNITY_ARTIFACT);
  const communityFactory = new ContractFactory(communityArtifact.abi as ethers.InterfaceAbi, communityArtifact.bytecode, operator);
  const community = await communityFactory.deploy(operator.address, operator.address, parseEther(String(ACCOUNT_COUNT * ACCOUNT_BALANCE_ETH)));
  const communityReceipt = await community.deploymentTransaction()!.wait();
  const directory = new Contract(await community.getAddress(), communityArtifact.abi as ethers.InterfaceAbi, operator);
  for (const [index, account] of accounts.entries()) {
    await (await directory['addHousehold'](account.address, `Demo household ${index + 1}`)).wait();
  }

  const config: RuntimeConfig = {
    mode: 'demo',
    chainId: TEST_CHAIN_ID,
    chainName: 'Local development chain',
    rpcUrl,
    devChain: true,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    marketplace: {
      address,
      deployedOnBlock: receipt!.blockNumber,
      abi: artifact.abi,
      operator: operator.address,
      settlementWindowSeconds,
    },
    community: {
      name: 'Demo community',
      currencySymbol: 'ETH',
      contract: {
        address: await community.getAddress(),
        deployedOnBlock: communityReceipt!.blockNumber,
        abi: communityArtifact.abi,
        treasury: operator.address,
        operator: operator.address,
      },
    },
    nodes: Object.fromEntries(accounts.map((account, index) => [account.address, { label: `House ${index + 1}` }])),
    devAccounts: keys.map((key) => ({ address: key.address, privateKey: key.privateKey })),
  };

  return {
    rpcUrl,
    config,
    accounts,
    operator,
    marketplace: (signer) =>
      new Contract(address, artifact.abi as ethers.InterfaceAbi, signer ?? provider) as unknown as EnergyMarketplace,
    increaseTime: async (seconds) => {
      await provider.send('evm_increaseTime', [seconds]);
      await provider.send('evm_mine', []);
    },
    stop: async () => {
      provider.destroy();
      await server.close();
    },
  };
}
