/**
 * A TCP proxy in front of a shared server (PostgreSQL, Redis) that a test can cut and restore:
 * an outage of that server as the service sees it, without stopping the server other tests use.
 * It can also freeze it: connections stay open and nothing answers (a hung or stopped process,
 * a black-holed network path), until it thaws and what was held is delivered.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** `url` with its host and port replaced by the proxy's. */
  urlFor(url: string): string;
  /** Closes every open connection and stops listening: connecting is refused. */
  cut(): Promise<void>;
  /** Listens again on the same port. */
  restore(): Promise<void>;
  /** Connections stay open and new ones are accepted, but nothing is passed either way. */
  freeze(): void;
  /** Passes on what was held while frozen, and everything after it. */
  thaw(): void;
  /** What clients sent while frozen and the server has not seen yet. */
  held(): string;
  close(): Promise<void>;
}

interface Direction {
  from: Socket;
  to: Socket;
  held: Buffer[];
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const directions = new Set<Direction>();
  let frozen = false;
  let server: Server | null = null;
  let port = 0;
  const pass = (from: Socket, to: Socket): Direction => {
    const direction: Direction = { from, to, held: [] };
    directions.add(direction);
    from.on('data', (chunk: Buffer) => {
      if (frozen) direction.held.push(chunk);
      else to.write(chunk);
    });
    from.on('end', () => to.end());
    from.on('close', () => directions.delete(direction));
    return direction;
  };
  const toServer = new Set<Direction>();
  const listen = async (): Promise<void> => {
    const next = createServer((client) => {
      const upstream = connect(target.port, target.host);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        // Either end going away ends the other; the error itself is the test's outage.
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      const sent = pass(client, upstream);
      toServer.add(sent);
      client.on('close', () => toServer.delete(sent));
      pass(upstream, client);
    });
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => resolve());
    });
    const address = next.address();
    port = typeof address === 'object' && address ? address.port : port;
    server = next;
  };
  const cut = async (): Promise<void> => {
    const closing = server;
    server = null;
    for (const socket of sockets) socket.destroy();
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  };
  await listen();
  return {
    get port() {
      return port;
    },
    urlFor: (url) => {
      const parsed = new URL(url);
      parsed.hostname = '127.0.0.1';
      parsed.port = String(port);
      return parsed.toString();
    },
    cut,
    restore: listen,
    freeze: () => {
      frozen = true;
    },
    thaw: () => {
      frozen = false;
      for (const direction of directions) {
        for (const chunk of direction.held.splice(0)) direction.to.write(chunk);
      }
    },
    held: () =>
      [...toServer].map((direction) => Buffer.concat(direction.held).toString('latin1')).join(''),
    close: cut,
  };
}
