import { once } from 'node:events';
import { createConnection, createServer, type Socket } from 'node:net';

/** A TCP hop in front of Redis, standing in for the network between a replica and Redis (a NAT, a firewall). */
export interface TcpProxy {
  /** `redis://` URL of the hop. */
  url: string;
  /**
   * Forget every connection that has subscribed to a channel, as a NAT forgets an idle one: nothing passes either
   * way any more, and neither end is told. New connections pass.
   */
  silenceSubscribers(): void;
  close(): Promise<void>;
}

interface Link {
  client: Socket;
  upstream: Socket;
  subscribed: boolean;
  silenced: boolean;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const links = new Set<Link>();
  const server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    const link: Link = { client, upstream, subscribed: false, silenced: false };
    links.add(link);
    client.on('data', (chunk: Buffer) => {
      if (/subscribe/i.test(chunk.toString('latin1'))) link.subscribed = true;
      if (!link.silenced) upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!link.silenced) client.write(chunk);
    });
    const end = () => {
      links.delete(link);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `redis://127.0.0.1:${port}`,
    silenceSubscribers() {
      for (const link of links) if (link.subscribed) link.silenced = true;
    },
    async close() {
      for (const link of links) {
        link.client.destroy();
        link.upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
