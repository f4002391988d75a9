/**
 * A real community, as an operator makes and runs one: `npm run community --
 * init` in a temporary folder, households added by their own wallets' addresses
 * and topped up, `npm start` on that folder, and two households trading with
 * each other through the gateway, signed by their own keys, delivered by a
 * registered node (the firmware's host build on its own port, as a board on
 * the LAN would be) and settled. No development key is anywhere: the chain
 * does not fund them, /config.json and the built dApp do not hold them. The
 * treasury's figures balance to the wei, and every bad input is refused with
 * one sentence and changes nothing.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { Contract, JsonRpcProvider, Network, Wallet, parseEther } from 'ethers';

import { allProcesses } from '../../scripts/bench/process-tree';
import { describeFailure, runCommunityCommand } from '../../scripts/community/community-command';
import { GENESIS_SUPPLY_COINS } from '../../scripts/community/init';
import { InputError } from '../../scripts/lib/user-input';
import { DEV_ACCOUNTS, DEV_MNEMONIC } from '../../scripts/chain/dev-accounts';
import type { Child } from '../../scripts/lib/child-process';
import { REPO_ROOT, dataPaths } from '../../scripts/lib/data-paths';

import { startEmulator } from '../../scripts/nodes/emulator';
import { uiBuildDir } from '../../scripts/server/ui-build-dir';
import { call, getJson, postRpc } from '../support/json-rpc';
import { freePort } from '../support/ports';
import { NpmStart } from '../support/system/npm-start';

const PASSPHRASE = 'a village passphrase';
const NODE_SECRET = 'c3'.repeat(32);
/** KES 24.50 per kWh, in wei per mWh. */
const UNIT_PRICE = parseEther('24.5') / 1_000_000n;
const GENESIS_SUPPLY_WEI = parseEther(String(GENESIS_SUPPLY_COINS));

interface CommandRun {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/** `npm run community -- ...` as a person types it (through tsx directly: npm adds only its own start-up). */
function community(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CommandRun> {
  return command('scripts/community/community-command.ts', args, env);
}

/** `npm run nodes -- ...`, the same way. */
function nodesCommand(args: readonly string[]): Promise<CommandRun> {
  return command('scripts/nodes/nodes-command.ts', args);
}

function command(script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CommandRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), script, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, COMMUNITY_PASSPHRASE: PASSPHRASE, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

/**
 * A command refused in this process (the same code as the command line, without starting a process
 * per case): the sentence it would print. Fails if the command went through or failed otherwise.
 */
async function refusal(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const set = { COMMUNITY_PASSPHRASE: PASSPHRASE, ...env };
  const saved = Object.fromEntries(Object.keys(set).map((key) => [key, process.env[key]]));
  Object.assign(process.env, set);
  try {
    await runCommunityCommand(args, () => undefined);
  } catch (error) {
    assert.ok(error instanceof InputError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'), `${args.join(' ')}: ${(error as Error).stack}`);
    return describeFailure(error);
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
  assert.fail(`${args.join(' ')} should have been refused`);
}

/** The address with one letter's case flipped: still hex, no longer its checksum. */
function withBrokenChecksum(address: string): string {
  const i = address.slice(2).search(/[a-fA-F]/) + 2;
  const letter = address[i];
  return address.slice(0, i) + (letter === letter.toLowerCase() ? letter.toUpperCase() : letter.toLowerCase()) + address.slice(i + 1);
}

/** The files a command could change (not the ledger or the delivery service's progress), hashed. */
function settingsFilesOf(dir: string): Record<string, string> {
  return Object.fromEntries(Object.entries(filesOf(dir)).filter(([file]) => !/^\/(chain|delivery)\//.test(file)));
}

/** Every file under `dir` with a hash of its content: what "changes nothing" compares. */
function filesOf(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (path: string) => {
    for (const entry of readdirSync(path)) {
      const full = join(path, entry);
      const stat = statSync(full);
      if (stat.isDirectory()) walk(full);
      // Regular files only: the running chain's backup socket (chain-backup.sock) has no content.
      else if (stat.isFile()) files[full.slice(dir.length)] = createHash('sha256').update(readFileSync(full)).digest('hex');
    }
  };
  if (existsSync(dir)) walk(dir);
  return files;
}

function httpsText(url: string, ca?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    httpsGet(url, { ca }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    }).on('error', reject);
  });
}

describe('a real community: npm run community and npm start', () => {
  let dataDir: string;
  let paths: ReturnType<typeof dataPaths>;
  let chainId: number;
  let running: NpmStart | undefined;
  let node: Child | undefined;
  let baseUrl: string;
  let httpsPort: number;
  let provider: JsonRpcProvider;
  // Wallets the households created themselves; the operator only ever sees their addresses.
  const amina = Wallet.createRandom();
  const baraka = Wallet.createRandom();
  let tradeFeesWei = 0n;

  before(async () => {
    dataDir = join(mkdtempSync(join(tmpdir(), 'energy-community-')), 'village');
    paths = dataPaths(dataDir);
  });
  after(async () => {
    running?.kill();
    await node?.stop();
    provider?.destroy();
    for (const p of allProcesses().filter((p) => p.command.includes(dataDir))) process.kill(p.pid, 'SIGKILL');
    rmSync(join(dataDir, '..'), { recursive: true, force: true });
  });

  it('init creates a community on its own chain, keys encrypted or private to their owner', async () => {
    const run = await new Promise<CommandRun>((resolve) => {
      const child = spawn('npm', ['run', '--silent', 'community', '--', 'init', '--name', 'Test Village', '--currency', 'KES', '--line-loss-allowance', '2.5', '--data-dir', dataDir], {
        cwd: REPO_ROOT,
        env: { ...process.env, COMMUNITY_PASSPHRASE: PASSPHRASE },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk) => (out += chunk));
      child.stderr.on('data', (chunk) => (err += chunk));
      child.on('exit', (code) => resolve({ code, out, err }));
    });
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /Created the community "Test Village"/);
    assert.match(run.out, /line loss\s+up to 2\.5% of what is sent/);
    const settings = JSON.parse(readFileSync(paths.community, 'utf8'));
    chainId = settings.chainId;
    assert.notEqual(chainId, 1337);
    assert.equal(JSON.parse(readFileSync(paths.deployment, 'utf8'))[String(chainId)].lineLossAllowanceBps, 250);
    assert.equal(settings.currency, 'KES');
    for (const key of DEV_ACCOUNTS) assert.ok(!run.out.includes(key.privateKey.slice(2)), 'no development key printed');

    // The treasury key exists only encrypted (scrypt keystore), and opens with the passphrase alone.
    const keystore = JSON.parse(readFileSync(paths.treasuryKey, 'utf8'));
    assert.equal((keystore.crypto ?? keystore.Crypto).kdf, 'scrypt');
    assert.equal((await Wallet.fromEncryptedJson(JSON.stringify(keystore), PASSPHRASE)).address, settings.treasury);
    await assert.rejects(Wallet.fromEncryptedJson(JSON.stringify(keystore), 'not the passphrase'), /incorrect password/);
    for (const secret of [paths.treasuryKey, paths.operatorKey, paths.serverKey, paths.caKey]) {
      assert.equal(statSync(secret).mode & 0o777, 0o600, `${secret} is readable by its owner only`);
    }
    assert.match(readFileSync(paths.caKey, 'utf8'), /BEGIN ENCRYPTED PRIVATE KEY/);
  });

  it('refuses bad input to init with one sentence and changes nothing', async () => {
    const demoDir = mkdtempSync(join(tmpdir(), 'energy-demo-folder-'));
    mkdirSync(join(demoDir, 'chain'));
    writeFileSync(join(demoDir, 'deployment.json'), '{}');
    const fresh = join(tmpdir(), `energy-never-made-${process.pid}`);
    const before = { community: filesOf(dataDir), demo: filesOf(demoDir) };
    const cases: [string[], RegExp, NodeJS.ProcessEnv?][] = [
      [['--name', 'Again', '--currency', 'KES', '--data-dir', dataDir], /holds a community already .*never overwrites it/],
      [['--name', 'Demo', '--currency', 'KES', '--data-dir', demoDir], /holds the demo already .*never overwrites it/],
      [['--name', '  ', '--currency', 'KES', '--data-dir', fresh], /community name is empty/],
      [['--name', 'x'.repeat(41), '--currency', 'KES', '--data-dir', fresh], /community name is too long/],
      [['--name', 'V', '--currency', 'kes', '--data-dir', fresh], /"kes" is not a currency symbol/],
      [['--name', 'V', '--currency', 'SHILLINGS', '--data-dir', fresh], /"SHILLINGS" is not a currency symbol/],
      [['--name', 'V', '--currency', 'K', '--data-dir', fresh], /"K" is not a currency symbol/],
      [['--name', 'V', '--currency', 'KES', '--chain-id', '1337', '--data-dir', fresh], /belongs to another network/],
      [['--name', 'V', '--currency', 'KES', '--line-loss-allowance', '51', '--data-dir', fresh], /"51" is not a line-loss allowance: .* from 0 to 50/],
      [['--name', 'V', '--currency', 'KES', '--line-loss-allowance=-1', '--data-dir', fresh], /"-1" is not a line-loss allowance/],
      [['--name', 'V', '--currency', 'KES', '--line-loss-allowance', '2.555', '--data-dir', fresh], /"2\.555" is not a line-loss allowance/],
      [['--name', 'V', '--currency', 'KES', '--line-loss-allowance', 'three', '--data-dir', fresh], /"three" is not a line-loss allowance/],
      [['--name', 'V', '--currency', 'KES', '--data-dir', fresh], /passphrase is too short/, { COMMUNITY_PASSPHRASE: 'short' }],
    ];
    // As a person sees it: one sentence on stderr and exit code 1 ...
    const run = await community(['init', ...cases[0][0]]);
    assert.equal(run.code, 1);
    assert.match(run.err, /^community: .*holds a community already/);
    assert.equal(run.err.trim().split('\n').length, 1, `one sentence, not a stack trace: ${run.err}`);
    // ... and every case through the same code, in this process.
    for (const [args, reason, env] of cases) assert.match(await refusal(['init', ...args], env), reason);
    assert.deepEqual(filesOf(dataDir), before.community);
    assert.deepEqual(filesOf(demoDir), before.demo);
    assert.equal(existsSync(fresh), false);
    assert.deepEqual(readdirSync(join(dataDir, '..')), ['village'], 'no half-made work folder left behind');
    rmSync(demoDir, { recursive: true, force: true });
  });

  it('adds households by their wallet address, with an energy node, before the community runs', async () => {
    const nodePort = await freePort();
    node = await startEmulator({ name: 'amina-node', port: nodePort, secret: NODE_SECRET, stateFile: join(dataDir, '..', 'amina.state'), timeScale: 60, quiet: true });
    const added = await community(['household', 'add', amina.address, '--name', 'Amina', '--node', `http://127.0.0.1:${nodePort}`, '--secret', NODE_SECRET, '--data-dir', dataDir]);
    assert.equal(added.code, 0, added.err);
    assert.match(added.out, new RegExp(`added household "Amina" \\(${amina.address}\\)`));
    assert.match(added.out, /answers \(relay open/);
    const second = await community(['household', 'add', baraka.address.toLowerCase(), '--name', 'Baraka', '--data-dir', dataDir]);
    assert.equal(second.code, 0, second.err);
    const listed = await community(['household', 'list', '--data-dir', dataDir]);
    assert.match(listed.out, new RegExp(`Amina\\s+${amina.address}\\s+KES 0\\s+node http://127.0.0.1:${nodePort}`));
    assert.match(listed.out, new RegExp(`Baraka\\s+${baraka.address}\\s+KES 0\\s+no node`));
  });

  it('npm start runs the community: its chain, HTTPS, no development account', async () => {
    const port = await freePort();
    httpsPort = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const args = ['--port', String(port), '--https-port', String(httpsPort), '--chain-port', String(await freePort())];
    running = NpmStart.run([...args, '--data-dir', dataDir]);
    const ready = await running.waitFor(/^ready: /, 600_000);
    assert.match(ready, new RegExp(`chain id ${chainId}`));
    const printed = running.lines.join('\n');
    assert.match(printed, /Test Village: community energy market/);
    assert.match(printed, /Network name\s+Test Village/);
    assert.match(printed, new RegExp(`Chain ID\\s+${chainId}`));
    assert.match(printed, /Currency symbol KES/);
    assert.doesNotMatch(printed, /DEMO|FOR DEVELOPMENT ONLY|Import account/);
    for (const key of DEV_ACCOUNTS) assert.ok(!printed.includes(key.privateKey.slice(2)) && !printed.includes(key.address));
    const emulators = allProcesses().filter((p) => p.command.includes(dataDir) && p.command.includes('energy-node'));
    assert.deepEqual(emulators, [], 'no emulator stands in for anybody');
    const network = Network.from(chainId);
    provider = new JsonRpcProvider(`${baseUrl}/rpc`, network, { staticNetwork: network, pollingInterval: 50, cacheTimeout: -1 });
  });

  it('/config.json says community, with its name, money, contract and HTTPS, and no development key', async () => {
    const config = await getJson(`${baseUrl}/config.json`);
    assert.equal(config.mode, 'community');
    assert.equal(config.devChain, false);
    assert.equal(config.chainId, chainId);
    assert.equal(config.chainName, 'Test Village');
    assert.deepEqual(config.nativeCurrency, { name: 'KES', symbol: 'KES', decimals: 18 });
    assert.equal(config.community.name, 'Test Village');
    assert.equal(config.community.currencySymbol, 'KES');
    assert.equal(config.community.contract.treasury, JSON.parse(readFileSync(paths.community, 'utf8')).treasury);
    assert.equal(config.httpsUrl, `https://127.0.0.1:${httpsPort}`);
    assert.equal(config.caCertificateUrl, '/ca.crt');
    assert.equal('devAccounts' in config, false);
    const text = JSON.stringify(config).toLowerCase();
    for (const key of DEV_ACCOUNTS) assert.ok(!text.includes(key.privateKey.slice(2).toLowerCase()) && !text.includes(key.address.toLowerCase()));
  });

  it('the built dApp holds no development key', () => {
    const files = Object.keys(filesOf(uiBuildDir()));
    assert.ok(files.some((file) => file.endsWith('.js')), 'the dApp is built');
    for (const file of files) {
      const text = readFileSync(join(uiBuildDir(), file), 'utf8').toLowerCase();
      assert.ok(!text.includes(DEV_MNEMONIC), `${file} holds the development mnemonic`);
      for (const key of DEV_ACCOUNTS) assert.ok(!text.includes(key.privateKey.slice(2).toLowerCase()), `${file} holds a development key`);
    }
  });

  it('the ten development keys hold nothing, and their signed transactions fail for lack of funds', async () => {
    const balances = await postRpc(`${baseUrl}/rpc`, DEV_ACCOUNTS.map((key, id) => call('eth_getBalance', [key.address, 'latest'], id)));
    assert.deepEqual(balances.body.map((answer: { result: string }) => BigInt(answer.result)), DEV_ACCOUNTS.map(() => 0n));
    const config = await getJson(`${baseUrl}/config.json`);
    for (const key of DEV_ACCOUNTS.slice(0, 3)) {
      const raw = await new Wallet(key.privateKey).signTransaction({
        type: 2, chainId, nonce: 0, maxFeePerGas: 10n ** 9n, maxPriorityFeePerGas: 1n, gasLimit: 100_000,
        to: config.marketplace.address, data: new Contract(config.marketplace.address, config.marketplace.abi).interface.encodeFunctionData('createOffer', [1_000, 1n]),
      });
      const sent = await postRpc(`${baseUrl}/rpc`, call('eth_sendRawTransaction', [raw]));
      assert.match(sent.body.error?.message ?? '', /insufficient funds/i, JSON.stringify(sent.body));
    }
    assert.equal(Number((await postRpc(`${baseUrl}/rpc`, call('eth_accounts'))).body.result.length), 0);
  });

  it('tops up households from the treasury while the community runs', async () => {
    const first = await community(['top-up', amina.address, '500', '--note', 'cash, receipt 0412', '--data-dir', dataDir]);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, new RegExp(`topped up "Amina" \\(${amina.address}\\) with KES 500 \\(cash, receipt 0412\\)`));
    const second = await community(['top-up', 'baraka', '300.25', '--data-dir', dataDir]);
    assert.equal(second.code, 0, second.err);
    assert.equal(await provider.getBalance(amina.address), parseEther('500'));
    assert.equal(await provider.getBalance(baraka.address), parseEther('300.25'));
  });

  it('two households trade through the gateway, signed by their own keys, and see each other by name', async () => {
    const config = await getJson(`${baseUrl}/config.json`);
    const seller = amina.connect(provider);
    const buyer = baraka.connect(provider);
    const market = new Contract(config.marketplace.address, config.marketplace.abi, provider);
    const directory = new Contract(config.community.contract.address, config.community.contract.abi, provider);

    const listed = await (await (market.connect(seller) as Contract).createOffer(2_000, UNIT_PRICE)).wait();
    const offerId = market.interface.parseLog(listed.logs[0])!.args.offerId;
    const bought = await (await (market.connect(buyer) as Contract).buy(offerId, 1_000, { value: 1_000n * UNIT_PRICE })).wait();
    const opened = bought.logs.map((l: never) => market.interface.parseLog(l)).find((e: { name: string } | null) => e?.name === 'TradeOpened');
    assert.equal(opened.args.seller, amina.address);
    assert.equal(opened.args.buyer, baraka.address);
    tradeFeesWei += listed.fee + bought.fee;

    // The allowance given at init is the contract's own, not only a figure in a file.
    assert.equal(await market.lineLossAllowanceBps(), 250n);
    // Each reads the other's name from the directory on chain.
    assert.deepEqual([...(await directory.namesOf([opened.args.seller, opened.args.buyer]))], ['Amina', 'Baraka']);
    const tradeId = Number(opened.args.tradeId);
    await running!.waitFor(new RegExp(`trade #${tradeId} node amina .*settled in block \\d+`), 120_000);
  });

  it("lists the disputed trades for the operator: none, the buyer has no node and the seller's figure counted", async () => {
    const run = await community(['disputes', '--data-dir', dataDir]);
    assert.equal(run.code, 0, run.err);
    assert.equal(run.out.trim(), "No disputed trades: every settled trade's two meters agreed within the 2.5% line-loss allowance.");
    assert.equal(await refusal(['disputes', 'all', '--data-dir', dataDir]), 'disputes takes no argument');
  });

  it('a household cashes out, and the treasury figures balance after top-ups, trades, fees and cash-outs', async () => {
    const config = await getJson(`${baseUrl}/config.json`);
    const directory = new Contract(config.community.contract.address, config.community.contract.abi, provider);
    const cashedOut = await (await (directory.connect(amina.connect(provider)) as Contract).cashOut('M-Pesa 0722 000 000', { value: parseEther('100') })).wait();
    // Every figure is read at one block: the delivery service may settle meanwhile, and ethers
    // caches "latest" answers for a moment, so reads of "latest" need not agree with each other.
    const atBlock = Number(await provider.send('eth_blockNumber', []));
    const returned: bigint = await directory.returnedWei({ blockTag: atBlock });
    assert.equal(returned, parseEther('100'));
    const issued: bigint = await directory.issuedWei({ blockTag: atBlock });
    assert.equal(issued, parseEther('10') + parseEther('500') + parseEther('300.25'), 'the operator float and two top-ups');
    assert.equal(await directory.circulationWei({ blockTag: atBlock }), issued - returned);

    // What is in circulation is held by the households, the operator and the market's escrow, or was paid in fees.
    const holders = [amina.address, baraka.address, config.marketplace.operator, config.marketplace.address, config.community.contract.address];
    const held = (await Promise.all(holders.map((holder) => provider.getBalance(holder, atBlock)))).reduce((sum, wei) => sum + wei, 0n);
    const fees = await feesPaidBy(provider, new Set(holders.map((h) => h.toLowerCase())), config.community.contract.deployedOnBlock, atBlock);
    assert.equal(held + fees, issued - returned);
    assert.ok(tradeFeesWei + cashedOut.fee <= fees);
    // And the treasury holds its genesis less what it issued, plus what came back, less its own fees.
    const treasury = config.community.contract.treasury;
    const treasuryFees = await feesPaidBy(provider, new Set([treasury.toLowerCase()]), 0, atBlock);
    assert.equal((await provider.getBalance(treasury, atBlock)) + treasuryFees, GENESIS_SUPPLY_WEI - issued + returned);
  });

  it('serves the dApp, /config.json, /rpc and the CA certificate over HTTPS with the community CA', async () => {
    const caPem = readFileSync(paths.caCertificate, 'utf8');
    const servedCa = await fetch(`${baseUrl}/ca.crt`);
    assert.equal(servedCa.headers.get('content-type'), 'application/x-x509-ca-cert');
    assert.equal(await servedCa.text(), caPem);
    const page = await httpsText(`https://localhost:${httpsPort}/`, caPem);
    assert.equal(page.status, 200);
    assert.match(page.body, /<app-root|<!doctype html>/i);
    const config = JSON.parse((await httpsText(`https://localhost:${httpsPort}/config.json`, caPem)).body);
    assert.equal(config.httpsUrl, `https://localhost:${httpsPort}`);
    assert.equal(config.caFingerprint, new (await import('node:crypto')).X509Certificate(caPem).fingerprint256);
    // Without the community CA a client refuses the certificate: a phone must trust it first.
    await assert.rejects(httpsText(`https://localhost:${httpsPort}/`), /self[- ]signed|unable to verify|certificate/i);
  });

  it('refuses every bad household and top-up command with one sentence, and changes nothing', async () => {
    const stranger = Wallet.createRandom().address;
    const before = { block: await provider.getBlockNumber(), files: settingsFilesOf(paths.root), treasury: await provider.getBalance(JSON.parse(readFileSync(paths.community, 'utf8')).treasury) };
    const cases: [string[], RegExp, NodeJS.ProcessEnv?][] = [
      [['household', 'add', '0x1234', '--name', 'X'], /"0x1234" is not an account address/],
      [['household', 'add', withBrokenChecksum(stranger), '--name', 'X'], /wrong checksum/],
      [['household', 'add', stranger, '--name', '   '], /name is empty/],
      [['household', 'add', stranger, '--name', 'n'.repeat(65)], /name is too long/],
      [['household', 'add', stranger], /give the household a name/],
      [['household', 'add', amina.address, '--name', 'Amina again'], /is a household already, named "Amina"/],
      [['household', 'add', stranger, '--name', 'amina'], /the name "amina" is taken/],
      [['household', 'add', stranger, '--name', 'X', '--node', 'ftp://10.0.0.9'], /must start with http/],
      [['household', 'rename', stranger, '--name', 'X'], /is not a household/],
      [['household', 'rename', 'Nobody', '--name', 'X'], /no household named "Nobody"/],
      [['household', 'remove', stranger], /is not a household/],
      [['household', 'fly'], /unknown household command "fly"/],
      // Names every JavaScript object has are not commands either.
      [['household', '__proto__'], /unknown household command "__proto__"/],
      [['household', 'toString'], /unknown household command "toString"/],
      [['top-up', amina.address, '-5'], /"-5" is not an amount of KES/],
      [['top-up', amina.address, '0'], /"0" is nothing/],
      [['top-up', amina.address, 'ten'], /"ten" is not an amount of KES/],
      [['top-up', amina.address, '1e3'], /"1e3" is not an amount of KES/],
      [['top-up', amina.address, '0.0000000000000000001'], /more than 18 decimals/],
      [['top-up', amina.address, '1000,500'], /"1000,500" could be read two ways: write 1000\.5 or 1,000,500/],
      [['top-up', amina.address, '1.000.000'], /"1\.000\.000" has separators in odd places/],
      [['top-up', stranger, '5'], /is not a household/],
      [['top-up', withBrokenChecksum(amina.address), '5'], /wrong checksum/],
      [['top-up', 'Amina', '2000000000'], /the treasury holds KES [\d,.]+, less than KES 2,000,000,000/],
      [['top-up', 'Amina', '5', '--note', 'n'.repeat(141)], /note is too long/],
      [['top-up', 'Amina', '5'], /the passphrase is wrong/, { COMMUNITY_PASSPHRASE: 'not the passphrase' }],
      [['household', 'remove', 'Baraka'], /the passphrase is wrong/, { COMMUNITY_PASSPHRASE: 'not the passphrase' }],
      [['launch'], /unknown subcommand "launch"/],
    ];
    for (const [args, reason, env] of cases.slice(0, 3)) {
      const run = await community([...args, '--data-dir', dataDir], env);
      assert.equal(run.code, 1, `${args.join(' ')} should be refused: ${run.out}`);
      assert.match(run.err, reason);
      assert.equal(run.err.trim().split('\n').length, 1, `one sentence, not a stack trace: ${run.err}`);
    }
    for (const [args, reason, env] of cases) assert.match(await refusal([...args, '--data-dir', dataDir], env), reason);
    // A mistyped (or forgotten) --data-dir: said so, and nothing is made there.
    const nowhere = join(dataDir, '..', 'no-such-village');
    for (const args of [['household', 'list'], ['top-up', 'Amina', '5'], ['disputes']]) {
      assert.match(await refusal([...args, '--data-dir', nowhere]), /no-such-village does not exist: give the community's folder with --data-dir/);
    }
    assert.equal(existsSync(nowhere), false);
    assert.equal(await provider.getBlockNumber(), before.block, 'no transaction was sent');
    assert.deepEqual(settingsFilesOf(paths.root), before.files);
    assert.equal(await provider.getBalance(JSON.parse(readFileSync(paths.community, 'utf8')).treasury), before.treasury);
  });

  it('renames and removes households; a removed household keeps its coins and its node is forgotten', async () => {
    const renamed = await community(['household', 'rename', 'Baraka', '--name', 'Baraka & Neema', '--data-dir', dataDir]);
    assert.equal(renamed.code, 0, renamed.err);
    const removed = await community(['household', 'remove', amina.address, '--data-dir', dataDir]);
    assert.equal(removed.code, 0, removed.err);
    assert.match(removed.out, /its energy node is forgotten too/);
    const listed = await community(['household', 'list', '--data-dir', dataDir]);
    assert.match(listed.out, /1 household\(s\) of Test Village/);
    assert.match(listed.out, new RegExp(`Baraka & Neema\\s+${baraka.address}`));
    assert.doesNotMatch(listed.out, /Amina/);
    assert.ok((await provider.getBalance(amina.address)) > 0n);
    assert.deepEqual(JSON.parse(readFileSync(paths.registeredNodes, 'utf8')).nodes, []);
    // A community has no demo emulators to speak of: the listing says how to register a node.
    const nodes = await nodesCommand(['list', '--data-dir', dataDir]);
    assert.equal(nodes.code, 0, nodes.err);
    assert.match(nodes.out, /^No nodes registered: npm run community -- household add/);
    assert.doesNotMatch(nodes.out, /demo/);
  });

  it('stops on Ctrl-C and runs the same community again', async () => {
    running!.pressCtrlC();
    await running!.exited;
    assert.equal(existsSync(paths.chainEndpoint), false, 'the chain says it no longer runs');
    const listed = await community(['household', 'list', '--data-dir', dataDir]);
    assert.match(listed.out, /Baraka & Neema/, 'the command opens the chain itself when npm start does not run');
    running = undefined;
  });
});

/** Fees (gas used x effective price) of every transaction sent by `senders` in blocks `fromBlock` to `toBlock`. */
async function feesPaidBy(provider: JsonRpcProvider, senders: ReadonlySet<string>, fromBlock: number, toBlock: number): Promise<bigint> {
  let fees = 0n;
  for (let number = fromBlock; number <= toBlock; number++) {
    const block = await provider.getBlock(number, true);
    for (const tx of block!.prefetchedTransactions) {
      if (!senders.has(tx.from.toLowerCase())) continue;
      const receipt = await provider.getTransactionReceipt(tx.hash);
      fees += receipt!.fee;
    }
  }
  return fees;
}

