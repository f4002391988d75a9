/**
 * A LAN time source for the tests, as chrony on the first server is in a
 * real community: answers SNTP requests, optionally with a clock that is off.
 */
import { type Socket, createSocket } from 'node:dgram';

import { writeTimestamp } from '../../../scripts/chain/pos/clock-check';

export class SntpServer {
  private constructor(private readonly socket: Socket, readonly port: number) {}

  /** `offsetMs`: how far the served time is ahead of this machine's clock. */
  static async start(offsetMs = 0): Promise<SntpServer> {
    const socket = createSocket('udp4');
    socket.on('message', (request, from) => {
      if (request.length < 48) return;
      const answer = Buffer.alloc(48);
      answer[0] = 0x24; // version 4, mode 4 (server)
      answer[1] = 2; // stratum
      request.copy(answer, 24, 40, 48); // originate = the client's transmit time
      writeTimestamp(answer, 32, Date.now() + offsetMs);
      writeTimestamp(answer, 40, Date.now() + offsetMs);
      socket.send(answer, from.port, from.address);
    });
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new SntpServer(socket, socket.address().port);
  }

  close(): void {
    this.socket.close();
  }
}
