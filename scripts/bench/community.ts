/**
 * `npm run bench:community`: a real community, measured.
 *
 *   initSeconds     `npm run community -- init` in a fresh folder, to the end of its output
 *   tradeFee        what two households pay in fees for one trade: the seller's offer and the
 *                   buyer's purchase, signed in their own wallets (EIP-1559, as MetaMask prices
 *                   them) and sent through the gateway; in the currency (coins)
 *   settlementFee   what the meter operator pays to settle that trade (alone in its batch)
 *   rssMb           memory of every process of `npm start` for that community, idle (compared
 *                   with footprint.rssMb, the demo's, by npm run bench)
 *
 * A registered node (the firmware's host build on its own port, as a board on the LAN) delivers
 * the trade; traffic goes to 127.0.0.1 only.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Contract, JsonRpcProvider, Network, Wallet, formatEther } from 'ethers';

import { buildMissing, buildSteps } from '../build/build-missing';
import { REPO_ROOT } from '../lib/data-paths';
import { freePort } from '../../test/support/ports';
import { NpmStart } from '../../test/support/system/npm-start';
import { startEmulator } from '../nodes/emulator';
import { writeSection } from './report';
import { measureFootprint } from './system/footprint';
import { round } from './system/stats';

const log = (line: string) => console.log(`[bench:community] ${line}`);
const PASSPHRASE = 'benchmark passphrase';
const NODE_SECRET = 'b7'.repeat(32);

/** `npm run community -- ...`, as the operator types it; resolves with its output, fails on a non-zero exit. */
function community(args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'community', '--', ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, COMMUNITY_PASSPHRASE: PASSPHRASE },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`community ${args[0]} failed:\n${output}`))));
  });
}

async function main(): Promise<void> {
  await buildMissing(buildSteps({ ui: true }), log);
  const root = mkdtempSync(join(tmpdir(), 'energy-bench-community-'));
  const dataDir = join(root, 'village');
  const seller = Wallet.createRandom();
  const buyer = Wallet.createRandom();
  const nodePort = await freePort();
  const node = await startEmulator({
    name: 'bench-node',
    port: nodePort,
    secret: NODE_SECRET,
    stateFile: join(root, 'node.state'),
    timeScale: 60,
    quiet: true,
  });
  let system: NpmStart | undefined;
  try {
    const initStarted = performance.now();
    await community(['init', '--name', 'Bench Village', '--currency', 'KES', '--data-dir', dataDir]);
    const initSeconds = round((performance.now() - initStarted) / 1000, 2);
    log(`init: ${initSeconds} s`);

    const nodeUrl = `http://127.0.0.1:${nodePort}`;
    await community(['household', 'add', seller.address, '--name', 'Seller', '--node', nodeUrl, '--secret', NODE_SECRET, '--data-dir', dataDir]);
    await community(['household', 'add', buyer.address, '--name', 'Buyer', '--data-dir', dataDir]);
    await community(['top-up', 'Seller', '100', '--data-dir', dataDir]);
    await community(['top-up', 'Buyer', '100', '--data-dir', dataDir]);

    const port = await freePort();
    const args = ['--no-build', '--port', String(port), '--https-port', String(await freePort()), '--chain-port', String(await freePort())];
    const started = performance.now();
    system = NpmStart.run([...args, '--data-dir', dataDir]);
    await system.waitFor(/^ready: /, 300_000);
    const startSeconds = round((performance.now() - started) / 1000, 2);
    log(`npm start ready after ${startSeconds} s; letting it idle`);
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const footprint = await measureFootprint(system.pid);
    log(`footprint: ${footprint.rssMb} MB in ${footprint.processes} processes ${JSON.stringify(footprint.rssByPartMb)}`);

    const baseUrl = `http://127.0.0.1:${port}`;
    const config = (await (await fetch(`${baseUrl}/config.json`)).json()) as {
      chainId: number;
      marketplace: { address: string; abi: never[] };
    };
    const network = Network.from(config.chainId);
    const provider = new JsonRpcProvider(`${baseUrl}/rpc`, network, { staticNetwork: network, pollingInterval: 50 });
    try {
      const market = new Contract(config.marketplace.address, config.marketplace.abi, provider);
      // KES 24.50 per kWh, in wei per mWh; 1 Wh traded.
      const unitPrice = 24_500_000_000_000n;
      const offered = await (await (market.connect(seller.connect(provider)) as Contract).createOffer(1_000, unitPrice)).wait();
      const offerId = market.interface.parseLog(offered.logs[0])!.args.offerId;
      const bought = await (await (market.connect(buyer.connect(provider)) as Contract).buy(offerId, 1_000, { value: 1_000n * unitPrice })).wait();
      const tradeId = Number(market.interface.parseLog(bought.logs[0])!.args.tradeId);
      const settledLine = await system.waitFor(new RegExp(`trade #${tradeId} node .*settled in block (\\d+)`), 120_000);
      const settledBlock = Number(/settled in block (\d+)/.exec(settledLine)![1]);
      const settlement = (await provider.getBlock(settledBlock, true))!.prefetchedTransactions[0];
      const settlementReceipt = (await provider.getTransactionReceipt(settlement.hash))!;

      const coins = (wei: bigint) => Number(formatEther(wei));
      const offerFee = coins(offered.fee);
      const buyFee = coins(bought.fee);
      const tradeFee = coins(offered.fee + bought.fee);
      const settlementFee = coins(settlementReceipt.fee);
      writeSection('community', {
        initSeconds,
        tradeFee,
        offerFee,
        buyFee,
        settlementFee,
        offerGas: Number(offered.gasUsed),
        buyGas: Number(bought.gasUsed),
        effectiveGasPriceWei: Number(bought.gasPrice),
        rssMb: footprint.rssMb,
        startSeconds,
        processes: footprint.processes,
        rssByPartMb: footprint.rssByPartMb,
        currency: 'KES',
      });
      log(
        `one trade: the seller pays KES ${offerFee} to list, the buyer KES ${buyFee} to buy (KES ${tradeFee} in all); ` +
          `the meter operator KES ${settlementFee} to settle`,
      );
    } finally {
      provider.destroy();
    }
  } finally {
    if (system) {
      system.pressCtrlC();
      await Promise.race([system.exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);
      system.kill();
    }
    await node.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`[bench:community] failed: ${error instanceof Error ? error.stack : error}`);
  process.exit(1);
});
