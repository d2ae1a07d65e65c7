/** A sync writer thread that dies on its first commit, for the writer thread's failure tests. */
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', () => process.exit(3));
