/**
 * Every validator must keep the same time: a block or vote signed for the
 * wrong slot is ignored, and a validator whose clock runs ahead or behind
 * misses its duties. Off-grid there is no internet time, so one server is the
 * LAN's time source (chrony serving NTP) and each validator's clock is
 * compared with it by SNTP (RFC 4330) before the validator starts.
 */
import { createSocket } from 'node:dgram';

/** Seconds from 1900 (NTP's epoch) to 1970 (Unix's). */
const NTP_EPOCH_OFFSET = 2_208_988_800;
const ATTEMPTS = 3;
const ATTEMPT_TIMEOUT_MS = 1500;

export interface ClockReading {
  /** How far this machine's clock is ahead of the time source (negative: behind), in ms. */
  readonly offsetMs: number;
  readonly roundTripMs: number;
}

export type ClockVerdict =
  | { readonly kind: 'in-step'; readonly reading: ClockReading }
  | { readonly kind: 'off'; readonly reading: ClockReading; readonly reason: string }
  | { readonly kind: 'unknown'; readonly reason: string };

export async function checkClock(host: string, port: number, maxOffsetMs: number): Promise<ClockVerdict> {
  let lastError = '';
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    try {
      const reading = await readClockOffset(host, port, ATTEMPT_TIMEOUT_MS);
      if (Math.abs(reading.offsetMs) <= maxOffsetMs) return { kind: 'in-step', reading };
      const direction = reading.offsetMs > 0 ? 'ahead of' : 'behind';
      return {
        kind: 'off',
        reading,
        reason:
          `this server's clock is ${(Math.abs(reading.offsetMs) / 1000).toFixed(1)} s ${direction} the network's time source ${host}:${port} ` +
          `(at most ${maxOffsetMs} ms allowed): set it from the time source (chrony: chronyc makestep) and start again`,
      };
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
  }
  return { kind: 'unknown', reason: `the network's time source ${host}:${port} did not answer (${lastError})` };
}

/** One SNTP exchange: offset = ((t2 - t1) + (t3 - t4)) / 2. */
export function readClockOffset(host: string, port: number, timeoutMs: number): Promise<ClockReading> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    const request = Buffer.alloc(48);
    request[0] = 0x23; // leap indicator 0, version 4, mode 3 (client)
    const t1 = Date.now();
    writeTimestamp(request, 40, t1);
    const timer = setTimeout(() => finish(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    const finish = (error?: Error, reading?: ClockReading) => {
      clearTimeout(timer);
      socket.close();
      if (error) reject(error);
      else resolve(reading!);
    };
    socket.once('error', (error) => finish(error));
    socket.on('message', (answer) => {
      const t4 = Date.now();
      if (answer.length < 48 || (answer[0] & 0x07) !== 4 || !answer.subarray(24, 32).equals(request.subarray(40, 48))) return;
      const t2 = readTimestamp(answer, 32);
      const t3 = readTimestamp(answer, 40);
      // Positive when the source is ahead of us; we report ours against it.
      const sourceAhead = (t2 - t1 + (t3 - t4)) / 2;
      finish(undefined, { offsetMs: -sourceAhead, roundTripMs: t4 - t1 - (t3 - t2) });
    });
    socket.send(request, port, host, (error) => error && finish(error));
  });
}

/** Milliseconds since 1970 at `offset` of an NTP packet (seconds and 2^-32 fractions since 1900). */
export function readTimestamp(packet: Buffer, offset: number): number {
  const seconds = packet.readUInt32BE(offset) - NTP_EPOCH_OFFSET;
  const fraction = packet.readUInt32BE(offset + 4) / 2 ** 32;
  return (seconds + fraction) * 1000;
}

export function writeTimestamp(packet: Buffer, offset: number, unixMs: number): void {
  const seconds = Math.floor(unixMs / 1000);
  packet.writeUInt32BE(seconds + NTP_EPOCH_OFFSET, offset);
  packet.writeUInt32BE(Math.floor(((unixMs - seconds * 1000) / 1000) * 2 ** 32), offset + 4);
}
