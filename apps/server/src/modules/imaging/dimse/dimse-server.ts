import net from 'node:net';
import type { Socket } from 'node:net';
import dimse from 'dcmjs-dimse';
import type { FastifyBaseLogger } from 'fastify';
import { storeScpClass, type ScpDeps } from './store-scp.js';

const { AbortSource, AbortReason } = dimse.constants;

export interface DimseReceiver {
  /** The bound address (port 0 in the configuration picks a free port). */
  address(): { host: string; port: number };
  /** Stops accepting, aborts open associations (A-ABORT, PS3.8 §7.3) and closes their sockets. */
  stop(): Promise<void>;
}

/**
 * The DIMSE receiver: a plain `net` server on the configured host and port (so it binds exactly where told),
 * one SCP per connection, TCP_NODELAY on every socket (small PDUs otherwise wait for delayed ACKs). A broken
 * or hostile connection is closed on its own; the others keep going.
 */
export async function startDimseReceiver(opts: { host: string; port: number; log: FastifyBaseLogger } & Omit<ScpDeps, 'log'>): Promise<DimseReceiver> {
  const Scp = storeScpClass({ ...opts, log: opts.log });
  const open = new Map<Socket, InstanceType<typeof Scp>>();
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    socket.on('error', (err) => opts.log.debug({ err }, 'dimse socket error'));
    const scp = new Scp(socket, { associationTimeout: 5 * 60_000, pduTimeout: 60_000, connectTimeout: 30_000 });
    (scp as unknown as { connected: boolean }).connected = true;
    open.set(socket, scp);
    scp.on('networkError', (err: unknown) => {
      opts.log.info({ err }, 'dimse network error');
      socket.destroy();
    });
    socket.on('close', () => open.delete(socket));
  });
  server.on('error', (err) => opts.log.error({ err }, 'dimse server error'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address() as net.AddressInfo;
  return {
    address: () => ({ host: opts.host, port: bound.port }),
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const [socket, scp] of open) {
        try {
          scp.sendAbort(AbortSource.ServiceProvider, AbortReason.NotSpecified);
        } catch {
          // the association may not be established yet; closing the socket is enough
        }
        socket.destroy();
      }
      await closed;
    },
  };
}
