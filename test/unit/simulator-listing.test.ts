import fc from 'fast-check';
import { answerList, type SimulatedRepository } from '../../src/simulator';
import { tenantRepositories } from '../../src/simulator/dataset';
import type { SharedRepositoryElement } from '../../src/simulator/wire';

const TOKEN = 'listing-tests';
const OPTIONS = { strictOffset: false, omitTotalRange: false };
const COLUMNS = ['updated_at', 'name', 'tag_count', 'namespace', 'domain_name'] as const;

function list(query: Record<string, string>, options = OPTIONS) {
  const response = answerList(TOKEN, query, options);
  expect(response.status).toBe(200);
  // The wire bytes are made from JSON kept per repository: they must be exactly the body's JSON.
  expect(response.payload?.().toString('utf8')).toBe(JSON.stringify(response.body));
  return { body: response.body as SharedRepositoryElement[], headers: response.headers };
}

/** An independent reading of each column's order: microseconds count, a missing fraction is zero. */
function sortKey(column: (typeof COLUMNS)[number], repository: SimulatedRepository): number | string {
  if (column === 'tag_count') return repository.tags.length;
  if (column !== 'updated_at') return repository[column];
  const fraction = /\.(\d{6})Z$/.exec(repository.updated_at)?.[1] ?? '0';
  return Date.parse(repository.updated_at.replace(/\.\d+Z$/, 'Z')) * 1e6 + Number(fraction);
}

function isOrdered(items: SimulatedRepository[], column: (typeof COLUMNS)[number], desc: boolean): boolean {
  return items.every((current, index) => {
    const previous = items[index - 1];
    if (previous === undefined) return true;
    const [a, b] = [sortKey(column, previous), sortKey(column, current)];
    if (a !== b) return desc ? a > b : a < b;
    // Ties: namespace, then name, ascending whatever the direction.
    return (
      previous.namespace < current.namespace ||
      (previous.namespace === current.namespace && previous.name < current.name)
    );
  });
}

describe('listing order', () => {
  it.each(
    COLUMNS.flatMap((column) => [
      [column, 'asc'],
      [column, 'desc'],
    ]),
  )('sorts by %s %s with namespace/name tie-breaks', (column, type) => {
    const { body } = list({ center: 'self', order_column: column, order_type: type, limit: '1000' });
    expect(body).toHaveLength(tenantRepositories(TOKEN, 'self').length);
    expect(isOrdered(body, column as (typeof COLUMNS)[number], type === 'desc')).toBe(true);
  });

  it('defaults to updated_at desc', () => {
    const { body } = list({ center: 'thirdparty' });
    expect(body).toEqual(list({ center: 'thirdparty', order_column: 'updated_at', order_type: 'desc' }).body);
    expect(isOrdered(body, 'updated_at', true)).toBe(true);
  });

  it('treats updated_time as updated_at', () => {
    const query = { center: 'self', order_type: 'asc' };
    expect(list({ ...query, order_column: 'updated_time' }).body).toEqual(
      list({ ...query, order_column: 'updated_at' }).body,
    );
  });

  it('pages through every repository exactly once, whatever the page size and order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.constantFrom(...COLUMNS),
        fc.constantFrom('asc', 'desc'),
        fc.constantFrom('self', 'thirdparty'),
        (limit, column, type, center) => {
          const all = list({ center, order_column: column, order_type: type, limit: '1000' }).body;
          const pages: SharedRepositoryElement[] = [];
          for (let offset = 0; offset < all.length; offset += limit) {
            const query = {
              center,
              order_column: column,
              order_type: type,
              limit: `${limit}`,
              offset: `${offset}`,
            };
            pages.push(...list(query).body);
          }
          expect(pages).toEqual(all);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('listing page', () => {
  const total = tenantRepositories(TOKEN, 'self').length;

  it('puts the total match count in total_range on every element', () => {
    const { body } = list({ center: 'self', limit: '7', offset: '7' });
    expect(body).toHaveLength(7);
    expect(body.every((r) => r.total_range === total)).toBe(true);
  });

  it('leaves total_range out when configured to', () => {
    const { body } = list({ center: 'self', limit: '3', offset: '0' }, { ...OPTIONS, omitTotalRange: true });
    expect(body.map((r) => 'total_range' in r)).toEqual([false, false, false]);
  });

  it('sends Content-Range {offset}-{count}/{total} when limit and offset were sent', () => {
    expect(list({ center: 'self', limit: '20', offset: '20' }).headers['content-range']).toBe(
      `20-20/${total}`,
    );
    expect(list({ center: 'self', limit: '20', offset: '40' }).headers['content-range']).toBe(
      `40-${Math.min(20, total - 40)}/${total}`,
    );
  });

  it('sends no Content-Range when limit or offset is missing', () => {
    expect(list({ center: 'self', limit: '20' }).headers['content-range']).toBeUndefined();
    expect(list({ center: 'self', offset: '0' }).headers['content-range']).toBeUndefined();
  });

  it('answers an empty page past the end with [] and no Content-Range', () => {
    const { body, headers } = list({ center: 'self', limit: '20', offset: `${total}` });
    expect(body).toEqual([]);
    expect(headers['content-range']).toBeUndefined();
  });

  it('defaults limit to 100', () => {
    expect(list({ center: 'self', limit: '1000' }).body.slice(0, 100)).toEqual(list({ center: 'self' }).body);
  });
});

describe('listing filters', () => {
  const self = tenantRepositories(TOKEN, 'self');
  const thirdparty = tenantRepositories(TOKEN, 'thirdparty');

  it('matches namespace exactly', () => {
    const namespace = self[0]?.namespace ?? '';
    const { body } = list({ center: 'self', namespace, limit: '1000' });
    expect(body.length).toBe(self.filter((r) => r.namespace === namespace).length);
    expect(list({ center: 'self', namespace: namespace.slice(0, -1) }).body).toEqual([]);
  });

  it('matches name as a substring', () => {
    const { body } = list({ center: 'self', name: 'o', limit: '1000' });
    expect(body.map((r) => r.name).sort()).toEqual(
      self
        .filter((r) => r.name.includes('o'))
        .map((r) => r.name)
        .sort(),
    );
  });

  it('reads $ in name as /', () => {
    const { body } = list({ center: 'self', name: 'tools$builder', limit: '1000' });
    expect(body.map((r) => r.name)).toContain('tools/builder');
    expect(body.every((r) => r.name.includes('tools/builder'))).toBe(true);
  });

  it('matches domain_name exactly', () => {
    const domain = thirdparty[0]?.domain_name ?? '';
    const { body } = list({ center: 'thirdparty', domain_name: domain, limit: '1000' });
    expect(body.length).toBe(thirdparty.filter((r) => r.domain_name === domain).length);
    expect(body.every((r) => r.domain_name === domain)).toBe(true);
  });

  it.each(['true', 'false'])('matches status=%s', (status) => {
    const { body } = list({ center: 'thirdparty', status, limit: '1000' });
    expect(body.length).toBe(thirdparty.filter((r) => String(r.status) === status).length);
    expect(body.every((r) => String(r.status) === status)).toBe(true);
  });

  it('answers the legacy filter form exactly like separate parameters', () => {
    const separate = {
      center: 'self',
      name: 'o',
      limit: '5',
      offset: '5',
      order_column: 'name',
      order_type: 'asc',
    };
    const filter = 'center::self|name::o|limit::5|offset::5|order_column::name|order_type::asc';
    const legacy = list({ filter });
    const modern = list(separate);
    expect(legacy.body).toEqual(modern.body);
    expect(legacy.headers['content-range']).toBe(modern.headers['content-range']);
  });

  it('counts only matches in total_range', () => {
    const { body } = list({ center: 'self', name: 'o', limit: '2', offset: '0' });
    expect(body[0]?.total_range).toBe(self.filter((r) => r.name.includes('o')).length);
  });
});
