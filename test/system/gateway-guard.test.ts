/**
 * What the gateway lets a peer make the chain do: calls and gas estimates
 * only of this community's contracts (or plain transfers to people), with
 * their gas lowered to the gateway's caps; transactions only of the kinds a
 * household sends. Every refusal says why, leaves the chain as it was, and no
 * answer carries the chain's stack traces.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { Contract, ContractFactory, Interface, JsonRpcProvider, Network, Transaction, Wallet, parseEther } from 'ethers';

import { seedOffers } from '../../scripts/bench/seed-offers';
import { DEV_ACCOUNTS } from '../../scripts/chain/dev-accounts';
import { loadOperatorKey } from '../../scripts/deploy/operator-key';
import { REPO_ROOT } from '../../scripts/lib/data-paths';
import { DEFAULT_GAS_BOUNDS } from '../../scripts/server/gas-bounds';
import { MAX_LOG_BLOCK_RANGE } from '../../scripts/server/log-range-guard';
import { type JsonRpcError, JsonRpcWsClient, call, postRpc } from '../support/json-rpc';
import { createOffer } from '../support/system/market';
import { TestSystem } from '../support/system/test-system';

const PRICE = 1_000_000_000n;
/** JUMPDEST PUSH1 0 JUMP: a loop that runs until the gas is gone. */
const ENDLESS_LOOP = '0x5b600056';
const BLAKE2F = '0x0000000000000000000000000000000000000009';

describe('the gateway bounds what a peer makes the chain do', () => {
  let system: TestSystem;
  let rpc: string;
  let market: Interface;
  let foreignContract: string;
  const sender = new Wallet(DEV_ACCOUNTS[4].privateKey);

  before(async () => {
    system = await TestSystem.start({ nodes: 2, server: true, delivery: false });
    rpc = `${system.baseUrl}/rpc`;
    market = new Interface(system.deployment.abi as never);
    // Enough offers that a view over all of them needs more gas than the gateway's cap.
    for (let i = 0; i < 3; i++) await createOffer(system, 1, 1000 + i, PRICE);
    await seedOffers({
      chainUrl: system.chainUrl,
      chainId: 1337,
      marketplace: system.deployment.address,
      abi: system.deployment.abi as never,
      sellerKeys: [DEV_ACCOUNTS[2].privateKey],
      count: 200,
    });
    // A contract deployed behind the gateway's back (here: straight to the chain): not the community's.
    const artifact = JSON.parse(readFileSync(join(REPO_ROOT, 'artifacts/contracts/test/GasBurningReceiver.sol/GasBurningReceiver.json'), 'utf8'));
    const factory = new ContractFactory(artifact.abi, artifact.bytecode, system.wallet(9));
    const deployed = await factory.deploy(system.deployment.address, { nonce: await system.nonce(9) });
    await deployed.waitForDeployment();
    foreignContract = await deployed.getAddress();
  });
  after(() => system?.stop());

  const chainState = async () => {
    const [head, nonce, balance] = (
      await postRpc(rpc, [
        call('eth_blockNumber', [], 1),
        call('eth_getTransactionCount', [sender.address, 'latest'], 2),
        call('eth_getBalance', [sender.address, 'latest'], 3),
      ])
    ).body.map((r: any) => r.result);
    return { head, nonce, balance };
  };

  const signed = async (tx: Record<string, unknown>) => {
    const nonce = Number((await postRpc(rpc, call('eth_getTransactionCount', [sender.address, 'pending']))).body.result);
    return sender.signTransaction({ type: 2, chainId: 1337, nonce, maxFeePerGas: 100_000_000_000n, maxPriorityFeePerGas: 1n, gasLimit: 100_000, ...tx });
  };

  describe('eth_call and eth_estimateGas', () => {
    it('refuse code sent along, state overrides, precompiles and contracts the community did not deploy', async () => {
      const data = market.encodeFunctionData('orderCount');
      const cases: Array<[string, unknown[], RegExp]> = [
        ['eth_call', [{ data: ENDLESS_LOOP, gas: '0xffffffffff' }, 'latest'], /without "to"/],
        ['eth_estimateGas', [{ data: ENDLESS_LOOP }], /without "to"/],
        ['eth_call', [{ to: system.deployment.address, data }, 'latest', { [system.deployment.address]: { code: ENDLESS_LOOP } }], /state overrides/],
        ['eth_call', [{ to: BLAKE2F, data: '0xffffffff' + '00'.repeat(209) }, 'latest'], /system address/],
        ['eth_estimateGas', [{ to: '0x0000000000000000000000000000000000000004', data: '0x00' }], /system address/],
        ['eth_call', [{ to: foreignContract, data: '0x' }, 'latest'], /did not deploy/],
        ['eth_estimateGas', [{ to: foreignContract, value: '0x1' }], /did not deploy/],
        ['eth_call', [{ to: system.deployment.address, data: '0xdeadbeef' }, 'latest'], /no function with selector 0xdeadbeef/],
        ['eth_call', [{ to: system.deployment.address, data: '0x' }, 'latest'], /must name one of its functions/],
        ['eth_call', [{ to: system.deployment.address, data: market.getFunction('getOrder')!.selector + '00' }, 'latest'], /malformed/],
        ['eth_call', [{ to: system.deployment.address, data, input: '0x00' }, 'latest'], /same hex bytes/],
        ['eth_call', ['not an object'], /transaction object/],
      ];
      for (const [method, params, reason] of cases) {
        const answer = (await postRpc(rpc, call(method, params))).body;
        assert.ok(answer.error, `${method} ${JSON.stringify(params).slice(0, 80)} was answered`);
        assert.match(answer.error.message, reason);
        assert.ok([-32004, -32602].includes(answer.error.code), `code ${answer.error.code}`);
      }
    });

    it('answer calls of the community contracts and of people, with the gas lowered to the cap', async () => {
      const to = system.deployment.address;
      const count = await postRpc(rpc, call('eth_call', [{ to, data: market.encodeFunctionData('orderCount'), gas: '0xffffffffff' }, 'latest']));
      assert.equal(Number(count.body.result), 203);
      const person = await postRpc(rpc, call('eth_estimateGas', [{ from: sender.address, to: Wallet.createRandom().address, value: '0x1' }]));
      assert.equal(Number(person.body.result), 21_000);
      // Reading every order takes more gas than a call may burn: it runs out at the cap.
      const everything = market.encodeFunctionData('getOrders', [1, 5000]);
      const atCap = await postRpc(rpc, call('eth_call', [{ to, data: everything, gas: '0xffffffffff' }, 'latest']));
      const needed = BigInt((await system.provider.send('eth_estimateGas', [{ to, data: everything }])) as string);
      assert.ok(needed > BigInt(DEFAULT_GAS_BOUNDS.call), `the test needs a view above the cap (${needed})`);
      // Out of gas inside the extension (reached by delegatecall) comes back as a bare revert.
      assert.match(atCap.body.error.message, /out of gas|revert/);
      const direct = (await system.provider.send('eth_call', [{ to, data: everything, gas: '0x' + needed.toString(16) }, 'latest'])) as string;
      assert.ok(direct.length > 2, 'the same call with the gas it needs answers on the chain itself');
      const estimate = await postRpc(rpc, call('eth_estimateGas', [{ to, data: everything }]));
      assert.ok(estimate.body.error, 'an estimate above the estimate cap fails');
      const buy = market.encodeFunctionData('buy', [1, 10]);
      const buyEstimate = await postRpc(rpc, call('eth_estimateGas', [{ from: sender.address, to, data: buy, value: '0x' + (10n * PRICE).toString(16) }]));
      assert.ok(Number(buyEstimate.body.result) > 40_000 && Number(buyEstimate.body.result) < DEFAULT_GAS_BOUNDS.estimate);
    });

    it('are guarded over the WebSocket too', async () => {
      const socket = await JsonRpcWsClient.open(`ws://127.0.0.1:${system.serverPort}/rpc`, { reconnect: false });
      try {
        await assert.rejects(socket.request('eth_call', [{ data: ENDLESS_LOOP, gas: '0xffffffffff' }, 'latest']), (error: JsonRpcError) =>
          /without "to"/.test(error.message),
        );
        const answered = await socket.request<string>('eth_call', [{ to: system.deployment.address, data: market.encodeFunctionData('orderCount') }, 'latest']);
        assert.equal(Number(answered), 203);
      } finally {
        socket.close();
      }
    });
  });

  describe('eth_sendRawTransaction', () => {
    it('refuses every transaction no household sends, and nothing changes on chain', async () => {
      const to = system.deployment.address;
      const buyData = market.encodeFunctionData('buy', [1, 10]);
      const cases: Array<[string, () => Promise<string>, RegExp]> = [
        ['a contract deployment', () => signed({ to: null, data: ENDLESS_LOOP, gasLimit: 29_000_000 }), /not deployed through the gateway/],
        ['a call of a contract the community did not deploy', () => signed({ to: foreignContract, value: 1n, gasLimit: 21_000 }), /did not deploy/],
        ['an unknown function', () => signed({ to, data: '0xdeadbeef' }), /no function with selector/],
        ['malformed arguments', () => signed({ to, data: buyData.slice(0, 40) }), /malformed/],
        ['a read-only function', () => signed({ to, data: market.encodeFunctionData('orderCount') }), /only reads/],
        ['money to a function that takes none', () => signed({ to, data: market.encodeFunctionData('cancelOffer', [1]), value: 1n }), /takes no money/],
        ['a gas limit above the bound', () => signed({ to, data: buyData, value: 10n * PRICE, gasLimit: DEFAULT_GAS_BOUNDS.transactionDefault + 1 }), /above the gateway's/],
        ['data to a person', () => signed({ to: Wallet.createRandom().address, data: '0x1234', gasLimit: 30_000 }), /not one of this community's contracts/],
        ['a transfer with more gas than a transfer needs', () => signed({ to: Wallet.createRandom().address, value: 1n, gasLimit: 50_000 }), /exactly 21000 gas/],
        ['a transfer to a precompile', () => signed({ to: BLAKE2F, value: 1n, gasLimit: 21_000 }), /system address/],
        ['another chain', () => signed({ chainId: 1, to: Wallet.createRandom().address, value: 1n, gasLimit: 21_000 }), /signed for chain 1/],
        ['no chain id (replayable anywhere)', async () => sender.signTransaction({ type: 0, nonce: 0, gasPrice: 10n ** 10n, gasLimit: 21_000, to: sender.address, value: 1n }), /signed for chain any/],
        ['an access list', () => signed({ type: 1, gasPrice: 10n ** 10n, maxFeePerGas: undefined, maxPriorityFeePerGas: undefined, to, data: buyData, value: 10n * PRICE, accessList: [{ address: to, storageKeys: [] }] }), /access list/],
        ['a nonce that leaves a gap', async () => {
          const raw = Transaction.from(await signed({ to: Wallet.createRandom().address, value: 1n, gasLimit: 21_000 }));
          return sender.signTransaction({ ...raw.toJSON(), nonce: raw.nonce + 1, signature: undefined } as never);
        }, /would leave a gap/],
        ['an unsigned transaction', async () => Transaction.from({ type: 2, chainId: 1337, nonce: 0, gasLimit: 21_000, to: sender.address }).unsignedSerialized, /cannot be decoded|signature/],
        ['garbage', async () => '0x1234', /cannot be decoded/],
        ['an oversized transaction', () => signed({ to, data: buyData + '00'.repeat(20_000), value: 10n * PRICE }), /larger than/],
      ];
      const before = await chainState();
      for (const [what, make, reason] of cases) {
        const answer = (await postRpc(rpc, call('eth_sendRawTransaction', [await make()]))).body;
        assert.ok(answer.error, `${what} was accepted`);
        assert.match(answer.error.message, reason, what);
      }
      assert.deepEqual(await chainState(), before, 'no block was mined and the sender paid nothing');
    });

    it('accepts a household buying and a plain transfer to a person, and refuses a reused nonce', async () => {
      const recipient = Wallet.createRandom().address;
      const transfer = await signed({ to: recipient, value: parseEther('0.5'), gasLimit: 21_000 });
      const sent = await postRpc(rpc, call('eth_sendRawTransaction', [transfer]));
      assert.match(sent.body.result, /^0x[0-9a-f]{64}$/);
      assert.equal(BigInt((await postRpc(rpc, call('eth_getBalance', [recipient, 'latest']))).body.result), parseEther('0.5'));
      const again = await postRpc(rpc, call('eth_sendRawTransaction', [transfer]));
      assert.match(again.body.error.message, /already used/);

      const buy = await signed({ to: system.deployment.address, data: market.encodeFunctionData('buy', [2, 10]), value: 10n * PRICE, gasLimit: 200_000 });
      const bought = await postRpc(rpc, call('eth_sendRawTransaction', [buy]));
      const receipt = (await postRpc(rpc, call('eth_getTransactionReceipt', [bought.body.result]))).body.result;
      assert.equal(receipt.status, '0x1');
    });
  });

  describe("what the dApp and the agent service send, with the wallet's own estimates", () => {
    // Every step as a wallet takes it: the estimate through the gateway, then the signed transaction.
    const gatewayWallet = (key: string) => {
      const network = Network.from(1337);
      return new Wallet(key, new JsonRpcProvider(rpc, network, { staticNetwork: network, batchMaxCount: 1, cacheTimeout: -1 }));
    };
    const mined = async (sent: Promise<{ wait(): Promise<{ status: number | null } | null> }>) => {
      const receipt = await (await sent).wait();
      assert.equal(receipt?.status, 1);
    };

    it('agents, crossing orders taking several candidates, top-ups, cash-outs and the directory', async () => {
      const community = system.deployment.community!;
      const household = gatewayWallet(DEV_ACCOUNTS[5].privateKey);
      const agent = gatewayWallet(DEV_ACCOUNTS[6].privateKey);
      const treasury = gatewayWallet(loadOperatorKey(system.paths.operatorKey).privateKey);
      const asHousehold = new Contract(system.deployment.address, system.deployment.abi as never, household);
      const asAgent = new Contract(system.deployment.address, system.deployment.abi as never, agent);
      const limits = { maxBuyPrice: PRICE * 2n, minSellPrice: PRICE, maxBoughtPerDayMilliWh: 100_000, maxSoldPerDayMilliWh: 100_000, maxSpentPerDayWei: parseEther('1') };

      await mined(asHousehold.authorizeAgent(agent.address, limits, { value: parseEther('0.5') }));
      await mined(asHousehold.depositAgentBudget({ value: parseEther('0.1') }));
      await mined(asHousehold.withdrawAgentBudget(parseEther('0.05')));
      // Fifteen small offers at one price: a crossing request takes ten of them, an agent's the other five.
      const offers: number[] = [];
      for (let i = 0; i < 15; i++) offers.push((await createOffer(system, 7, 1_000, PRICE)).offerId);
      const before = await system.provider.getBalance(household.address);
      await mined(asHousehold.placeRequest(10_000, PRICE, offers.slice(0, 10), { value: 10_000n * PRICE }));
      await mined(asAgent.agentPlaceRequest(household.address, 5_000, PRICE, offers.slice(10)));
      for (const id of offers) assert.equal((await asHousehold.getOrder(id)).remainingMilliWh, 0n, `offer ${id} was taken`);
      assert.ok(before - (await system.provider.getBalance(household.address)) >= 10_000n * PRICE);
      await mined(asAgent.agentPlaceOffer(household.address, 1_000, PRICE, []));
      await mined(asHousehold.placeOffer(1_000, PRICE, []));
      const agentView = await asHousehold.getAgent(household.address);
      assert.equal(agentView.agent, agent.address);
      await mined(asHousehold.revokeAgent());

      const asTreasury = new Contract(community.address, community.abi as never, treasury);
      const asHouseholdInCommunity = new Contract(community.address, community.abi as never, household);
      await mined(asTreasury.topUp(household.address, 'paid in cash at the kiosk', { value: parseEther('1') }));
      await mined(asHouseholdInCommunity.cashOut('school fees', { value: parseEther('0.25') }));
      const page = await asHouseholdInCommunity.getHouseholds(0, 20);
      assert.ok(page.length >= 10, `${page.length} households read`);
      (household.provider as JsonRpcProvider).destroy();
      (agent.provider as JsonRpcProvider).destroy();
      (treasury.provider as JsonRpcProvider).destroy();
    });
  });

  describe('eth_getLogs', () => {
    it(`reads at most ${MAX_LOG_BLOCK_RANGE} blocks at a time, or one block by its hash`, async () => {
      const address = system.deployment.address;
      const last = MAX_LOG_BLOCK_RANGE - 1;
      const head = Number((await postRpc(rpc, call('eth_blockNumber'))).body.result);
      const [window, tooWide, fromEarliest, both, byHash] = (
        await postRpc(rpc, [
          call('eth_getLogs', [{ address, fromBlock: '0x0', toBlock: `0x${last.toString(16)}` }], 1),
          call('eth_getLogs', [{ address, fromBlock: '0x0', toBlock: `0x${(last + 1).toString(16)}` }], 2),
          call('eth_getLogs', [{ address, fromBlock: 'earliest' }], 3),
          call('eth_getLogs', [{ address, fromBlock: '0x0', blockHash: `0x${'0'.repeat(64)}` }], 4),
          call('eth_getLogs', [{ address, blockHash: (await postRpc(rpc, call('eth_getBlockByNumber', ['latest', false]))).body.result.hash }], 5),
        ])
      ).body.sort((a: { id: number }, b: { id: number }) => a.id - b.id);
      assert.ok(window.result.length > 200, 'the offers seeded above are read in one window');
      assert.equal(tooWide.error.code, -32005);
      assert.equal(tooWide.error.message, `eth_getLogs may span at most 5,000 blocks; ask for blocks 0 to ${last + 1} in parts of that size`);
      // On this young chain the whole ledger fits in one window.
      assert.ok(head < last);
      assert.equal(fromEarliest.result.length, window.result.length);
      assert.match(both.error.message, /either blockHash or fromBlock\/toBlock, not both/);
      assert.ok(Array.isArray(byHash.result));
    });
  });

  describe('error answers', () => {
    it('carry the code, one line and revert data, never a stack trace', async () => {
      const answers = (
        await postRpc(rpc, [
          // A custom error of the contract: its revert data must reach the dApp.
          call('eth_call', [{ to: system.deployment.address, data: market.encodeFunctionData('getOrder', [999]) }, 'latest'], 1),
          call('eth_getLogs', [{ fromBlock: 'not-a-block' }], 2),
          call('eth_getCode', [], 3),
          call('eth_call', [{ to: system.deployment.address, data: market.encodeFunctionData('orderCount') }, 'no-such-block'], 4),
          call('eth_getTransactionReceipt', [{ nested: ['objects'] }], 5),
        ])
      ).body;
      for (const answer of answers) {
        assert.ok(answer.error, `request ${answer.id} was answered`);
        assert.deepEqual(Object.keys(answer.error).filter((k) => !['code', 'message', 'data'].includes(k)), [], `request ${answer.id}`);
        assert.doesNotMatch(JSON.stringify(answer.error), /\bat\s|\.js:|\.ts:|webpack|node_modules|Error:\s/, `request ${answer.id}`);
        assert.ok(!answer.error.message.includes('\n'));
      }
      const revert = answers.find((a: any) => a.id === 1).error;
      assert.equal(market.parseError(revert.data)?.name, 'EnergyMarketplaceUnknownOrder');
    });
  });
});
