/**
 * What geth, the beacon node and the validator print: every line goes to the
 * server's logs/<program>.log; the terminal of `npm start` gets warnings and
 * errors only (each program prints a line every slot at info level).
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** geth: "WARN [12-01|10:00:00.000] ..."; Prysm: `time="..." level=warning msg="..."`. */
const WORTH_SHOWING = /^(WARN|ERROR|CRIT)\b|level=(warning|error|fatal|panic)\b/;

export function programOutput(logDir: string, name: string, show = true): (line: string) => void {
  mkdirSync(logDir, { recursive: true });
  const file = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
  return (line: string) => {
    file.write(line + '\n');
    if (show && WORTH_SHOWING.test(line)) process.stdout.write(`[${name}] ${line}\n`);
  };
}
