import { buildTenantRepositories, tenantRepositories } from '../../src/simulator/dataset';
import { isValidNamespace, isValidRepositoryName } from '../../src/simulator/rules';
import { CATEGORIES } from '../../src/simulator/wire';

const TOKENS = Array.from({ length: 40 }, (_, index) => `tenant-token-${index}`);
const CENTERS = ['self', 'thirdparty'] as const;
const PLAIN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const MICRO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

function everyList(check: (token: string, center: (typeof CENTERS)[number]) => void): void {
  for (const token of TOKENS) for (const center of CENTERS) check(token, center);
}

describe('tenant dataset', () => {
  it('is identical for the same token, built twice', () => {
    for (const center of CENTERS) {
      expect(buildTenantRepositories('same', center)).toEqual(buildTenantRepositories('same', center));
      expect(tenantRepositories('same', center)).toEqual(buildTenantRepositories('same', center));
    }
  });

  it('gives two tokens disjoint accounts and namespaces', () => {
    for (const center of CENTERS) {
      const a = tenantRepositories('token-a', center);
      const b = tenantRepositories('token-b', center);
      const namespacesOfB = new Set(b.map((r) => r.namespace));
      const domainsOfB = new Set(b.map((r) => r.domain_name));
      expect(a.filter((r) => namespacesOfB.has(r.namespace))).toEqual([]);
      expect(a.filter((r) => domainsOfB.has(r.domain_name))).toEqual([]);
    }
  });

  it('has 40-70 self and 25-60 thirdparty repositories', () => {
    for (const token of TOKENS) {
      expect(tenantRepositories(token, 'self').length).toBeGreaterThanOrEqual(40);
      expect(tenantRepositories(token, 'self').length).toBeLessThanOrEqual(70);
      expect(tenantRepositories(token, 'thirdparty').length).toBeGreaterThanOrEqual(25);
      expect(tenantRepositories(token, 'thirdparty').length).toBeLessThanOrEqual(60);
    }
  });

  it('puts every category, windows included, in every self list', () => {
    for (const token of TOKENS) {
      const categories = new Set(tenantRepositories(token, 'self').map((r) => r.category));
      expect([...CATEGORIES].filter((c) => !categories.has(c))).toEqual([]);
    }
  });

  it('has sizes above 2^32, between 2^31 and 2^32, and below 2^31 in every list', () => {
    everyList((token, center) => {
      const sizes = tenantRepositories(token, center).map((r) => Number(r.size));
      expect(sizes.some((s) => s > 2 ** 32)).toBe(true);
      expect(sizes.some((s) => s > 2 ** 31 && s <= 2 ** 32)).toBe(true);
      expect(sizes.some((s) => s < 2 ** 31)).toBe(true);
    });
  });

  it('has timestamps with and without microseconds, created never after updated', () => {
    everyList((token, center) => {
      const list = tenantRepositories(token, center);
      const stamps = list.flatMap((r) => [r.created_at, r.updated_at]);
      expect(stamps.filter((s) => !PLAIN.test(s) && !MICRO.test(s))).toEqual([]);
      expect(stamps.some((s) => PLAIN.test(s))).toBe(true);
      expect(stamps.some((s) => MICRO.test(s))).toBe(true);
      expect(list.filter((r) => Date.parse(r.created_at) > Date.parse(r.updated_at))).toEqual([]);
    });
  });

  it('has distinct updated_at values within a list', () => {
    everyList((token, center) => {
      const list = tenantRepositories(token, center);
      expect(new Set(list.map((r) => r.updated_at)).size).toBe(list.length);
    });
  });

  it('has a repository without tags and one with 10 or more in every list', () => {
    everyList((token, center) => {
      const counts = tenantRepositories(token, center).map((r) => r.tags.length);
      expect(counts).toContain(0);
      expect(counts.some((c) => c >= 10)).toBe(true);
    });
  });

  it('keeps num_images equal to the number of distinct tags', () => {
    everyList((token, center) => {
      for (const r of tenantRepositories(token, center)) {
        expect(r.num_images).toBe(r.tags.length);
        expect(new Set(r.tags).size).toBe(r.tags.length);
      }
    });
  });

  it('has names with /, ., _ and - in every self list', () => {
    for (const token of TOKENS) {
      const names = tenantRepositories(token, 'self').map((r) => r.name);
      for (const separator of ['/', '.', '_', '-'])
        expect(names.some((n) => n.includes(separator))).toBe(true);
    }
  });

  it('generates only namespaces and names that satisfy the SWR rules', () => {
    everyList((token, center) => {
      const list = tenantRepositories(token, center);
      expect(list.filter((r) => !isValidNamespace(r.namespace)).map((r) => r.namespace)).toEqual([]);
      expect(list.filter((r) => !isValidRepositoryName(r.name)).map((r) => r.name)).toEqual([]);
    });
  });

  it('never repeats a namespace/name pair within a list', () => {
    everyList((token, center) => {
      const list = tenantRepositories(token, center);
      expect(new Set(list.map((r) => `${r.namespace}/${r.name}`)).size).toBe(list.length);
    });
  });

  it('builds path and internal_path from namespace and name', () => {
    for (const r of tenantRepositories('paths', 'self')) {
      expect(r.path).toBe(`swr.cn-north-4.myhuaweicloud.com/${r.namespace}/${r.name}`);
      expect(r.internal_path).toBe(`100.125.0.198:20202/${r.namespace}/${r.name}`);
    }
  });

  it('lists self repositories as unshared, under 2-4 namespaces of the caller', () => {
    for (const token of TOKENS) {
      const list = tenantRepositories(token, 'self');
      expect(list.every((r) => r.status === false)).toBe(true);
      expect(new Set(list.map((r) => r.domain_name)).size).toBe(1);
      const namespaces = new Set(list.map((r) => r.namespace)).size;
      expect(namespaces).toBeGreaterThanOrEqual(2);
      expect(namespaces).toBeLessThanOrEqual(4);
    }
  });

  it('lists thirdparty repositories of 3-5 other accounts, valid and expired shares', () => {
    for (const token of TOKENS) {
      const list = tenantRepositories(token, 'thirdparty');
      const own = tenantRepositories(token, 'self')[0]?.domain_name;
      const accounts = new Set(list.map((r) => r.domain_name));
      expect(accounts.size).toBeGreaterThanOrEqual(3);
      expect(accounts.size).toBeLessThanOrEqual(5);
      expect(accounts.has(own ?? '')).toBe(false);
      expect(list.some((r) => r.status)).toBe(true);
      expect(list.some((r) => !r.status)).toBe(true);
    }
  });

  it('mixes empty and non-empty descriptions, logos, visibility and download counts', () => {
    everyList((token, center) => {
      const list = tenantRepositories(token, center);
      expect(new Set(list.map((r) => r.description === ''))).toEqual(new Set([true, false]));
      expect(new Set(list.map((r) => r.logo === ''))).toEqual(new Set([true, false]));
      expect(new Set(list.map((r) => r.is_public))).toEqual(new Set([true, false]));
      expect(list.some((r) => r.num_download === 0)).toBe(true);
      expect(list.some((r) => Number(r.num_download) > 2 ** 31)).toBe(true);
    });
  });
});
