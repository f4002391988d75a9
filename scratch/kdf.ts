import { Wallet } from 'ethers';
(async () => {
  const w = Wallet.createRandom();
  let t = Date.now(); const j = await w.encrypt('pass'); console.log('encrypt', Date.now() - t);
  t = Date.now(); await Wallet.fromEncryptedJson(j, 'pass'); console.log('decrypt', Date.now() - t);
  t = Date.now(); require('ganache'); console.log('require ganache', Date.now() - t);
  t = Date.now(); require('reflect-metadata'); require('@peculiar/x509'); console.log('require x509', Date.now() - t);
})();
