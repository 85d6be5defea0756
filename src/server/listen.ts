import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Listen and resolve once bound (port 0 picks a free port). */
export async function listen(server: Server, port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
}

/** The base URL a bound server is reachable at, e.g. http://localhost:4000. */
export function urlOf(server: Server, host: string): string {
  const { port } = server.address() as AddressInfo;
  return `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${port}`;
}
