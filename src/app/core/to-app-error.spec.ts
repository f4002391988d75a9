import { Interface, JsonRpcProvider, parseEther } from 'ethers';

import { type LocalChain, startLocalChain } from '../../testing/local-chain';
import { TestWallet } from '../../testing/test-wallet';
import { AppError } from './app-error';
import { toAppError } from './to-app-error';

/** The failures come from a real chain and a MetaMask-like wallet, not from hand-made objects. */
describe('toAppError', () => {
  let chain: LocalChain;
  let decoder: Interface;

  beforeAll(async () => {
    chain = await startLocalChain();
    decoder = new Interface(chain.config.marketplace.abi as string[]);
    // Offer #1: 1.5 Wh from account 1.
    await (await chain.marketplace(chain.accounts[1]).createOffer(1500n, 1_000_000n)).wait();
  });
  afterAll(() => chain.stop());

  it('says in words how much remains when a buyer asks for more (a custom error from eth_estimateGas)', async () => {
    const buyer = chain.marketplace(chain.accounts[2]);
    const error = await buyer.buy.estimateGas(1n, 2000n, { value: 2000n * 1_000_000n }).catch((e: unknown) => e);
    const appError = toAppError(error, { decoder, context: { orderNoun: 'offer' } });
    expect(appError.kind).toBe('contract');
    expect(appError.message).toBe('Only 1.5 Wh remain in offer #1; you asked for 2 Wh.');
    expect(appError.contractError).toEqual({ name: 'EnergyMarketplaceExceedsRemaining', args: [1n, 2000n, 1500n] });
  });

  it('decodes a custom error that a wallet reports while estimating the transaction itself', async () => {
    const wallet = new TestWallet({ rpcUrl: chain.rpcUrl, privateKey: chain.config.devAccounts![1].privateKey, connected: true, autoConfirm: true });
    const data = decoder.encodeFunctionData('buy', [1n, 10n]);
    const error = await wallet
      .request({ method: 'eth_sendTransaction', params: [{ from: wallet.address, to: chain.config.marketplace.address, data, value: '0x989680' }] })
      .catch((e: unknown) => e);
    wallet.destroy();
    const appError = toAppError(error, { decoder, context: { orderNoun: 'offer' } });
    expect(appError.message).toBe('Offer #1 is your own: you cannot trade with yourself.');
  });

  it('reports a rejection in the wallet (code 4001) as a rejection that changed nothing', async () => {
    const wallet = new TestWallet({ rpcUrl: chain.rpcUrl, privateKey: chain.config.devAccounts![3].privateKey });
    const asking = wallet.request({ method: 'eth_requestAccounts' });
    await wallet.nextRequest();
    wallet.reject();
    const appError = toAppError(await asking.catch((e: unknown) => e), { decoder });
    wallet.destroy();
    expect(appError).toBeInstanceOf(AppError);
    expect(appError.kind).toBe('rejected');
    expect(appError.message).toBe('You rejected the request in your wallet; nothing was changed.');
  });

  it('recognises a balance too small for the value and gas (the chain refuses the signed transaction)', async () => {
    const error = await chain.accounts[4].sendTransaction({ to: chain.accounts[5].address, value: parseEther('5000') }).catch((e: unknown) => e);
    const appError = toAppError(error, { decoder });
    expect(appError.kind).toBe('insufficient-funds');
    expect(appError.message).toBe('Your balance cannot pay for this and its gas fee; nothing was sent.');
  });

  it('says the chain cannot be reached when nothing listens at the RPC URL', async () => {
    const dead = new JsonRpcProvider('http://127.0.0.1:9', 1337, { staticNetwork: true });
    const error = await dead.getBlockNumber().catch((e: unknown) => e);
    dead.destroy();
    const appError = toAppError(error);
    expect(appError.kind).toBe('unreachable');
    expect(appError.message).toMatch(/cannot be reached/);
  });

  it('keeps an AppError as it is and names unknown failures plainly', () => {
    const original = new AppError('timeout', 'Too slow.');
    expect(toAppError(original)).toBe(original);
    expect(toAppError(new Error('disk full')).message).toBe('Something went wrong: disk full');
  });
});
