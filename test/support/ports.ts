/**
 * Free TCP ports for a system under test, so it never clashes with a copy of
 * `npm start` running on the default ports (4200, 8545, 7001..7010), another
 * suite, or another developer's run on the same machine.
 */
import { createServer } from 'node:net';

/** A port the system gives out as free on loopback (the kernel's choice). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `count` distinct free ports. */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

function canBind(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Free on loopback and on the wildcard address: the main server may listen on either. */
async function isFree(port: number): Promise<boolean> {
  return (await canBind(port, '127.0.0.1')) && (await canBind(port, '0.0.0.0'));
}

/**
 * The first of `count` consecutive free ports (npm start's --node-base-port
 * takes a block), none of them in `taken`. From a random spot in a high range,
 * so parallel runs rarely collide.
 */
export async function freePortBlock(count: number, taken: ReadonlySet<number> = new Set()): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    let ok = true;
    for (let port = base; port < base + count && ok; port++) ok = !taken.has(port) && (await isFree(port));
    if (ok) return base;
  }
  throw new Error(`no block of ${count} free ports found`);
}
