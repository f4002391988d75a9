/**
 * `npm run network -- init --servers N --data-dir DIR`: a new community
 * network, made offline on one machine. Writes DIR/server-1 ... DIR/server-N,
 * one folder to copy to each server, holding the same genesis (execution and
 * consensus) and network.json, and that server's own keys: its validator's
 * keystore, its JWT secret, its geth and beacon node keys. The folder of the
 * delivery server also holds the meter operator's key.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { Wallet, getAddress, parseEther } from 'ethers';

import { DEV_ACCOUNTS, DEV_BALANCE_ETH, DEV_CHAIN_ID } from '../chain/dev-accounts';
import { POS } from '../chain/engine';
import { type NetworkFile, type NetworkServer, type ServerPorts, serverFolder, writeNetworkFile } from '../chain/pos/network-file';
import { deployerFundingWei, presignDeployment, writePresignedDeployment } from '../deploy/presigned-deployment';
import { writeFileAtomic, writeJsonAtomic } from '../lib/atomic-write';
import { dataPaths } from '../lib/data-paths';
import { networkBinary } from '../lib/network-binaries';
import { consensusConfigYaml, forkVersion, newNetworkTag } from './consensus-config';
import { executionGenesis } from './execution-genesis';
import { newP2pIdentity } from './p2p-identity';
import { depositData, keystore, newValidatorKey, unspendableWithdrawalCredentials } from './validator-keys';

const USAGE = `Usage: npm run network -- init --servers N --data-dir DIR [options]

  --servers N             validator servers (1 to 16; 4 tolerate one down)
  --data-dir DIR          writes DIR/server-1 ... DIR/server-N (must not exist yet)
  --hosts A,B,...         each server's LAN address, in order (default 127.0.0.1 for all:
                          every server on this machine)
  --base-port P           first of each server's ports (default 30300); servers sharing an
                          address get blocks of 10 ports
  --chain-id ID           the network's chain id (default 4242; not Ganache's 1337)
  --delivery-server I     the server that runs the delivery service (default 1)
  --time-source HOST[:PORT]
                          the LAN time source (SNTP) validator clocks are checked against
                          (default: the first server's address, port 123); none: no check
  --max-clock-offset-ms N largest clock offset a validator may start with (default 500)
  --settlement-window S   seconds before a buyer may reclaim an unsettled trade (default 86400)
  --genesis-delay S       the chain starts S seconds from now (default 30)
  --fund ADDRESS=ETH      an account funded in the genesis (repeatable)
  --no-demo-accounts      do not fund the ten public development accounts (a real community)`;

const MAX_SERVERS = 16;
const OPERATOR_FUNDING = parseEther('100');
const PORTS_PER_SERVER = 10;

export async function runInit(argv: readonly string[], log: (line: string) => void): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      servers: { type: 'string' },
      'data-dir': { type: 'string' },
      hosts: { type: 'string' },
      'base-port': { type: 'string', default: '30300' },
      'chain-id': { type: 'string', default: '4242' },
      'delivery-server': { type: 'string', default: '1' },
      'time-source': { type: 'string' },
      'max-clock-offset-ms': { type: 'string', default: '500' },
      'settlement-window': { type: 'string', default: '86400' },
      'genesis-delay': { type: 'string', default: '30' },
      fund: { type: 'string', multiple: true, default: [] },
      'no-demo-accounts': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.servers || !values['data-dir']) throw new Error('init needs --servers N and --data-dir DIR (npm run network -- init --help)');
  const count = wholeNumber('servers', values.servers, 1, MAX_SERVERS);
  const dataDir = resolve(values['data-dir']);
  const hosts = values.hosts ? values.hosts.split(',').map((h) => h.trim()) : Array.from({ length: count }, () => '127.0.0.1');
  if (hosts.length !== count) throw new Error(`--hosts names ${hosts.length} address(es) for ${count} server(s)`);
  for (const host of hosts) if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) throw new Error(`--hosts: "${host}" is not an IPv4 address`);
  const basePort = wholeNumber('base-port', values['base-port']!, 1024, 65535 - count * PORTS_PER_SERVER);
  const chainId = wholeNumber('chain-id', values['chain-id']!, 1, 2 ** 31);
  if (chainId === DEV_CHAIN_ID) throw new Error(`--chain-id ${DEV_CHAIN_ID} is Ganache's: pick another, so wallets never mix the two chains`);
  const deliveryServer = wholeNumber('delivery-server', values['delivery-server']!, 1, count);
  const maxClockOffsetMs = wholeNumber('max-clock-offset-ms', values['max-clock-offset-ms']!, 1, 60_000);
  const settlementWindowSeconds = wholeNumber('settlement-window', values['settlement-window']!, 60, 365 * 86400);
  const genesisDelay = wholeNumber('genesis-delay', values['genesis-delay']!, 0, 7 * 86400);
  const timeSource = parseTimeSource(values['time-source'], hosts[0]);
  const extraFunds = values.fund!.map(parseFund);
  for (let i = 1; i <= count; i++) {
    if (existsSync(serverFolder(dataDir, i).root)) throw new Error(`${serverFolder(dataDir, i).root} exists: init makes a new network in a new folder`);
  }
  const geth = networkBinary('geth');
  const prysmctl = networkBinary('prysmctl');

  // Servers sharing an address (all on one machine) need ports of their own.
  const shared = new Set(hosts).size < hosts.length;
  const portsOf = (index: number): ServerPorts => {
    const base = basePort + (shared ? (index - 1) * PORTS_PER_SERVER : 0);
    return { gethP2p: base, gethRpc: base + 1, gethAuth: base + 2, beaconP2p: base + 3, beaconRpc: base + 4, beaconHttp: base + 5 };
  };

  const networkTag = newNetworkTag();
  const genesisTime = Math.floor(Date.now() / 1000) + genesisDelay;
  const withdrawalCredentials = unspendableWithdrawalCredentials();
  const keys = hosts.map((host, i) => ({
    index: i + 1,
    host,
    geth: newP2pIdentity(),
    beacon: newP2pIdentity(),
    validator: newValidatorKey(),
    password: randomBytes(24).toString('hex'),
  }));
  const operator = Wallet.createRandom();
  const presigned = await presignDeployment(chainId, operator.address, settlementWindowSeconds);

  const balances = new Map<string, bigint>();
  if (!values['no-demo-accounts']) for (const account of DEV_ACCOUNTS) balances.set(account.address, parseEther(String(DEV_BALANCE_ETH)));
  for (const { address, wei } of extraFunds) balances.set(address, (balances.get(address) ?? 0n) + wei);
  balances.set(operator.address, (balances.get(operator.address) ?? 0n) + OPERATOR_FUNDING);
  balances.set(presigned.deployer, deployerFundingWei());

  // prysmctl makes the consensus genesis from the execution genesis and the validators' deposits.
  mkdirSync(dataDir, { recursive: true });
  const work = mkdtempSync(join(dataDir, '.init-'));
  try {
    const files = {
      config: join(work, 'config.yaml'),
      deposits: join(work, 'deposits.json'),
      genesisIn: join(work, 'genesis-in.json'),
      genesisOut: join(work, 'genesis.json'),
      genesisSsz: join(work, 'genesis.ssz'),
    };
    writeFileSync(
      files.config,
      consensusConfigYaml({ chainId, validatorCount: count, genesisTime, slotSeconds: POS.blockSeconds, slotsPerEpoch: POS.slotsPerEpoch, networkTag }),
    );
    const genesisForkVersion = forkVersion(0, networkTag);
    writeFileSync(files.deposits, JSON.stringify(keys.map((k) => depositData(k.validator, withdrawalCredentials, genesisForkVersion))));
    writeFileSync(
      files.genesisIn,
      JSON.stringify(executionGenesis({ chainId, genesisTime, baseFeeWei: POS.genesisBaseFeeWei, balances, gethBinary: geth })),
    );
    log(`making the genesis of ${count} validator(s), chain id ${chainId}, first slot at ${new Date(genesisTime * 1000).toISOString()}`);
    runPrysmctl(prysmctl, [
      'testnet',
      'generate-genesis',
      '--chain-config-file', files.config,
      '--deposit-json-file', files.deposits,
      '--num-validators', String(count),
      '--genesis-time', String(genesisTime),
      '--fork', 'electra',
      '--geth-genesis-json-in', files.genesisIn,
      '--geth-genesis-json-out', files.genesisOut,
      '--output-ssz', files.genesisSsz,
    ]);

    const servers: NetworkServer[] = keys.map((k) => ({
      index: k.index,
      host: k.host,
      ports: portsOf(k.index),
      enodeId: k.geth.enodeId,
      beaconPeerId: k.beacon.peerId,
      validatorPublicKey: '0x' + k.validator.publicKeyHex,
    }));
    const network: NetworkFile = {
      version: 1,
      chainId,
      genesisTime,
      slotSeconds: POS.blockSeconds,
      slotsPerEpoch: POS.slotsPerEpoch,
      servers,
      deliveryServer,
      timeSource,
      maxClockOffsetMs,
      // Tips paid for blocks go to the account that pays for settlements.
      feeRecipient: operator.address,
    };
    for (const k of keys) {
      const folder = serverFolder(dataDir, k.index);
      mkdirSync(folder.root, { recursive: true, mode: 0o700 });
      writeNetworkFile(folder, network);
      for (const [from, to] of [
        [files.genesisOut, folder.executionGenesis],
        [files.config, folder.consensusConfig],
        [files.genesisSsz, folder.consensusGenesis],
      ]) {
        mkdirSync(resolve(to, '..'), { recursive: true });
        copyFileSync(from, to);
      }
      writePresignedDeployment(folder.deploymentTransaction, presigned);
      // The programs read these as bare hex, without a newline.
      writeFileAtomic(folder.jwtSecret, randomBytes(32).toString('hex'), 0o600);
      writeFileAtomic(folder.gethNodeKey, k.geth.privateKeyHex, 0o600);
      writeFileAtomic(folder.beaconP2pKey, k.beacon.privateKeyHex, 0o600);
      writeFileAtomic(folder.validatorPassword, k.password, 0o600);
      writeJsonAtomic(join(folder.validatorKeysDir, `keystore-${k.validator.publicKeyHex.slice(0, 16)}.json`), keystore(k.validator, k.password), 0o600);
      if (k.index === deliveryServer) {
        writeJsonAtomic(dataPaths(folder.root).operatorKey, { address: operator.address, privateKey: operator.privateKey }, 0o600);
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  log(`network of ${count} server(s) in ${dataDir}:`);
  for (const k of keys) {
    const ports = portsOf(k.index);
    log(`  server-${k.index}: ${k.host}, geth p2p ${ports.gethP2p}, beacon p2p ${ports.beaconP2p}${k.index === deliveryServer ? ', delivery service' : ''}`);
  }
  log(`the meter operator ${operator.address} settles trades; its key is in server-${deliveryServer}: keep a copy offline`);
  log(`EnergyMarketplace will be at ${presigned.address}`);
  log(`copy DIR/server-I to server I, then there: npm start -- --engine pos --server I --data-dir DIR`);
}

function runPrysmctl(binary: string, args: readonly string[]): void {
  try {
    execFileSync(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  } catch (error) {
    const output = String((error as { stderr?: string }).stderr ?? '') + String((error as { stdout?: string }).stdout ?? '');
    throw new Error(`prysmctl could not make the consensus genesis: ${output.trim().split('\n').slice(-3).join(' ')}`);
  }
}

function wholeNumber(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}, not "${text}"`);
  return value;
}

function parseTimeSource(text: string | undefined, firstHost: string): NetworkFile['timeSource'] {
  if (text === 'none') return null;
  const [host, port] = (text ?? `${firstHost}:123`).split(':');
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) throw new Error(`--time-source: "${host}" is not an IPv4 address (or none)`);
  return { host, port: port === undefined ? 123 : wholeNumber('time-source port', port, 1, 65535) };
}

function parseFund(text: string): { address: string; wei: bigint } {
  const [address, eth] = text.split('=');
  let checked: string;
  try {
    checked = getAddress(address);
  } catch {
    throw new Error(`--fund: "${address}" is not an account address`);
  }
  if (!eth || !/^\d+(\.\d+)?$/.test(eth)) throw new Error(`--fund ${address}=ETH needs an amount of ETH, e.g. --fund ${address}=100`);
  return { address: checked, wei: parseEther(eth) };
}
