/**
 * The baseline the benchmark compares against: what a team gets from a plain graphql-yoga + undici gateway
 * with the same schema and no cache — parse, validate, execute, one upstream call per request, JSON.parse,
 * field-by-field mapping. Written here on purpose, independent of the gateway's code.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { buildSchema, type GraphQLFieldResolver, type GraphQLObjectType } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { Pool } from 'undici';

const upstream = process.env.BENCH_UPSTREAM ?? '';
const port = Number(process.env.BENCH_PORT ?? 0);
const pool = new Pool(upstream, { connections: 128 });

type Wire = Record<string, unknown> & { tags: string[]; path: string; total_range?: number };
interface Args {
  center: string;
  namespace?: string;
  name?: string;
  page?: { size?: number; number?: number };
  sort?: { field: string; direction: string };
}

async function fetchPage(token: string, args: Args) {
  const size = args.page?.size ?? 20;
  const offset = ((args.page?.number ?? 1) - 1) * size;
  const q = new URLSearchParams({
    center: args.center === 'THIRD_PARTY' ? 'thirdparty' : 'self',
    limit: String(size),
    offset: String(offset),
    order_column: (args.sort?.field ?? 'UPDATED_AT').toLowerCase(),
    order_type: (args.sort?.direction ?? 'DESC').toLowerCase(),
  });
  if (args.namespace) q.set('namespace', args.namespace);
  if (args.name) q.set('name', args.name.replaceAll('/', '$'));
  const res = await pool.request({
    path: `/v2/manage/shared-repositories?${q}`,
    method: 'GET',
    headers: { 'x-auth-token': token, 'content-type': 'application/json' },
  });
  const body = (await res.body.json()) as Wire[];
  if (res.statusCode !== 200) throw new Error(`upstream ${res.statusCode}`);
  const items = body.map((w) => ({
    id: Buffer.from(`SharedRepository:${w.namespace}/${w.name}`).toString('base64url'),
    name: w.name,
    namespace: w.namespace,
    category: String(w.category).toUpperCase(),
    description: w.description,
    size: w.size,
    isPublic: w.is_public,
    numImages: w.num_images,
    numDownload: w.num_download,
    createdAt: w.created_at,
    updatedAt: w.updated_at,
    logo: w.logo || null,
    url: w.url || null,
    path: w.path,
    internalPath: w.internal_path,
    domainName: w.domain_name,
    tags: w.tags,
    status: w.status,
    images: w.tags.map((tag) => ({ tag, reference: `${w.path}:${tag}` })),
  }));
  const total = Number(body[0]?.total_range ?? 0);
  return { items, total, offset, size };
}

type Page = Awaited<ReturnType<typeof fetchPage>>;

const schema = buildSchema(readFileSync(join(__dirname, '..', 'schema.graphql'), 'utf8'), {
  assumeValidSDL: true,
});
const resolvers: Record<string, Record<string, GraphQLFieldResolver<unknown, { request: Request }>>> = {
  Query: {
    sharedRepositories: (_root, args, ctx) =>
      fetchPage(ctx.request.headers.get('x-auth-token') ?? '', args as Args),
  },
  SharedRepositoryConnection: {
    nodes: (p) => (p as Page).items,
    edges: (p) => (p as Page).items.map((node, i) => ({ node, cursor: String((p as Page).offset + i) })),
    totalCount: (p) => (p as Page).total,
    pageNumber: (p) => (p as Page).offset / (p as Page).size + 1,
    pageCount: (p) => Math.ceil((p as Page).total / (p as Page).size),
    pageInfo: (p) => {
      const page = p as Page;
      return {
        hasNextPage: page.offset + page.items.length < page.total,
        hasPreviousPage: page.offset > 0,
        startCursor: page.items.length ? String(page.offset) : null,
        endCursor: page.items.length ? String(page.offset + page.items.length - 1) : null,
      };
    },
  },
};
for (const [typeName, fields] of Object.entries(resolvers)) {
  const type = schema.getType(typeName) as GraphQLObjectType;
  for (const [fieldName, resolve] of Object.entries(fields)) {
    const field = type.getFields()[fieldName];
    if (field) field.resolve = resolve as GraphQLFieldResolver<unknown, unknown>;
  }
}

const yoga = createYoga({ schema, logging: false, graphiql: false, landingPage: false });
createServer(yoga).listen(port, '127.0.0.1', () => {
  process.send?.({ ready: true });
});
// A clean exit on the bench's SIGTERM (so `--cpu-prof` can write its profile).
process.on('SIGTERM', () => process.exit(0));
