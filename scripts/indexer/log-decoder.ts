/** Turns raw logs of the sources' contracts into named events with plain values. */
import { type EventFragment, Interface, type LogDescription } from 'ethers';

import type { Value } from '../lib/read-model/table';
import type { Log } from './chain-reader';
import type { DecodedEvent, EventBlock, EventSource } from './event-source';

interface Known {
  readonly source: EventSource;
  readonly iface: Interface;
  readonly fragment: EventFragment;
}

export class LogDecoder {
  /** "address|topic0" -> what decodes it. */
  private readonly known = new Map<string, Known>();
  readonly addresses: string[];
  readonly topics: string[];

  constructor(sources: readonly EventSource[]) {
    const topics = new Set<string>();
    for (const source of sources) {
      const iface = new Interface(source.abi as never);
      for (const name of Object.keys(source.handlers)) {
        const fragment = iface.getEvent(name);
        if (!fragment) throw new Error(`source ${source.name}: the ABI has no event ${name}`);
        this.known.set(`${source.address}|${fragment.topicHash}`, { source, iface, fragment });
        topics.add(fragment.topicHash);
      }
    }
    this.addresses = [...new Set(sources.map((source) => source.address))];
    this.topics = [...topics];
  }

  /** The event and the source that handles it; undefined for a log no source asked for. */
  decode(log: Log, block: EventBlock): { source: EventSource; event: DecodedEvent } | undefined {
    const known = this.known.get(`${log.address}|${log.topics[0]}`);
    if (!known) return undefined;
    const parsed = known.iface.parseLog({ topics: [...log.topics], data: log.data }) as LogDescription;
    const args: Record<string, Value | boolean | readonly Value[]> = {};
    known.fragment.inputs.forEach((input, i) => {
      args[input.name] = plain(parsed.args[i]);
    });
    return {
      source: known.source,
      event: { name: known.fragment.name, args, contract: log.address, block, logIndex: log.logIndex, transactionHash: log.transactionHash },
    };
  }
}

function plain(value: unknown): Value | boolean | readonly Value[] {
  if (typeof value === 'bigint' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return /^0x[0-9a-fA-F]{40}$/.test(value) ? value.toLowerCase() : value;
  if (Array.isArray(value)) return value.map((item) => plain(item) as Value);
  return String(value);
}
