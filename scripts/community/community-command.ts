/**
 * `npm run community -- <subcommand> ...`: create and run a real community.
 * One entry per subcommand in SUBCOMMANDS, loaded only when used (a refusal
 * should not wait for Ganache to load); each takes --data-dir DIR (default
 * data/). Bad input is refused with one sentence and exit code 1, and changes
 * nothing.
 */
import { InputError } from '../lib/user-input';

type Print = (line: string) => void;

/** What a subcommand's module exports. */
export interface SubcommandModule {
  readonly USAGE: string;
  run(argv: readonly string[], print: Print): Promise<void>;
}

interface Subcommand {
  readonly summary: string;
  /** require(), not import(): the processes run TypeScript through tsx's CommonJS hook. */
  readonly load: () => SubcommandModule;
}

export const SUBCOMMANDS: Readonly<Record<string, Subcommand>> = {
  init: { summary: 'create a community in an unused data folder', load: () => require('./init') },
  household: { summary: 'add, list, rename or remove households', load: () => require('./household') },
  'top-up': { summary: 'issue coins from the treasury to a household', load: () => require('./top-up') },
  backup: { summary: 'write the whole data folder into one encrypted file, while the system runs', load: () => require('./backup') },
  restore: { summary: 'bring a backup back into a new data folder', load: () => require('./restore') },
  disputes: { summary: "list the disputed trades: the buyer's node received less than allowed", load: () => require('./disputes') },
};

export function communityUsage(): string {
  const width = Math.max(...Object.keys(SUBCOMMANDS).map((name) => name.length));
  return [
    'Usage: npm run community -- <subcommand> [arguments] [--data-dir DIR]',
    '',
    ...Object.entries(SUBCOMMANDS).map(([name, subcommand]) => `  ${name.padEnd(width)}  ${subcommand.summary}`),
    '',
    'npm run community -- <subcommand> --help tells more.',
  ].join('\n');
}

export async function runCommunityCommand(argv: readonly string[], print: Print): Promise<void> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help') {
    print(communityUsage());
    return;
  }
  const subcommand = Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
  if (!subcommand) throw new InputError(`unknown subcommand "${name}": use ${Object.keys(SUBCOMMANDS).join(', ')} (or help)`);
  const module = subcommand.load();
  if (rest.includes('--help') || rest[0] === 'help') {
    print(module.USAGE);
    return;
  }
  await module.run(rest, print);
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
