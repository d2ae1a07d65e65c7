/**
 * A password for the CLI: given on the command line, or read from standard input (one line;
 * typed without echo when it is a terminal) so that it stays out of the shell's history.
 */
import { createInterface } from 'node:readline';

export async function passwordFrom(option: string | true): Promise<string> {
  if (typeof option === 'string') return option;
  return readLine(process.stdin.isTTY ? 'Password: ' : '');
}

function readLine(prompt: string): Promise<string> {
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: Boolean(prompt),
  });
  if (prompt) {
    process.stdout.write(prompt);
    // Hides what is typed: readline writes nothing back while muted.
    (rl as unknown as { _writeToOutput: (text: string) => void })._writeToOutput = () => {};
  }
  return new Promise((resolve, reject) => {
    rl.once('line', (line) => {
      if (prompt) process.stdout.write('\n');
      rl.close();
      resolve(line);
    });
    rl.once('close', () => reject(new Error('no password given on standard input')));
  });
}
