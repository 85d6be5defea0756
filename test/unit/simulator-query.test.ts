import { answerList } from '../../src/simulator';

const TOKEN = 'query-tests';
const OPTIONS = { strictOffset: false, omitTotalRange: false };

function errorCodeOf(query: Record<string, string>, options = OPTIONS): unknown {
  const response = answerList(TOKEN, query, options);
  expect(response.status).toBe(400);
  const body = response.body as { errorCode: string; errorMessage: string; detail: string }[];
  expect(body).toEqual([
    { errorCode: expect.any(String), errorMessage: expect.any(String), detail: expect.any(String) },
  ]);
  return body[0]?.errorCode;
}

describe('list query validation', () => {
  it('answers 4001036 when center is missing', () => {
    expect(errorCodeOf({ limit: '10' })).toBe('SVCSTG.SWR.4001036');
  });

  it.each(['', 'all', 'SELF'])('answers 4001025 for center %p', (center) => {
    expect(errorCodeOf({ center })).toBe('SVCSTG.SWR.4001025');
  });

  it.each(['', 'Team', 'a__-b', 'a___b', 'end-'])('answers 4001028 for namespace %p', (namespace) => {
    expect(errorCodeOf({ center: 'self', namespace })).toBe('SVCSTG.SWR.4001028');
  });

  it.each(['', 'Nginx', 'a b', 'a$$b', 'a___b', 'a--b', 'web-.', 'a'.repeat(129)])(
    'answers 4001029 for name %p, which no repository name contains',
    (name) => {
      expect(errorCodeOf({ center: 'self', name })).toBe('SVCSTG.SWR.4001029');
    },
  );

  it.each(['-web', '-', 'web-', '$tools', 'tools$', '_', '__', '.web', 'a'.repeat(128)])(
    'takes name %p as part of a name: 200',
    (name) => {
      expect(answerList(TOKEN, { center: 'self', name }, OPTIONS).status).toBe(200);
    },
  );

  it.each([
    { limit: '0', offset: '0' },
    { limit: '1001', offset: '0' },
    { limit: 'ten', offset: '0' },
    { limit: '1.5', offset: '0' },
    { limit: '', offset: '0' },
    { limit: '10', offset: '-1' },
    { limit: '10', offset: '+1' },
    { offset: 'x' },
  ] as Record<string, string>[])('answers 4000056 for paging %p', (paging) => {
    expect(errorCodeOf({ center: 'self', ...paging })).toBe('SVCSTG.SWR.4000056');
  });

  it.each([
    { order_column: 'name' },
    { order_type: 'asc' },
    { order_column: 'size', order_type: 'asc' },
    { order_column: 'constructor', order_type: 'asc' },
    { order_column: 'name', order_type: 'ASC' },
  ] as Record<string, string>[])('answers 4001025 for order %p', (order) => {
    expect(errorCodeOf({ center: 'self', ...order })).toBe('SVCSTG.SWR.4001025');
  });

  it('answers 4001025 for a status other than true or false', () => {
    expect(errorCodeOf({ center: 'thirdparty', status: 'yes' })).toBe('SVCSTG.SWR.4001025');
  });

  it.each([
    { filter: 'center:self' },
    { filter: '' },
    { filter: 'center::self|' },
    { filter: 'center::self|size::10' },
    { filter: 'center::self|center::thirdparty' },
  ] as Record<string, string>[])('answers 4001035 for filter %p', (query) => {
    expect(errorCodeOf(query)).toBe('SVCSTG.SWR.4001035');
  });

  it.each([
    { center: 'self', filter: 'center:self' },
    { center: 'self', filter: 'name::nginx|name::redis' },
  ] as Record<string, string>[])('answers 4001035 for a malformed filter beside center %p', (query) => {
    expect(errorCodeOf(query)).toBe('SVCSTG.SWR.4001035');
  });

  it('validates values inside a filter like separate parameters', () => {
    expect(errorCodeOf({ filter: 'center::self|limit::0|offset::0' })).toBe('SVCSTG.SWR.4000056');
    expect(errorCodeOf({ filter: 'name::busybox' })).toBe('SVCSTG.SWR.4001036');
  });

  it('takes the filter beside center, as the official SDK sends both', () => {
    const sdk = answerList(TOKEN, { center: 'self', filter: 'center::self|limit::3|offset::0' }, OPTIONS);
    const separate = answerList(TOKEN, { center: 'self', limit: '3', offset: '0' }, OPTIONS);
    expect(sdk.status).toBe(200);
    expect(sdk.body).toEqual(separate.body);
    expect(sdk.headers['content-range']).toBe(separate.headers['content-range']);
  });

  it('lets a separate parameter win over the same key in the filter', () => {
    const both = {
      center: 'thirdparty',
      limit: '2',
      filter: 'center::self|limit::5|order_column::name|order_type::asc',
    };
    const separate = { center: 'thirdparty', limit: '2', order_column: 'name', order_type: 'asc' };
    expect(answerList(TOKEN, both, OPTIONS).body).toEqual(answerList(TOKEN, separate, OPTIONS).body);
  });

  it('validates a value the filter sets even when separate parameters are valid', () => {
    expect(errorCodeOf({ center: 'self', filter: 'limit::0' })).toBe('SVCSTG.SWR.4000056');
  });

  it('ignores parameters it does not know', () => {
    expect(answerList(TOKEN, { center: 'self', foo: 'bar' }, OPTIONS).status).toBe(200);
  });

  it('rejects an offset that is not a multiple of limit only in strict mode', () => {
    const query = { center: 'self', limit: '10', offset: '5' };
    expect(errorCodeOf(query, { ...OPTIONS, strictOffset: true })).toBe('SVCSTG.SWR.4000056');
    expect(answerList(TOKEN, query, OPTIONS).status).toBe(200);
    expect(answerList(TOKEN, { ...query, offset: '20' }, { ...OPTIONS, strictOffset: true }).status).toBe(
      200,
    );
  });
});

describe('list authentication', () => {
  it.each([undefined, '', '   '])('answers APIG.0301 x-auth-token not found for token %p', (token) => {
    const response = answerList(token, { center: 'self' }, OPTIONS);
    expect(response.status).toBe(401);
    expect(response.body).toEqual({
      error_code: 'APIG.0301',
      error_msg: 'Incorrect IAM authentication information: x-auth-token not found',
      request_id: response.headers['x-request-id'],
    });
  });

  it('answers APIG.0301 token expires with a past expiry for expired- tokens', () => {
    const response = answerList('expired-abc', { center: 'self' }, OPTIONS);
    const body = response.body as { error_code: string; error_msg: string };
    const expiry = /^Incorrect IAM authentication information: token expires, expires_at: (\S+Z)$/.exec(
      body.error_msg,
    )?.[1];
    expect(response.status).toBe(401);
    expect(body.error_code).toBe('APIG.0301');
    expect(Date.parse(expiry ?? 'missing')).toBeLessThan(Date.now());
  });

  it('authenticates before validating the query', () => {
    expect(answerList(undefined, {}, OPTIONS).status).toBe(401);
  });

  it('uses the given request id in header and body', () => {
    const response = answerList(undefined, {}, { ...OPTIONS, requestId: 'f'.repeat(32) });
    expect(response.headers['x-request-id']).toBe('f'.repeat(32));
    expect(response.body).toMatchObject({ request_id: 'f'.repeat(32) });
  });
});
