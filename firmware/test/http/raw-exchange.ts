/**
 * Raw bytes to a node over TCP, for what fetch cannot send (malformed HTTP,
 * pipelining): collects the answer until the server closes the connection or
 * `idleMs` passes without data.
 */
import { connect } from 'node:net';

export function rawExchange(port: number, data: string | Buffer, idleMs = 500): Promise<string> {
  return new Promise((done, fail) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let timer = setTimeout(() => socket.end(), idleMs);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
      clearTimeout(timer);
      timer = setTimeout(() => socket.end(), idleMs);
    });
    socket.on('error', fail);
    socket.on('close', () => {
      clearTimeout(timer);
      done(received);
    });
    socket.write(data);
  });
}
