/**
 * A community network of four servers on this machine, each as
 * `npm start -- --engine pos --server I` runs it (geth, Prysm's beacon node
 * and validator, the main server, the indexer; the delivery service and the
 * agent service on server 1 only), with the community's own chain id, its Community contract and
 * the marketplace: households are added and topped up through any server,
 * trades are delivered at once and settled once final, the chain goes on
 * without one server, and a trade whose block is rolled back is never settled.
 *
 * Needs `npm run network -- build` first. NETWORK_TEST_LOG=1 prints every line.
 */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { Contract, type EventLog, type Log, type LogDescription, parseEther } from 'ethers';

import { DEV_CHAIN_ID } from '../../scripts/chain/dev-accounts';

import { AGENTS_READY } from '../../scripts/agents/start-agents';
import { serverFolder } from '../../scripts/chain/pos/network-file';
import { startDelivery } from '../../scripts/delivery/start-delivery';
import { readDeployment } from '../../scripts/deploy/deployment-file';
import { writeCommunitySettings } from '../../scripts/lib/community-profile';
import { dataPaths } from '../../scripts/lib/data-paths';
import { localChain, serviceConfig } from '../../scripts/lib/service-config';
import { AGENTS_ELSEWHERE } from '../../scripts/server/agents-proxy';
import { isFinished } from '../../src/app/nodes/node-protocol';
import { NpmStart } from '../support/system/npm-start';
import { waitFor } from '../support/wait-for';
import { SntpServer } from '../support/network/sntp-server';
import { TestNetwork } from '../support/network/test-network';

const log = (line: string) => process.env.NETWORK_TEST_LOG && console.log(`# ${line}`);

const SELLER = 1;
const BUYER = 2;
const PRICE = 1_000_000n; // wei per mWh

describe('a community network of four proof-of-stake servers', () => {
  let net: TestNetwork;
  let marketAddress: string;
  let communityAddress: string;
  let offerId: number;

  before(async () => {
    net = await TestNetwork.create(4, log);
  });
  after(async () => {
    await net?.destroy();
  });

  async function tradeThrough(server: number, quantityMilliWh: number) {
    const market = net.marketplace(marketAddress, net.wallet(BUYER, server));
    const tx = await market.buy(offerId, quantityMilliWh, {
      value: BigInt(quantityMilliWh) * PRICE,
    });
    const receipt = (await tx.wait())!;
    const opened = receipt.logs
      .map((l: Log) => market.interface.parseLog(l))
      .find((p: LogDescription | null) => p?.name === 'TradeOpened')!;
    return {
      tradeId: Number(opened.args.tradeId),
      blockNumber: receipt.blockNumber,
      blockHash: receipt.blockHash,
      hash: receipt.hash,
    };
  }

  async function settlementsThrough(server: number, tradeId: number): Promise<EventLog[]> {
    const market = net.marketplace(marketAddress, net.provider(server));
    return (await market.queryFilter(market.filters.TradeSettled(tradeId), 0, 'latest')) as EventLog[];
  }

  function sellerNodeTrade(tradeId: number) {
    return net.nodeTrade(SELLER, tradeId);
  }

  it('comes up: every server runs its three programs, and the Community contract and the marketplace are deployed once', async () => {
    await Promise.all([1, 2, 3, 4].map((i) => net.start(i)));
    const chainId = net.network().chainId;
    assert.notEqual(chainId, DEV_CHAIN_ID, "the community's own chain id, never the demo's");
    const deployments = [1, 2, 3, 4].map((i) => readDeployment(dataPaths(serverFolder(net.dataDir, i).root).deployment, chainId)!);
    assert.equal(new Set(deployments.map((d) => d.address)).size, 1);
    assert.equal(new Set(deployments.map((d) => d.community!.address)).size, 1);
    marketAddress = deployments[0].address;
    communityAddress = deployments[0].community!.address;
    for (const i of [1, 2, 3, 4]) {
      for (const address of [marketAddress, communityAddress]) assert.ok((await net.provider(i).getCode(address)).length > 2, `server ${i} has ${address}`);
      // What the dApp is told: the community's chain, name and contracts.
      const config = (await (await fetch(`http://127.0.0.1:${net.mainPorts[i - 1]}/config.json`)).json()) as Record<string, unknown>;
      assert.equal(Number(config.chainId), chainId, `server ${i}'s /config.json`);
      assert.match(JSON.stringify(config), new RegExp(marketAddress, 'i'));
      assert.match(JSON.stringify(config), /Test Village/);
    }
    // Only the server holding the meter operator's key acts for the households: the delivery service and the
    // agent service run there and nowhere else, and the other servers' /api/agents say where they are.
    const operatorServers = [1, 2, 3, 4].filter((i) => existsSync(dataPaths(serverFolder(net.dataDir, i).root).operatorKey));
    assert.deepEqual(operatorServers, [net.network().deliveryServer]);
    for (const i of [1, 2, 3, 4]) {
      const acts = i === net.network().deliveryServer;
      const said = net.lines(i).join('\n');
      assert.equal(AGENTS_READY.test(said), acts, `server ${i} ${acts ? 'runs' : 'does not run'} the agent service`);
      assert.equal(/delivery service following trades/.test(said), acts, `server ${i} ${acts ? 'runs' : 'does not run'} the delivery service`);
      assert.equal(existsSync(dataPaths(serverFolder(net.dataDir, i).root).agentKey), acts, `server ${i} ${acts ? 'has' : 'has no'} agent key`);
      const answer = await fetch(`http://127.0.0.1:${net.mainPorts[i - 1]}/api/agents`);
      const body = (await answer.json()) as { agent?: string; error?: string };
      if (acts) {
        assert.equal(answer.status, 200, JSON.stringify(body));
        assert.match(body.agent ?? '', /^0x[0-9a-fA-F]{40}$/);
      } else assert.deepEqual([answer.status, body.error], [421, AGENTS_ELSEWHERE], `server ${i}'s /api/agents`);
    }
    // Blocks come every slot (2 s): ten slots take 20 s plus what the busy machine adds.
    const start = (await net.block(2, 'latest'))!;
    const later = await waitFor(
      async () => {
        const seen = await net.block(2, 'latest');
        return seen !== null && seen.number >= start.number + 10 && seen;
      },
      { what: 'ten more blocks', timeoutMs: 90_000, intervalMs: 500 },
    );
    assert.ok(later.number >= start.number + 10);
  });

  it('adds households and tops one up through different servers, on the one ledger every server shows', async () => {
    const [seller, buyer] = [net.accounts[SELLER].address, net.accounts[BUYER].address];
    // Through server 3's geth, with the treasury's key of server 3's folder.
    const added = await net.community(3, ['household', 'add', seller, '--name', 'Amina']);
    assert.match(added, /added household "Amina"/);
    await net.community(2, ['household', 'add', buyer, '--name', 'Baraka']);
    const topUp = await net.community(4, ['top-up', 'Baraka', '5']);
    assert.match(topUp, /Baraka/);
    const community = (i: number) => new Contract(communityAddress, readDeployment(dataPaths(serverFolder(net.dataDir, i).root).deployment, net.network().chainId)!.community!.abi as never[], net.provider(i));
    const expected = parseEther(String(100 + 5));
    for (const i of [1, 2, 3, 4]) {
      await waitFor(async () => (await net.provider(i).getBalance(buyer)) === expected, { what: `the top-up on server ${i}`, timeoutMs: 60_000, intervalMs: 500 });
      assert.equal(await community(i).isHousehold(seller), true, `server ${i} knows Amina`);
    }
    const listed = await net.community(1, ['household', 'list']);
    assert.match(listed, /Amina/);
    assert.match(listed, /Baraka/);
  });

  it('delivers a trade at inclusion and settles it only once its block is final, the same through every gateway', async () => {
    const seller = net.marketplace(marketAddress, net.wallet(SELLER, 2));
    const created = await (await seller.createOffer(100_000, PRICE)).wait();
    offerId = Number(
      created!.logs.map((l: Log) => seller.interface.parseLog(l)).find((p: LogDescription | null) => p?.name === 'OfferCreated')!.args
        .offerId,
    );

    // The other servers answer about the offer once its block has reached them.
    await waitFor(async () => (await Promise.all([1, 3, 4].map((i) => net.block(i, created!.blockNumber)))).every((b) => b?.hash === created!.blockHash), {
      what: 'the offer on every server',
      timeoutMs: 60_000,
      intervalMs: 500,
    });
    const trade = await tradeThrough(3, 1000);
    const delivered = await waitFor(
      async () => {
        const seen = await (() => sellerNodeTrade(trade.tradeId))();
        return ((t) => t?.state === 'delivered')(seen) && seen;
      },
      { what: 'the seller node delivers', timeoutMs: 60_000, intervalMs: 200 },
    );
    // The node meters in samples: it may pass the quantity by a sample's worth; the settlement caps it.
    assert.ok(delivered.deliveredMilliWh >= 1000 && delivered.deliveredMilliWh < 1010, `delivered ${delivered.deliveredMilliWh} mWh`);
    // Delivered within seconds, while the trade's block is not final yet: no settlement so far.
    if ((await net.finalized(1)) < trade.blockNumber) assert.equal((await settlementsThrough(1, trade.tradeId)).length, 0);

    await net.waitFinalized(1, trade.blockNumber);
    const settled = await waitFor(
      async () => {
        const seen = await (() => settlementsThrough(1, trade.tradeId))();
        return ((s) => s.length > 0)(seen) && seen;
      },
      { what: 'settled', timeoutMs: 120_000, intervalMs: 1000 },
    );
    assert.equal(settled.length, 1);
    assert.equal(Number(settled[0].args.deliveredMilliWh), 1000);
    assert.ok(
      net.lines(1).some((line) => line.includes(`trade #${trade.tradeId}`) && /settled in block/.test(line)),
      'the delivery service logged the settlement',
    );

    // Every gateway shows the same trade, in the same block, settled once.
    await net.waitFinalized(4, settled[0].blockNumber);
    const views = await Promise.all(
      [1, 2, 3, 4].map(async (i) => {
        const s = await settlementsThrough(i, trade.tradeId);
        const block = await net.block(i, trade.blockNumber);
        return JSON.stringify({
          settlements: s.map((e) => [e.blockHash, e.transactionHash, e.args.deliveredMilliWh.toString()]),
          block,
        });
      }),
    );
    assert.equal(new Set(views).size, 1, views.join('\n'));
  });

  it('lets a second delivery service take over while the first still runs, and no trade is settled twice', async () => {
    // The takeover of README "When the community grows": the key and the node registry copied to server 2.
    const from = dataPaths(serverFolder(net.dataDir, 1).root);
    const to = dataPaths(serverFolder(net.dataDir, 2).root);
    for (const file of [from.operatorKey, from.nodes, from.nodeSecrets]) {
      mkdirSync(dirname(file.replace(from.root, to.root)), { recursive: true });
      copyFileSync(file, file.replace(from.root, to.root));
    }
    const config = serviceConfig({ dataDir: to.root, chain: localChain(net.network().servers[1].ports.gethRpc) });
    const second = await startDelivery(config, { onLine: (line) => log(`s2 delivery ${line}`) });
    try {
      const trades = [];
      for (const server of [1, 2, 3]) trades.push(await tradeThrough(server, 200));
      for (const trade of trades) {
        await waitFor(
          async () => {
            const seen = await (() => settlementsThrough(2, trade.tradeId))();
            return ((s) => s.length > 0)(seen) && seen;
          },
          {
            what: `trade #${trade.tradeId} settled`,
            timeoutMs: 240_000,
            intervalMs: 1000,
          },
        );
      }
      // Both services saw every trade; a few more blocks give a second settlement every chance to land.
      const head = (await net.block(2, 'latest'))!.number;
      await waitFor(
        async () => {
          const seen = await (() => net.block(2, 'latest'))();
          return ((b) => b!.number >= head + 5)(seen) && seen;
        },
        { what: 'five more blocks', timeoutMs: 60_000, intervalMs: 500 },
      );
      for (const trade of trades)
        assert.equal((await settlementsThrough(2, trade.tradeId)).length, 1, `trade #${trade.tradeId} settled once`);
      for (const trade of trades) {
          const report = (await sellerNodeTrade(trade.tradeId))!;
          assert.ok(report.deliveredMilliWh >= 200 && report.deliveredMilliWh < 210, `trade #${trade.tradeId} delivered once: ${report.deliveredMilliWh} mWh`);
        }
    } finally {
      await second.stop();
      rmSync(to.operatorKey);
    }
  });

  it('goes on without a server: blocks, finality and trading continue, and the server catches up when back', async () => {
    await net.stop(4);
    const finalizedBefore = await net.finalized(2);
    const trade = await tradeThrough(2, 500);
    await waitFor(
      async () => {
        const seen = await (() => settlementsThrough(2, trade.tradeId))();
        return ((s) => s.length === 1)(seen) && seen;
      },
      { what: 'settled without server 4', timeoutMs: 240_000, intervalMs: 1000 },
    );
    // Three validators of four are over two thirds: finality goes on.
    const epochBlocks = net.network().slotsPerEpoch;
    await net.waitFinalized(2, finalizedBefore + 2 * epochBlocks);

    await net.start(4);
    const head = (await net.block(2, 'latest'))!;
    const caughtUp = await waitFor(
      async () => {
        const seen = await (async () => [await net.block(4, head.number), await net.block(2, head.number)])();
        return (([a, b]) => a !== null && a.hash === b!.hash)(seen) && seen;
      },
      {
        what: 'server 4 serves the same chain',
        timeoutMs: 180_000,
        intervalMs: 1000,
      },
    );
    assert.equal(caughtUp[0]!.hash, head.hash);
    assert.equal((await settlementsThrough(4, trade.tradeId)).length, 1);
  });

  it('never settles a trade whose block is rolled back: opened on a cut-off server, dropped when it rejoins the majority', async () => {
    // Server 1 (with the delivery service) and server 4 are each cut off from the rest: server 1's validator, a
    // quarter of the stake, goes on proposing in its own slots a chain the others never see. No part holds the
    // two thirds finality needs, so nothing is finalized meanwhile; servers 2 and 3 (half the stake) keep the
    // heaviest chain. (With one server cut off, the three others finalize past its fork, and once back it stays
    // on that fork: Prysm's sync looks for another branch only above the peers' finalized checkpoint.)
    const deliveryServer = net.network().deliveryServer;
    const alsoCut = 4;
    const buyer = net.accounts[BUYER];
    const nonce = await net.wallet(BUYER, 2).getNonce('latest');
    await Promise.all([net.isolate(deliveryServer), net.isolate(alsoCut)]);

    // A trade opened through the cut-off server's gateway is in a block of its fork only.
    const market = net.marketplace(marketAddress, net.wallet(BUYER, deliveryServer));
    const tx = await market.buy(offerId, 700, { value: 700n * PRICE, nonce });
    const receipt = (await tx.wait(1, 240_000))!;
    const tradeId = Number(
      receipt.logs.map((l: Log) => market.interface.parseLog(l)).find((p: LogDescription | null) => p?.name === 'TradeOpened')!.args.tradeId,
    );
    log(`trade #${tradeId} in block ${receipt.blockNumber} (${receipt.blockHash}) of server ${deliveryServer}'s fork`);
    assert.equal(await net.provider(2).getTransactionReceipt(receipt.hash), null, 'the majority never saw the buy');

    // The delivery service there sees it included and starts delivering at once: the seller's node has the order.
    await waitFor(() => net.lines(deliveryServer).find((line) => line.includes(`trade #${tradeId}`) && line.includes(`opened in block ${receipt.blockNumber}`)), {
      what: 'the delivery service sees the trade',
      timeoutMs: 60_000,
      intervalMs: 500,
    });
    const ordered = await waitFor(() => sellerNodeTrade(tradeId), { what: 'the seller node has the order', timeoutMs: 60_000, intervalMs: 200 });
    assert.equal(ordered.tradeId, tradeId);

    // The heaviest chain takes the buyer's same nonce for a plain transfer, so the rolled-back buy (which the
    // cut-off geth puts back in its pool at the reorg) can never be mined on the final chain.
    const transfer = (await (await net.wallet(BUYER, 2).sendTransaction({ to: buyer.address, value: parseEther('0.001'), nonce })).wait(1, 240_000))!;
    // The fork never finalized the trade's block: nothing was settled, it is still in flight there.
    assert.ok((await net.finalized(deliveryServer)) < receipt.blockNumber, "the cut-off server's fork is not final");
    assert.equal(await settlementsThrough(deliveryServer, tradeId).then((s) => s.length), 0);
    assert.ok(!net.lines(deliveryServer).some((line) => line.includes(`trade #${tradeId}`) && /settled in block/.test(line)));

    // The delivery service's state holds it in flight, waiting for finality.
    const deliveryState = dataPaths(serverFolder(net.dataDir, deliveryServer).root).deliveryState;
    const tracked = () => (JSON.parse(readFileSync(deliveryState, 'utf8')) as { trades: Array<{ tradeId: number }> }).trades.some((t) => t.tradeId === tradeId);
    await waitFor(tracked, { what: 'the delivery state holds the trade', timeoutMs: 30_000, intervalMs: 500 });

    await Promise.all([net.heal(deliveryServer), net.heal(alsoCut)]);
    // Resumed as the service started again: it is still in flight until the chain says otherwise.
    assert.ok(net.lines(deliveryServer).some((line) => /resuming \d+ trade\(s\) in flight/.test(line)), 'the delivery service resumed the trade');

    // Back with the others, the server reorgs to the heaviest chain, which the network finalizes again: the
    // trade's block is replaced.
    await net.waitFinalized(2, Math.max(transfer.blockNumber, receipt.blockNumber));
    await waitFor(
      async () => {
        const [a, b] = [await net.block(deliveryServer, transfer.blockNumber), await net.block(2, transfer.blockNumber)];
        return a !== null && a.hash === b!.hash;
      },
      { what: `server ${deliveryServer} follows the majority`, timeoutMs: 240_000, intervalMs: 1000 },
    );
    const dropped = await waitFor(() => net.lines(deliveryServer).find((line) => line.includes(`trade #${tradeId}`) && line.includes('rolled back')), {
      what: 'the delivery service drops the rolled-back trade',
      timeoutMs: 120_000,
      intervalMs: 1000,
    });
    assert.match(dropped, new RegExp(`block ${receipt.blockNumber} was replaced before it was final; delivery stopped, not settled`));
    await waitFor(() => !tracked(), { what: 'the delivery state forgets the trade', timeoutMs: 30_000, intervalMs: 500 });
    // The seller's node does nothing more for it: its order is over (delivered at once, or stopped by the drop).
    const report = (await sellerNodeTrade(tradeId))!;
    assert.ok(isFinished(report), `the seller node's trade #${tradeId} is ${report.state}`);

    // A few more final blocks give a wrong settlement every chance to land; none may exist anywhere.
    await net.waitFinalized(2, (await net.block(2, 'latest'))!.number);
    for (const i of [1, 2, 3, 4]) {
      const view = net.marketplace(marketAddress, net.provider(i));
      // No trade has been opened on the final chain since, so nothing may carry the rolled-back trade's id.
      assert.deepEqual(await view.queryFilter(view.filters.TradeOpened(tradeId), 0, 'finalized'), [], `server ${i}: never opened on the final chain`);
      assert.deepEqual(await view.queryFilter(view.filters.TradeSettled(tradeId), 0, 'latest'), [], `server ${i}: not settled`);
      assert.equal(await net.provider(i).getTransactionReceipt(receipt.hash), null, `server ${i} has no trace of the rolled-back buy`);
    }
    assert.ok(!net.lines(deliveryServer).some((line) => line.includes(`trade #${tradeId}`) && /settled in block/.test(line)));
  });
});

describe('the validator clock check', () => {
  it('refuses to start a server whose clock is off the time source, with the reason', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'energy-clock-'));
    const offClock = await SntpServer.start(5_000);
    try {
      // A network description whose time source is 5 s ahead of this machine.
      const folder = serverFolder(dataDir, 1);
      mkdirSync(folder.root, { recursive: true });
      writeCommunitySettings(dataPaths(folder.root).community, {
        name: 'Clock Village',
        currency: 'KES',
        chainId: 4242,
        treasury: '0x0000000000000000000000000000000000000001',
        createdAt: new Date().toISOString(),
      });
      writeFileSync(
        folder.networkFile,
        JSON.stringify({
          version: 1,
          chainId: 4242,
          genesisTime: Math.floor(Date.now() / 1000),
          slotSeconds: 2,
          slotsPerEpoch: 8,
          servers: [
            {
              index: 1,
              host: '127.0.0.1',
              ports: {
                gethP2p: 1,
                gethRpc: 2,
                gethAuth: 3,
                beaconP2p: 4,
                beaconRpc: 5,
                beaconHttp: 6,
              },
            },
          ],
          deliveryServer: 1,
          timeSource: { host: '127.0.0.1', port: offClock.port },
          maxClockOffsetMs: 500,
          feeRecipient: '0x0000000000000000000000000000000000000000',
        }),
      );
      const start = NpmStart.run(['--engine', 'pos', '--server', '1', '--data-dir', dataDir, '--no-build'], { onLine: log });
      const exit = await start.exited;
      assert.equal(exit.code, 1);
      const said = start.lines.join('\n');
      assert.match(said, /the validator does not start: this server's clock is 5\.0 s behind the network's time source 127\.0\.0\.1:\d+/);
      assert.doesNotMatch(said, /geth|beacon/i);
    } finally {
      offClock.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
