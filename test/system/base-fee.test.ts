/**
 * A peer who fills blocks drives the base fee up (EIP-1559: +12.5% per full
 * block). Ganache's eth_gasPrice stays at its default whatever the base fee,
 * and with instamine no block comes to bring the fee down while nothing is
 * sent: a settlement priced at eth_gasPrice alone would be refused, and
 * retried at the same price, for ever. The delivery service must price its
 * settlements above the base fee.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { assertSettledOnMeters, buy, createOffer, waitForSettlement } from '../support/system/market';
import { TestSystem } from '../support/system/test-system';

const PRICE = 1_000_000_000n;
const SPAMMER = 5;
/** Creation code whose first MSTORE asks for 16 MB of memory: it runs out of gas at once, using all of it. */
const BURN_ALL_GAS = '0x60006300ffffff5200';

async function baseFee(system: TestSystem): Promise<bigint> {
  return (await system.provider.getBlock('latest'))!.baseFeePerGas!;
}

/** Full blocks until the base fee is above `target`. */
async function raiseBaseFee(system: TestSystem, target: bigint): Promise<void> {
  const spammer = system.wallet(SPAMMER);
  let nonce = await system.nonce(SPAMMER);
  for (let block = 0; (await baseFee(system)) <= target; block++) {
    assert.ok(block < 200, 'the base fee did not rise');
    const raw = await spammer.signTransaction({
      type: 2,
      chainId: 1337,
      nonce: nonce++,
      data: BURN_ALL_GAS,
      gasLimit: 29_900_000n,
      maxFeePerGas: 100n * 10n ** 9n,
      maxPriorityFeePerGas: 0n,
    });
    await system.provider.send('eth_sendRawTransaction', [raw]);
  }
}

describe('when blocks have been filled and the base fee is high', () => {
  let system: TestSystem;
  before(async () => {
    system = await TestSystem.start({ nodes: 2, timeScale: 60 });
  });
  after(() => system?.stop());

  it('the trade is still settled', async () => {
    const offer = await createOffer(system, 1, 5_000, PRICE);
    const defaultGasPrice = BigInt(await system.provider.send('eth_gasPrice', []));
    await raiseBaseFee(system, 2n * defaultGasPrice);

    // The buyer's wallet prices its transaction from the base fee, as MetaMask and ethers do.
    const trade = await buy(system, 0, offer.offerId, 500, PRICE);
    const settlement = await waitForSettlement(system, trade.tradeId, 30_000);
    // Settled on what the buyer's node measured (the shared line is metered in real time at both ends).
    const expected = await assertSettledOnMeters(system, settlement, trade, 1, 0, 500, PRICE);
    assert.ok(expected.delivered > 0, 'energy was delivered');
  });
});
