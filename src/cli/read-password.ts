/**
 * A password for the CLI: given on the command line, or read from standard input (one line;
 * typed without echo when it is a terminal) so that it stays out of the shell's history.
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { UsageError } from './output.js';

export async function passwordFrom(
  option: string | true,
  input: Readable & { isTTY?: boolean } = process.stdin,
): Promise<string> {
  if (typeof option === 'string') return option;
  return readLine(input, input.isTTY ? 'Password: ' : '');
}

function readLine(input: Readable, prompt: string): Promise<string> {
  const rl = createInterface({ input, output: process.stdout, terminal: Boolean(prompt) });
  if (prompt) {
    process.stdout.write(prompt);
    // Hides what is typed: readline writes nothing back while muted.
    (rl as unknown as { _writeToOutput: (text: string) => void })._writeToOutput = () => {};
  }
  return new Promise((resolve, reject) => {
    const onClose = () => reject(new UsageError('no password given on standard input'));
    rl.once('line', (line) => {
      if (prompt) process.stdout.write('\n');
      // close() emits 'close' at once: its listener must go first, or it would refuse the line.
      rl.off('close', onClose);
      resolve(line);
      rl.close();
    });
    rl.once('close', onClose);
  });
}
