/** A certificate's SHA-256 fingerprint as browsers and phones show it (colon-separated upper-case hex). */
import { X509Certificate } from 'node:crypto';

export function certificateFingerprint(pem: string): string {
  return new X509Certificate(pem).fingerprint256;
}
