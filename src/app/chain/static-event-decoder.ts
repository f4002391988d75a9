import type { EventFragment, Interface } from 'ethers/abi';
import { getAddress } from 'ethers/address';

/** A decoded log: the event's name and its arguments in declaration order. */
export interface DecodedLog {
  readonly name: string;
  readonly args: readonly unknown[];
}

interface LogLike {
  readonly topics: readonly string[];
  readonly data: string;
}

type WordType = 'address' | 'bool' | 'bytes32' | 'uint';

/** Where each argument of an event sits: an indexed topic or a 32-byte word of the data. */
interface Layout {
  readonly fragment: EventFragment;
  /** Null when a parameter is dynamic (string, bytes, arrays): ethers decodes those. */
  readonly fields: readonly { readonly type: WordType; readonly indexed: boolean }[] | null;
}

const WORD = 64;

/**
 * Decodes logs of events whose parameters are all static (uintN, address, bool,
 * bytes32), as every marketplace event is, by slicing 32-byte words out of the
 * hex and reading them with BigInt. ethers' `parseLog` builds Result objects
 * and takes seconds for 10,000 logs; this takes milliseconds. Events with
 * dynamic parameters fall back to ethers.
 */
export class StaticEventDecoder {
  private readonly byTopic = new Map<string, Layout>();
  /** Few distinct accounts, many logs: checksum each address once. */
  private readonly addresses = new Map<string, string>();

  constructor(private readonly iface: Interface) {
    iface.forEachEvent((fragment) => {
      const types = fragment.inputs.map((input) => wordType(input.type));
      const fields = types.every((type) => type !== null)
        ? fragment.inputs.map((input, i) => ({ type: types[i]!, indexed: input.indexed === true }))
        : null;
      this.byTopic.set(fragment.topicHash, { fragment, fields });
    });
  }

  decode(log: LogLike): DecodedLog | null {
    const layout = this.byTopic.get(log.topics[0]?.toLowerCase());
    if (!layout) return null;
    if (!layout.fields) {
      const parsed = this.iface.parseLog({ topics: [...log.topics], data: log.data });
      return parsed && { name: parsed.name, args: [...parsed.args] };
    }
    const data = log.data.startsWith('0x') ? log.data.slice(2) : log.data;
    let topic = 1;
    let offset = 0;
    const args = new Array<unknown>(layout.fields.length);
    for (let i = 0; i < layout.fields.length; i++) {
      const field = layout.fields[i];
      let word: string;
      if (field.indexed) {
        const hex = log.topics[topic++];
        if (hex === undefined) throw new Error(`${layout.fragment.name} log has too few topics`);
        word = hex.slice(2);
      } else {
        word = data.slice(offset, (offset += WORD));
      }
      if (word.length !== WORD) throw new Error(`${layout.fragment.name} log is too short`);
      args[i] = this.value(field.type, word);
    }
    return { name: layout.fragment.name, args };
  }

  private value(type: WordType, word: string): unknown {
    switch (type) {
      case 'address': {
        const raw = word.slice(24).toLowerCase();
        let address = this.addresses.get(raw);
        if (!address) this.addresses.set(raw, (address = getAddress(`0x${raw}`)));
        return address;
      }
      case 'bool':
        return BigInt(`0x${word}`) !== 0n;
      case 'bytes32':
        return `0x${word.toLowerCase()}`;
      case 'uint':
        return BigInt(`0x${word}`);
    }
  }
}

/** The 32-byte word types read here; null for any other (ethers decodes those). */
function wordType(type: string): WordType | null {
  if (type === 'address' || type === 'bool' || type === 'bytes32') return type;
  return /^uint\d*$/.test(type) ? 'uint' : null;
}
