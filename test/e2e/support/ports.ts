/**
 * Free TCP ports for a system under test, so it never clashes with a copy of
 * `npm start` already running on the default ports (4200, 8545, 7001..7010).
 */
import { createServer } from 'node:net';

function canBind(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

async function isFree(port: number): Promise<boolean> {
  // Both loopback and the wildcard: the main server may listen on either.
  return (await canBind(port, '127.0.0.1')) && (await canBind(port, '0.0.0.0'));
}

/**
 * A run of `count` consecutive free ports (node emulators take one block).
 * Ports come from a random spot in a high range so parallel runs rarely collide.
 */
export async function freePortBlock(count: number, taken: ReadonlySet<number> = new Set()): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    let ok = true;
    for (let port = base; port < base + count && ok; port++) {
      ok = !taken.has(port) && (await isFree(port));
    }
    if (ok) return base;
  }
  throw new Error(`No block of ${count} free ports found`);
}
