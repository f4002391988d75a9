/**
 * The community's certificate authority and the main server's HTTPS
 * certificate, made at `init` with @peculiar/x509 over Node's WebCrypto
 * (ECDSA P-256; no openssl). Phones trust the CA once; then the dApp, and the
 * in-app wallet it holds, load over HTTPS and nobody on the Wi-Fi can change them.
 *
 * A CA a phone trusts could vouch for any web site, so this one is limited by
 * name constraints (RFC 5280) to what a village network uses: private and
 * loopback addresses, `localhost`, mDNS `.local` names and this machine's own
 * name. Its key is encrypted under the operator's passphrase and signs only
 * here; the server's key stays unencrypted (mode 0600) so the server starts
 * unattended after a power cut.
 */
import 'reflect-metadata';

import { createPrivateKey, randomBytes, webcrypto } from 'node:crypto';
import { hostname, networkInterfaces } from 'node:os';

import { AsnConvert } from '@peculiar/asn1-schema';
import { GeneralName, GeneralSubtree, GeneralSubtrees, NameConstraints, id_ce_nameConstraints } from '@peculiar/asn1-x509';
import * as x509 from '@peculiar/x509';

import { certificateFingerprint } from '../lib/certificate-fingerprint';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;
/** Ten years for the CA a phone trusts once. */
const CA_DAYS = 3650;
/** Apple's platforms refuse TLS server certificates valid for more than 825 days. */
const SERVER_DAYS = 825;

/** Address ranges of a LAN and of this machine: the only addresses the CA may vouch for. */
const PERMITTED_IP_RANGES = ['127.0.0.0/8', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16', '::1/128', 'fc00::/7', 'fe80::/10'];

export interface CommunityCertificates {
  /** PEM of the CA certificate: served at /ca.crt for phones to trust. */
  readonly caCertificatePem: string;
  /** PEM of the CA key, PKCS #8 encrypted (AES-256-CBC, key from the passphrase). */
  readonly caKeyEncryptedPem: string;
  /** PEM of the server certificate followed by the CA's. */
  readonly serverCertificatePem: string;
  /** PEM of the server key, unencrypted. */
  readonly serverKeyPem: string;
  /** The names and addresses the server certificate is valid for. */
  readonly serverNames: readonly string[];
  readonly caFingerprint: string;
}

/** The names a phone may use for this machine: its host name, its mDNS name, localhost, its addresses now. */
export function thisMachinesNames(extra: readonly string[] = []): string[] {
  const name = hostname().toLowerCase();
  const addresses = Object.values(networkInterfaces())
    .flat()
    .filter((address) => address && (address.family === 'IPv4' || address.address === '::1'))
    .map((address) => address!.address);
  const names = ['localhost', name, name.includes('.') ? '' : `${name}.local`, '127.0.0.1', ...addresses, ...extra];
  return [...new Set(names.filter(Boolean))];
}

export async function makeCommunityCertificates(
  communityName: string,
  passphrase: string,
  serverNames: readonly string[],
): Promise<CommunityCertificates> {
  const { servers, ...ca } = await makeCertificatesForServers(communityName, passphrase, [serverNames]);
  return { ...ca, ...servers[0] };
}

/** The community CA's part of CommunityCertificates. */
export type CommunityCa = Pick<CommunityCertificates, 'caCertificatePem' | 'caKeyEncryptedPem' | 'caFingerprint'>;
/** One server's part of CommunityCertificates. */
export type ServerCertificate = Pick<CommunityCertificates, 'serverCertificatePem' | 'serverKeyPem' | 'serverNames'>;

/**
 * One CA and a certificate for each server of the community (several on a
 * network of servers, `npm run network -- init`): a phone that trusts the CA
 * once opens any of them.
 */
export async function makeCertificatesForServers(
  communityName: string,
  passphrase: string,
  namesPerServer: readonly (readonly string[])[],
): Promise<CommunityCa & { readonly servers: readonly ServerCertificate[] }> {
  const now = Date.now();
  const notBefore = new Date(now - DAY_MS); // a phone's clock a little behind still accepts it
  const caKeys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const caName = `CN=${escapeDn(`${communityName} community CA`)}, O=${escapeDn(communityName)}`;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: caName,
    notBefore,
    notAfter: new Date(now + CA_DAYS * DAY_MS),
    keys: caKeys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
      nameConstraints([...new Set(namesPerServer.flat())]),
    ],
  });
  const caCertificatePem = ca.toString('pem') + '\n';

  const servers: ServerCertificate[] = [];
  for (const serverNames of namesPerServer) {
    const serverKeys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const server = await x509.X509CertificateGenerator.create({
      serialNumber: serial(),
      subject: `CN=${escapeDn(serverNames.find((name) => !isIp(name)) ?? 'localhost')}`,
      issuer: ca.subject,
      notBefore,
      notAfter: new Date(now + SERVER_DAYS * DAY_MS),
      signingKey: caKeys.privateKey,
      publicKey: serverKeys.publicKey,
      signingAlgorithm: ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
        new x509.SubjectAlternativeNameExtension(
          serverNames.map((name) => (isIp(name) ? { type: 'ip' as const, value: name } : { type: 'dns' as const, value: name })),
          false,
        ),
        await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
        await x509.SubjectKeyIdentifierExtension.create(serverKeys.publicKey),
      ],
    });
    const serverKeyDer = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', serverKeys.privateKey));
    servers.push({
      serverCertificatePem: server.toString('pem') + '\n' + caCertificatePem,
      serverKeyPem: createPrivateKey({ key: serverKeyDer, format: 'der', type: 'pkcs8' }).export({ format: 'pem', type: 'pkcs8' }).toString(),
      serverNames,
    });
  }

  const caKeyDer = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', caKeys.privateKey));
  return {
    caCertificatePem,
    caKeyEncryptedPem: createPrivateKey({ key: caKeyDer, format: 'der', type: 'pkcs8' })
      .export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase })
      .toString(),
    caFingerprint: certificateFingerprint(caCertificatePem),
    servers,
  };
}

/**
 * Permitted: LAN and loopback addresses, localhost, `.local`, and the names and addresses the server
 * certificate carries (a machine whose address is outside the private ranges keeps that one address).
 */
function nameConstraints(serverNames: readonly string[]): x509.Extension {
  const dnsNames = new Set(['localhost', 'local', ...serverNames.filter((name) => !isIp(name))]);
  const ownAddresses = serverNames.filter(isIp).map((ip) => `${ip}/${ip.includes(':') ? 128 : 32}`);
  const ranges = new Set([...PERMITTED_IP_RANGES, ...ownAddresses]);
  const permitted = new GeneralSubtrees([
    ...[...dnsNames].map((dNSName) => new GeneralSubtree({ base: new GeneralName({ dNSName }) })),
    ...[...ranges].map((iPAddress) => new GeneralSubtree({ base: new GeneralName({ iPAddress }) })),
  ]);
  const value = AsnConvert.serialize(new NameConstraints({ permittedSubtrees: permitted }));
  return new x509.Extension(id_ce_nameConstraints, true, value);
}

function isIp(name: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(name) || name.includes(':');
}

/** A positive 128-bit serial number, as CAs use. */
function serial(): string {
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f;
  return bytes.toString('hex');
}

/** Escapes the characters that have a meaning in a distinguished name (RFC 4514). */
function escapeDn(value: string): string {
  return value.replace(/([,+"\\<>;=#])/g, '\\$1');
}
