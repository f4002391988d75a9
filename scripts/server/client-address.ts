/**
 * Who is asking, for the rate limit. The development proxy (`ng serve`) runs
 * on this machine and forwards for the browser: only from loopback is
 * X-Forwarded-For believed, so a LAN client cannot pick its own identity.
 */
import type { IncomingMessage } from 'node:http';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function clientAddress(req: IncomingMessage): string {
  const remote = req.socket.remoteAddress ?? 'unknown';
  const forwarded = req.headers['x-forwarded-for'];
  if (LOOPBACK.has(remote) && typeof forwarded === 'string' && forwarded.trim()) {
    return forwarded.split(',')[0].trim();
  }
  return remote;
}
