import { formatEther } from 'ethers';

import { type LocalChain, startLocalChain } from './local-chain';

describe('startLocalChain', () => {
  let chain: LocalChain;

  beforeAll(async () => {
    chain = await startLocalChain({ settlementWindowSeconds: 120 });
  });
  afterAll(() => chain.stop());

  it('funds ten trading accounts with ETH 1000.00 each and the config offers them as development accounts', async () => {
    expect(chain.accounts).toHaveLength(10);
    for (const account of chain.accounts) {
      expect(formatEther(await account.provider!.getBalance(account.address))).toBe('1000.0');
    }
    expect(chain.config.devAccounts?.map((account) => account.address)).toEqual(chain.accounts.map((account) => account.address));
    expect(chain.config.devChain).toBe(true);
    expect(chain.config.chainId).toBe(1337);
  });

  it('deploys a marketplace whose operator is not a trading account', async () => {
    const marketplace = chain.marketplace();
    expect(await marketplace.operator()).toBe(chain.operator.address);
    expect(chain.accounts.map((account) => account.address)).not.toContain(chain.operator.address);
    expect(await marketplace.settlementWindow()).toBe(120n);
    expect(chain.config.marketplace.settlementWindowSeconds).toBe(120);
    expect(await marketplace.orderCount()).toBe(0n);
  });

  it('lets accounts trade and moves the clock forward', async () => {
    const seller = chain.marketplace(chain.accounts[1]);
    await (await seller.createOffer(1500n, 1_000_000n)).wait();
    expect((await chain.marketplace().getOrder(1n)).remainingMilliWh).toBe(1500n);

    const before = (await chain.accounts[0].provider!.getBlock('latest'))!.timestamp;
    await chain.increaseTime(3600);
    const after = (await chain.accounts[0].provider!.getBlock('latest'))!.timestamp;
    expect(after - before).toBeGreaterThanOrEqual(3600);
  });
});
