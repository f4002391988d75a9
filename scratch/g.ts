import ganache from 'ganache';
import { Wallet } from 'ethers';
const db = '/tmp/cx/db'; 
async function run(accounts: any) {
  const server = ganache.server({ chain: { chainId: 424242, networkId: 424242, hardfork: 'shanghai' }, wallet: accounts, miner: { instamine: 'eager' }, database: { dbPath: db }, logging: { quiet: true } } as any);
  await server.listen(45001, '127.0.0.1');
  const p = server.provider;
  console.log('accounts', await p.request({ method: 'eth_accounts', params: [] }));
  console.log('bal', await p.request({ method: 'eth_getBalance', params: [t.address, 'latest'] }));
  console.log('bal dev0', await p.request({ method: 'eth_getBalance', params: ['0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266', 'latest'] }));
  console.log('block', await p.request({ method: 'eth_getBlockByNumber', params: ['0x0', false] }).then((b: any) => b.hash));
  await server.close();
}
const t = Wallet.createRandom();
(async () => {
  await run({ accounts: [{ secretKey: t.privateKey, balance: '0x' + (10n ** 27n).toString(16) }], lock: true });
  await run({ totalAccounts: 0 });
})().catch((e) => { console.error(e); process.exit(1); });
