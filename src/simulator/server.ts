import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { createAkLockout } from './akLockout';
import { DEMO_ACCESS_KEY } from './aksk';
import { tenantRepositories } from './dataset';
import { createFaultQueue } from './faults';
import { createSimulatedIam, DEFAULT_IAM_TOKEN_LIFETIME_MS, DEMO_IAM_USER } from './iam';
import { prepareTenants } from './prepare';
import { handleRequest, type ServerState } from './requestHandler';
import type { RuntimeOptions, Simulator, SimulatorOptions } from './types';

/** IAM tokens can reach 32 KiB; Node's default 16 KiB header limit would answer 431 before we see them. */
const MAX_HEADER_BYTES = 64 * 1024;

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      if (address === null || typeof address === 'string') reject(new Error('simulator: no TCP address'));
      else resolve(address.port);
    });
  });
}

/** Every open socket, so that close() can end hung requests instead of waiting for them. */
function trackSockets(server: Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return sockets;
}

async function closeServer(server: Server, sockets: Set<Socket>): Promise<void> {
  const closed = new Promise<void>((resolve, reject) =>
    server.close((error) => (error ? reject(error) : resolve())),
  );
  // The server reports closed before its sockets do; waiting for the sockets means `closedAt` is stamped
  // and `openConnections()` reads 0 once this resolves.
  const socketsClosed = [...sockets].map((socket) => once(socket, 'close'));
  for (const socket of sockets) socket.destroy();
  await Promise.all([closed, ...socketsClosed]);
}

const DEFAULT_OPTIONS: RuntimeOptions = {
  strictOffset: false,
  latencyMs: 0,
  omitTotalRange: false,
  iamTokenLifetimeMs: DEFAULT_IAM_TOKEN_LIFETIME_MS,
};

/** Options left undefined keep their current (or default) value. */
function runtimeOptions(
  changes: Partial<RuntimeOptions>,
  base: RuntimeOptions = DEFAULT_OPTIONS,
): RuntimeOptions {
  return {
    strictOffset: changes.strictOffset ?? base.strictOffset,
    latencyMs: changes.latencyMs ?? base.latencyMs,
    omitTotalRange: changes.omitTotalRange ?? base.omitTotalRange,
    iamTokenLifetimeMs: changes.iamTokenLifetimeMs ?? base.iamTokenLifetimeMs,
  };
}

/** Start an SWR simulator on `host:port` (default 127.0.0.1, a free port). */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const clock = options.clock ?? Date.now;
  const state: ServerState = {
    requests: [],
    recordRequests: options.recordRequests ?? true,
    counts: new Map(),
    faults: createFaultQueue(),
    iamFaults: createFaultQueue(),
    options: runtimeOptions(options),
    logger: options.logger,
    authorities: {
      iam: createSimulatedIam([DEMO_IAM_USER, ...(options.iamUsers ?? [])], clock),
      accessKeys: new Map([DEMO_ACCESS_KEY, ...(options.accessKeys ?? [])].map((key) => [key.ak, key])),
      lockout: createAkLockout(),
    },
    clock,
    concurrency: { current: 0, peak: 0 },
  };
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    void handleRequest(state, req, res);
  });
  const sockets = trackSockets(server);
  const host = options.host ?? '127.0.0.1';
  const port = await listen(server, options.port ?? 0, host);
  let closing: Promise<void> | undefined;

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    requests: state.requests,
    faults: state.faults,
    iamFaults: state.iamFaults,
    revokeIamTokens: () => state.authorities.iam.revokeAll(),
    requestCount: (path) =>
      path === undefined
        ? [...state.counts.values()].reduce((sum, n) => sum + n, 0)
        : (state.counts.get(path) ?? 0),
    openConnections: () => sockets.size,
    peakConcurrency: () => state.concurrency.peak,
    reset() {
      // Emptied in place: tests may hold on to `requests`.
      state.requests.length = 0;
      state.counts.clear();
      state.faults.clear();
      state.iamFaults.clear();
      state.authorities.lockout.clear();
      state.options = runtimeOptions(options);
      state.concurrency.peak = state.concurrency.current;
    },
    setOptions(changes) {
      state.options = runtimeOptions(changes, state.options);
    },
    prepare: prepareTenants,
    dataset: (token, center) => structuredClone([...tenantRepositories(token, center)]),
    close() {
      closing ??= closeServer(server, sockets);
      return closing;
    },
  };
}
