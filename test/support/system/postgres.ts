/**
 * A throw-away PostgreSQL cluster for a test: initdb in a temporary folder,
 * the server on a free loopback port, removed afterwards. Uses Debian's
 * PostgreSQL (apt package postgresql; .ci/run installs it). PostgreSQL
 * refuses to run as root, so as root it runs as the "postgres" user.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort } from '../ports';

const PG_ROOT = '/usr/lib/postgresql';

function binDir(): string {
  const versions = existsSync(PG_ROOT) ? readdirSync(PG_ROOT).filter((v) => existsSync(join(PG_ROOT, v, 'bin', 'initdb'))) : [];
  if (versions.length === 0) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
  return join(PG_ROOT, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin');
}

export class TestPostgres {
  private constructor(
    private readonly folder: string,
    private readonly bin: string,
    readonly port: number,
  ) {}

  /** postgres://… of the cluster's database `energy`. */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/energy`;
  }

  static async start(): Promise<TestPostgres> {
    const bin = binDir();
    const folder = mkdtempSync(join(tmpdir(), 'energy-pg-'));
    chmodSync(folder, 0o777);
    const port = await freePort();
    const cluster = new TestPostgres(folder, bin, port);
    cluster.run('initdb', ['-D', join(folder, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    cluster.run('pg_ctl', [
      '-D', join(folder, 'data'),
      '-l', join(folder, 'server.log'),
      '-o', `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off`,
      '-w', 'start',
    ]);
    cluster.run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'energy']);
    return cluster;
  }

  async stop(): Promise<void> {
    spawnSync(...this.command('pg_ctl', ['-D', join(this.folder, 'data'), '-m', 'immediate', '-w', 'stop']), { stdio: 'ignore' });
    rmSync(this.folder, { recursive: true, force: true });
  }

  private run(tool: string, args: string[]): void {
    const [command, full] = this.command(tool, args);
    execFileSync(command, full, { stdio: 'pipe' });
  }

  private command(tool: string, args: string[]): [string, string[]] {
    const path = join(this.bin, tool);
    return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
  }
}
