import { SingleFlight } from '../../src/cache/singleFlight';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const left = (reason: unknown) => new Error(`left: ${String(reason)}`);

test('concurrent calls for one key share one execution', async () => {
  const flights = new SingleFlight<number>(left);
  let runs = 0;
  const gate = deferred<number>();
  const calls = Array.from({ length: 5 }, () =>
    flights.run('k', () => {
      runs++;
      return gate.promise;
    }),
  );
  expect(calls.map((c) => c.joined)).toEqual([false, true, true, true, true]);
  gate.resolve(42);
  expect(await Promise.all(calls.map((c) => c.result))).toEqual([42, 42, 42, 42, 42]);
  expect(runs).toBe(1);
  expect(flights.size).toBe(0);
});

test('a failure reaches every waiter and is not kept', async () => {
  const flights = new SingleFlight<number>(left);
  const gate = deferred<number>();
  const a = flights.run('k', () => gate.promise).result;
  const b = flights.run('k', () => gate.promise).result;
  gate.reject(new Error('upstream 500'));
  await expect(a).rejects.toThrow('upstream 500');
  await expect(b).rejects.toThrow('upstream 500');
  expect(flights.run('k', async () => 7).joined).toBe(false);
});

test('one waiter leaving neither aborts the work nor fails the others', async () => {
  const flights = new SingleFlight<number>(left);
  const gate = deferred<number>();
  let signal: AbortSignal | undefined;
  const leaving = new AbortController();
  const a = flights.run(
    'k',
    (s) => {
      signal = s;
      return gate.promise;
    },
    { signal: leaving.signal },
  ).result;
  const b = flights.run('k', () => gate.promise, { signal: new AbortController().signal }).result;
  leaving.abort('client gone');
  await expect(a).rejects.toThrow('left: client gone');
  expect(signal?.aborted).toBe(false);
  gate.resolve(1);
  await expect(b).resolves.toBe(1);
});

test('when every waiter has left the work is aborted and a newcomer starts afresh', async () => {
  const flights = new SingleFlight<number>(left);
  let signal: AbortSignal | undefined;
  const work = (s: AbortSignal) => {
    signal = s;
    return new Promise<number>(() => undefined);
  };
  const controllers = [new AbortController(), new AbortController()];
  const results = controllers.map((c) => flights.run('k', work, { signal: c.signal }).result);
  for (const c of controllers) c.abort();
  await Promise.allSettled(results);
  expect(signal?.aborted).toBe(true);
  expect(flights.run('k', async () => 3).joined).toBe(false);
});

test('detached work is not aborted when a joined waiter leaves', async () => {
  const flights = new SingleFlight<number>(left);
  const gate = deferred<number>();
  let signal: AbortSignal | undefined;
  const background = flights.run(
    'k',
    (s) => {
      signal = s;
      return gate.promise;
    },
    { detached: true },
  ).result;
  const leaving = new AbortController();
  const joined = flights.run('k', () => gate.promise, { signal: leaving.signal });
  expect(joined.joined).toBe(true);
  leaving.abort();
  await expect(joined.result).rejects.toThrow('left');
  expect(signal?.aborted).toBe(false);
  gate.resolve(5);
  await expect(background).resolves.toBe(5);
});
