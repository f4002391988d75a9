/**
 * `npm run network -- init --servers N --name "<name>" --currency SYMBOL --data-dir DIR`:
 * a new community whose ledger is a network of N servers, made offline on one
 * machine. Writes DIR/server-1 ... DIR/server-N, one folder to copy to each
 * server. Each is a community's data folder (community.json with the
 * network's own chain id, the treasury's key encrypted under the passphrase,
 * the community's CA and this server's HTTPS certificate) and a server of the
 * network: the same genesis (execution and consensus), network.json, the
 * signed deployment of the Community contract and the marketplace, and this
 * server's own keys: its validator's keystore, its JWT secret, its geth and
 * beacon node keys. The folder of the delivery server also holds the meter
 * operator's key.
 *
 * The execution genesis funds the treasury with the whole supply, as a
 * community on Ganache starts, and the meter operator with its fee float; the
 * Community contract counts every coin outside the treasury as issued.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { Wallet, getAddress, parseEther } from 'ethers';

import { POS } from '../chain/engine';
import { type NetworkFile, type NetworkServer, type ServerPorts, serverFolder, writeNetworkFile } from '../chain/pos/network-file';
import { makeCertificatesForServers } from '../community/certificates';
import { GENESIS_SUPPLY_COINS, MAX_NAME_BYTES, OPERATOR_FLOAT_COINS, checkChainId, randomChainId } from '../community/community-terms';
import { newPassphrase } from '../community/passphrase';
import { storeTreasuryKey } from '../community/treasury-key';
import { newDeployer, presignDeployment, writePresignedDeployment } from '../deploy/presigned-deployment';
import { writeFileAtomic, writeJsonAtomic } from '../lib/atomic-write';
import { formatMoney } from '../lib/coins';
import { writeCommunitySettings } from '../lib/community-profile';
import { dataPaths } from '../lib/data-paths';
import { networkBinary } from '../lib/network-binaries';
import { DEFAULT_LINE_LOSS_ALLOWANCE_BPS } from '../lib/service-config';
import { InputError, checkCurrencySymbol, checkDisplayText, checkLineLossAllowance } from '../lib/user-input';
import { consensusConfigYaml, forkVersion, newNetworkTag } from './consensus-config';
import { executionGenesis } from './execution-genesis';
import { newP2pIdentity } from './p2p-identity';
import { depositData, keystore, newValidatorKey, unspendableWithdrawalCredentials } from './validator-keys';

const USAGE = `Usage: npm run network -- init --servers N --name "<name>" --currency SYMBOL --data-dir DIR [options]

  --servers N             validator servers (1 to 16; 4 tolerate one down)
  --name TEXT             the community's name, as wallets and pages show it (at most 40 letters)
  --currency SYMBOL       its money: one coin of the chain is one unit, e.g. KES (2 to 6 capitals)
  --data-dir DIR          writes DIR/server-1 ... DIR/server-N (must not exist yet)
  --hosts A,B,...         each server's LAN address, in order (default 127.0.0.1 for all:
                          every server on this machine)
  --base-port P           first of each server's ports (default 30300); servers sharing an
                          address get blocks of 10 ports
  --chain-id ID           the network's chain id (default: a random one; never 1337, the demo's)
  --delivery-server I     the server that runs the delivery service (default 1)
  --time-source HOST[:PORT]
                          the LAN time source (SNTP) validator clocks are checked against
                          (default: the first server's address, port 123); none: no check
  --max-clock-offset-ms N largest clock offset a validator may start with (default 500)
  --settlement-window S   seconds before a buyer may reclaim an unsettled trade (default 86400)
  --line-loss-allowance P how much less (in % of the energy sent) a buyer's node may measure than
                          the seller's before a trade is marked disputed (default 3; 0 to 50)
  --genesis-delay S       the chain starts S seconds from now (default 30)
  --fund ADDRESS=AMOUNT   an account holding AMOUNT of the currency from the genesis on
                          (repeatable; counted as issued, like a top-up)

The passphrase that encrypts the treasury key (in every server's folder) is asked at the
terminal (or taken from COMMUNITY_PASSPHRASE). Keep it safe: without it nobody can issue money.`;

const MAX_SERVERS = 16;
const PORTS_PER_SERVER = 10;

export async function runInit(argv: readonly string[], log: (line: string) => void): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      servers: { type: 'string' },
      name: { type: 'string' },
      currency: { type: 'string' },
      'data-dir': { type: 'string' },
      hosts: { type: 'string' },
      'base-port': { type: 'string', default: '30300' },
      'chain-id': { type: 'string' },
      'delivery-server': { type: 'string', default: '1' },
      'time-source': { type: 'string' },
      'max-clock-offset-ms': { type: 'string', default: '500' },
      'settlement-window': { type: 'string', default: '86400' },
      'line-loss-allowance': { type: 'string', default: String(DEFAULT_LINE_LOSS_ALLOWANCE_BPS / 100) },
      'genesis-delay': { type: 'string', default: '30' },
      fund: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.servers || !values['data-dir']) throw new InputError('init needs --servers N and --data-dir DIR (npm run network -- init --help)');
  if (values.name === undefined) throw new InputError('init needs --name "<the community\'s name>"');
  if (values.currency === undefined) throw new InputError('init needs --currency <SYMBOL>, e.g. --currency KES');
  const name = checkDisplayText('community name', values.name, MAX_NAME_BYTES);
  const currency = checkCurrencySymbol(values.currency);
  const count = wholeNumber('servers', values.servers, 1, MAX_SERVERS);
  const dataDir = resolve(values['data-dir']);
  const hosts = values.hosts ? values.hosts.split(',').map((h) => h.trim()) : Array.from({ length: count }, () => '127.0.0.1');
  if (hosts.length !== count) throw new InputError(`--hosts names ${hosts.length} address(es) for ${count} server(s)`);
  for (const host of hosts) if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) throw new InputError(`--hosts: "${host}" is not an IPv4 address`);
  const basePort = wholeNumber('base-port', values['base-port']!, 1024, 65535 - count * PORTS_PER_SERVER);
  const chainId = values['chain-id'] === undefined ? randomChainId() : checkChainId(values['chain-id']);
  const deliveryServer = wholeNumber('delivery-server', values['delivery-server']!, 1, count);
  const maxClockOffsetMs = wholeNumber('max-clock-offset-ms', values['max-clock-offset-ms']!, 1, 60_000);
  const settlementWindowSeconds = wholeNumber('settlement-window', values['settlement-window']!, 60, 365 * 86400);
  const lineLossAllowanceBps = checkLineLossAllowance(values['line-loss-allowance']!);
  const genesisDelay = wholeNumber('genesis-delay', values['genesis-delay']!, 0, 7 * 86400);
  const timeSource = parseTimeSource(values['time-source'], hosts[0]);
  const extraFunds = values.fund!.map(parseFund);
  if (existsSync(dataDir) && [...Array(count).keys()].some((i) => existsSync(serverFolder(dataDir, i + 1).root))) {
    throw new InputError(`${dataDir} holds a network's server folders already: init makes a new network in a new folder`);
  }
  const geth = networkBinary('geth');
  const prysmctl = networkBinary('prysmctl');
  const passphrase = await newPassphrase();

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
  const treasury = new Wallet(Wallet.createRandom().privateKey);
  const operator = new Wallet(Wallet.createRandom().privateKey);
  const deployer = newDeployer();

  // Everything but the treasury's supply is issued from the first block on.
  const balances = new Map<string, bigint>();
  const add = (address: string, wei: bigint) => balances.set(address, (balances.get(address) ?? 0n) + wei);
  for (const { address, wei } of extraFunds) add(address, wei);
  add(operator.address, parseEther(String(OPERATOR_FLOAT_COINS)));
  add(deployer.wallet.address, deployer.fundingWei);
  const genesisIssuedWei = [...balances.values()].reduce((sum, wei) => sum + wei, 0n);
  if (balances.has(treasury.address)) throw new Error('the treasury cannot be funded twice');
  balances.set(treasury.address, parseEther(String(GENESIS_SUPPLY_COINS)));
  const presigned = await presignDeployment(deployer.wallet, {
    chainId,
    operator: operator.address,
    treasury: treasury.address,
    genesisIssuedWei,
    settlementWindowSeconds,
    lineLossAllowanceBps,
  });

  // Made in a folder beside the servers' and moved in at the end: a failed init leaves no half network.
  mkdirSync(dataDir, { recursive: true });
  const work = mkdtempSync(join(dataDir, '.init-'));
  let caFingerprint: string;
  try {
    const files = {
      config: join(work, 'config.yaml'),
      deposits: join(work, 'deposits.json'),
      genesisIn: join(work, 'genesis-in.json'),
      genesisOut: join(work, 'genesis.json'),
      genesisSsz: join(work, 'genesis.ssz'),
      treasuryKey: join(work, 'treasury-key.json'),
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
    // Encrypted once (scrypt takes seconds), the same file on every server.
    await storeTreasuryKey(files.treasuryKey, treasury, passphrase);
    const certificates = await makeCertificatesForServers(
      name,
      passphrase,
      keys.map((k) => [...new Set(['localhost', '127.0.0.1', k.host])]),
    );
    caFingerprint = certificates.caFingerprint;

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
    const createdAt = new Date().toISOString();
    for (const k of keys) {
      const folder = serverFolder(work, k.index);
      const paths = dataPaths(folder.root);
      mkdirSync(folder.root, { recursive: true, mode: 0o700 });
      writeNetworkFile(folder, network);
      for (const [from, to] of [
        [files.genesisOut, folder.executionGenesis],
        [files.config, folder.consensusConfig],
        [files.genesisSsz, folder.consensusGenesis],
        [files.treasuryKey, paths.treasuryKey],
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
        writeJsonAtomic(paths.operatorKey, { address: operator.address, privateKey: operator.privateKey }, 0o600);
      }
      const server = certificates.servers[k.index - 1];
      writeFileAtomic(paths.caCertificate, certificates.caCertificatePem);
      writeFileAtomic(paths.caKey, certificates.caKeyEncryptedPem, 0o600);
      writeFileAtomic(paths.serverCertificate, server.serverCertificatePem);
      writeFileAtomic(paths.serverKey, server.serverKeyPem, 0o600);
      // Last: from now on the folder is a community's.
      writeCommunitySettings(paths.community, { name, currency, chainId, treasury: treasury.address, createdAt });
    }
    for (const k of keys) renameSync(serverFolder(work, k.index).root, serverFolder(dataDir, k.index).root);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  log(`the community "${name}" on a network of ${count} server(s), chain id ${chainId}, in ${dataDir}:`);
  for (const k of keys) {
    const ports = portsOf(k.index);
    log(`  server-${k.index}: ${k.host}, geth p2p ${ports.gethP2p}, beacon p2p ${ports.beaconP2p}${k.index === deliveryServer ? ', delivery service' : ''}`);
  }
  log(`treasury ${treasury.address} holds ${formatMoney(currency, parseEther(String(GENESIS_SUPPLY_COINS)))} (its key: treasury-key.json in every folder, encrypted under your passphrase)`);
  log(`meter operator ${operator.address} holds ${formatMoney(currency, parseEther(String(OPERATOR_FLOAT_COINS)))} for settlement fees; its key is in server-${deliveryServer}: keep a copy offline`);
  log(`Community will be at ${presigned.community.address}, EnergyMarketplace at ${presigned.marketplace.address}`);
  log(`community CA (tls/ca.crt in every folder): SHA-256 ${caFingerprint}`);
  log(`copy DIR/server-I to server I, then there: npm start -- --engine pos --server I --data-dir DIR --host 0.0.0.0`);
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
  if (!Number.isInteger(value) || value < min || value > max) throw new InputError(`--${name} must be a whole number from ${min} to ${max}, not "${text}"`);
  return value;
}

function parseTimeSource(text: string | undefined, firstHost: string): NetworkFile['timeSource'] {
  if (text === 'none') return null;
  const [host, port] = (text ?? `${firstHost}:123`).split(':');
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) throw new InputError(`--time-source: "${host}" is not an IPv4 address (or none)`);
  return { host, port: port === undefined ? 123 : wholeNumber('time-source port', port, 1, 65535) };
}

function parseFund(text: string): { address: string; wei: bigint } {
  const [address, amount] = text.split('=');
  let checked: string;
  try {
    checked = getAddress(address);
  } catch {
    throw new InputError(`--fund: "${address}" is not an account address`);
  }
  if (!amount || !/^\d+(\.\d{1,18})?$/.test(amount)) throw new InputError(`--fund ${address}=AMOUNT needs an amount, e.g. --fund ${address}=100`);
  return { address: checked, wei: parseEther(amount) };
}
