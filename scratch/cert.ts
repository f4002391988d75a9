import { createServer } from 'node:https';
import { writeFileSync } from 'node:fs';
import { makeCommunityCertificates, thisMachinesNames } from '../scripts/community/certificates';
(async () => {
  const t = Date.now();
  const names = thisMachinesNames();
  const c = await makeCommunityCertificates('Kibera, "Solar"', 'secret passphrase', names);
  console.log('ms', Date.now() - t, names, c.caFingerprint);
  writeFileSync('scratch/ca.crt', c.caCertificatePem);
  writeFileSync('scratch/server.crt', c.serverCertificatePem);
  const s = createServer({ cert: c.serverCertificatePem, key: c.serverKeyPem }, (req, res) => res.end('ok\n'));
  s.listen(45010, '127.0.0.1', () => console.log('listening'));
  setTimeout(() => s.close(), 4000);
})();
