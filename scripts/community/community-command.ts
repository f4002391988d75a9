/**
 * `npm run community -- <subcommand> ...`: create and run a real community.
 * One entry per subcommand in SUBCOMMANDS; each takes --data-dir DIR (default
 * data/). Bad input is refused with one sentence and exit code 1, and changes
 * nothing.
 */
import { InputError } from '../lib/user-input';
import { HOUSEHOLD_USAGE, runHousehold } from './household';
import { INIT_USAGE, runInit } from './init';
import { TOP_UP_USAGE, runTopUp } from './top-up';

type Print = (line: string) => void;

interface Subcommand {
  readonly usage: string;
  readonly run: (argv: readonly string[], print: Print) => Promise<void>;
}

export const SUBCOMMANDS: Readonly<Record<string, Subcommand>> = {
  init: { usage: INIT_USAGE, run: runInit },
  household: { usage: HOUSEHOLD_USAGE, run: runHousehold },
  'top-up': { usage: TOP_UP_USAGE, run: runTopUp },
};

export function communityUsage(): string {
  return ['Usage:', ...Object.values(SUBCOMMANDS).map((subcommand) => subcommand.usage)].join('\n\n');
}

export async function runCommunityCommand(argv: readonly string[], print: Print): Promise<void> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help') {
    print(communityUsage());
    return;
  }
  const subcommand = SUBCOMMANDS[name];
  if (!subcommand) throw new InputError(`unknown subcommand "${name}": use ${Object.keys(SUBCOMMANDS).join(', ')} (or help)`);
  if (rest.includes('--help')) {
    print(subcommand.usage);
    return;
  }
  await subcommand.run(rest, print);
}

/** Refusals a person can act on print as one sentence; anything else is a fault, with its stack. */
export function describeFailure(error: unknown): string {
  const known = error instanceof InputError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  if (known) return (error as Error).message;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

if (require.main === module) {
  runCommunityCommand(process.argv.slice(2), (line) => console.log(line)).then(
    () => process.exit(0),
    (error) => {
      console.error(`community: ${describeFailure(error)}`);
      process.exit(1);
    },
  );
}
