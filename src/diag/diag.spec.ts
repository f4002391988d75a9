import { Interface, parseEther } from 'ethers';
import { startLocalChain } from '../testing/local-chain';
it('diag', async () => {
  const chain = await startLocalChain();
  const decoder = new Interface(chain.config.marketplace.abi as string[]);
  await (await chain.marketplace(chain.accounts[1]).createOffer(1500n, 1_000_000n)).wait();
  const data = decoder.encodeFunctionData('buy', [1n, 10n]);
  for (const method of ['eth_estimateGas', 'eth_call']) {
    const r = await fetch(chain.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: [{ from: chain.accounts[1].address, to: chain.config.marketplace.address, data, value: '0x989680' }, 'latest'] }) });
    console.log(method, await r.text());
  }
  const e2: any = await chain.accounts[4].sendTransaction({ to: chain.accounts[5].address, value: parseEther('5000') }).catch((e: unknown) => e);
  console.log('E2', e2.code, e2.shortMessage, e2.message?.slice(0, 300));
  await chain.stop();
});
