/**
 * The HTTP requests real GraphQL clients send for one query, by default: what the gateway has to serve, as the tests
 * and the bench (`bench/load-requests.ts`) send it. `test/integration/client-shapes.test.ts` runs the libraries
 * installed here against a capturing server and holds every shape below to what they actually send, so a library
 * upgrade that changes its requests fails that test instead of leaving the bench measuring yesterday's clients.
 *
 * Each client is set up the way its documentation sets it up, with the caller's token in `x-auth-token` (as the
 * README tells frontends to send it):
 * - `urql`: `@urql/core` 6 with `exchanges: [cacheExchange, fetchExchange]`. Queries go as GET
 *   (`preferGetMethod: 'within-url-limit'`, the default) unless the URL would pass 2,047 characters; the document
 *   gains `__typename` in every selection set below the root (the document cache needs it) and is printed without
 *   blank lines (and with a line break before each string literal); variables are JSON with sorted keys.
 * - `apollo4`: Apollo Client 4 with `HttpLink`. POST; `__typename` added like urql's (but not next to another
 *   `__`-field); variables get their declared defaults and lose the unused ones; the body announces the library in
 *   `extensions.clientLibrary`.
 * - `apollo3`: Apollo Client 3.14 with `HttpLink`: the same POST with `accept: *\/*` and no `extensions`.
 * - `graphqlRequest`: graphql-request 7 (`request(url, document, variables, headers)`). POST of the text as given,
 *   with the operation name it parses from it.
 * - `relay`: the `fetchFn` of Relay's network-layer guide: POST of the compiler's text (the query as given) and the
 *   variables, nothing else; `accept` is fetch's own default.
 * - `fetch`: a hand-written `fetch` POST with `content-type: application/json` and the three GraphQL keys.
 *
 * `headers` are the ones the client sets (lower-case), plus `accept: *\/*` where fetch adds it because the client
 * set none. Every fetch also adds `RUNTIME_HEADERS` (a browser adds others, and `origin` on every POST); they
 * carry nothing GraphQL-specific, so the bench leaves them out. Operations are assumed named, as codegen requires.
 */
import { version as apollo4Version } from '@apollo/client/package.json';
import {
  type ASTNode,
  type DocumentNode,
  type FieldNode,
  Kind,
  type OperationDefinitionNode,
  parse,
  print,
  type SelectionSetNode,
  valueFromASTUntyped,
  visit,
} from 'graphql';
import { boundedMemo } from '../../src/support/boundedMemo';

export interface GraphQLOperation {
  /** The document as the application wrote it. */
  query: string;
  operationName?: string;
  variables?: Record<string, unknown>;
}

/** One HTTP request as a client sends it; `path` holds the query string too. */
export interface ClientRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Readonly<Record<string, string>>;
  body?: string;
}

export const CLIENTS = ['urql', 'apollo4', 'apollo3', 'graphqlRequest', 'relay', 'fetch'] as const;
export type ClientName = (typeof CLIENTS)[number];

/** Headers Node's fetch (undici) adds to every request, whichever library calls it. */
export const RUNTIME_HEADERS = [
  'host',
  'connection',
  'content-length',
  'accept-language',
  'sec-fetch-mode',
  'user-agent',
  'accept-encoding',
] as const;

const TOKEN_HEADER = 'x-auth-token';
const JSON_TYPE = 'application/json';
/** fetch's `accept` when the caller sets none (the Fetch standard's default). */
const FETCH_ACCEPT = '*/*';
const URQL_ACCEPT =
  'application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed';
const APOLLO4_ACCEPT = 'application/graphql-response+json,application/json;q=0.9';
const GRAPHQL_REQUEST_ACCEPT = 'application/graphql-response+json, application/json';
/** urql gives up GET for POST past this URL length (`within-url-limit`). */
const URQL_MAX_URL = 2047;

const TYPENAME: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } };

/**
 * `__typename` appended to every selection set except the operation's own, as the clients' caches need it. urql
 * skips a set that already selects an unaliased `__typename`; Apollo one that selects `__typename` (aliased or not)
 * or any other `__`-field, and a field marked `@export`.
 */
function withTypenames(doc: DocumentNode, rule: 'urql' | 'apollo'): DocumentNode {
  const keeps = (set: SelectionSetNode, parent: ASTNode | readonly ASTNode[] | undefined): boolean => {
    if (parent && 'kind' in parent && parent.kind === Kind.OPERATION_DEFINITION) return true;
    const fields = set.selections.filter((s): s is FieldNode => s.kind === Kind.FIELD);
    if (rule === 'urql') return fields.some((f) => f.name.value === '__typename' && !f.alias);
    if (fields.some((f) => f.name.value.startsWith('__'))) return true;
    return (
      !!parent &&
      'kind' in parent &&
      parent.kind === Kind.FIELD &&
      !!parent.directives?.some((d) => d.name.value === 'export')
    );
  };
  return visit(doc, {
    SelectionSet: {
      enter(set, _key, parent) {
        return keeps(set, parent) ? undefined : { ...set, selections: [...set.selections, TYPENAME] };
      },
    },
  });
}

/**
 * urql's printing: graphql's `print`, then urql's clean-up of the text outside string literals, which turns every run
 * of line breaks, and the end of each stretch before a string, into one line break (so a string argument starts a
 * new line).
 */
function urqlPrint(doc: DocumentNode): string {
  return print(doc)
    .split(/("{3}[\s\S]*"{3}|"(?:\\.|[^"])*")/g)
    .map((part, i) => (i % 2 === 0 ? part.replace(/(?:#[^\n\r]+)?(?:[\r\n]+|$)/g, '\n') : part))
    .join('')
    .trim();
}

function operationsOf(doc: DocumentNode): OperationDefinitionNode[] {
  return doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
}

/** The operation name each client reads from the document: urql the first operation's, Apollo the first named
 * one's, graphql-request the only operation's (none when there are several). */
function operationName(doc: DocumentNode, rule: 'urql' | 'apollo' | 'graphqlRequest'): string | undefined {
  const ops = operationsOf(doc);
  if (rule === 'apollo') return ops.find((op) => op.name)?.name?.value;
  if (rule === 'graphqlRequest' && ops.length !== 1) return undefined;
  return ops[0]?.name?.value;
}

/** JSON with every object's keys sorted and undefined values left out, as urql writes variables. */
function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** Apollo's variables: the declared defaults first, then the given ones; only those the document uses. */
function apolloVariables(
  doc: DocumentNode,
  given: Record<string, unknown>,
  version: 3 | 4,
): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const def of operationsOf(doc)[0]?.variableDefinitions ?? [])
    if (def.defaultValue) defaults[def.variable.name.value] = valueFromASTUntyped(def.defaultValue);
  // Apollo 4 also fills in a default where the caller passed `undefined`; 3 lets `undefined` win.
  const merged: Record<string, unknown> = { ...defaults, ...given };
  if (version === 4)
    for (const [name, value] of Object.entries(given)) if (value === undefined) merged[name] = defaults[name];
  const used = new Set<string>();
  visit(doc, {
    Variable(node, _key, parent) {
      if (parent && 'kind' in parent && parent.kind !== Kind.VARIABLE_DEFINITION) used.add(node.name.value);
    },
  });
  return Object.fromEntries(Object.entries(merged).filter(([name]) => used.has(name)));
}

/** A client's document for a query text, and its printed text: the bench asks for the same few thousands of times. */
interface Printed {
  doc: DocumentNode;
  text: string;
}
const REMEMBERED = 100;
const urqlDocument = boundedMemo<Printed>(REMEMBERED, (query) => {
  const doc = withTypenames(parse(query), 'urql');
  return { doc, text: urqlPrint(doc) };
});
const apolloDocument = boundedMemo<Printed>(REMEMBERED, (query) => {
  const doc = withTypenames(parse(query), 'apollo');
  return { doc, text: print(doc) };
});
const plainDocument = boundedMemo(REMEMBERED, parse);

function post(path: string, headers: Record<string, string>, body: unknown): ClientRequest {
  return { method: 'POST', path, headers, body: JSON.stringify(body) };
}

function urql(op: GraphQLOperation, token: string, endpoint: URL): ClientRequest {
  const { doc, text } = urqlDocument(op.query);
  const body = {
    query: text,
    operationName: operationName(doc, 'urql'),
    variables: op.variables ?? {},
  };
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(body))
    if (value) params.set(key, typeof value === 'object' ? sortedJson(value) : value);
  const url = `${endpoint.origin}${endpoint.pathname}?${params}`;
  const headers = { accept: URQL_ACCEPT, [TOKEN_HEADER]: token };
  if (url.length <= URQL_MAX_URL) return { method: 'GET', path: url.slice(endpoint.origin.length), headers };
  return {
    method: 'POST',
    path: endpoint.pathname,
    headers: { ...headers, 'content-type': JSON_TYPE },
    body: sortedJson(body),
  };
}

function apollo(op: GraphQLOperation, token: string, endpoint: URL, version: 3 | 4): ClientRequest {
  const { doc, text: query } = apolloDocument(op.query);
  const headers = {
    accept: version === 4 ? APOLLO4_ACCEPT : FETCH_ACCEPT,
    'content-type': JSON_TYPE,
    [TOKEN_HEADER]: token,
  };
  const variables = apolloVariables(doc, op.variables ?? {}, version);
  const name = operationName(doc, 'apollo');
  const extensions = { clientLibrary: { name: '@apollo/client', version: apollo4Version } };
  return post(
    endpoint.pathname,
    headers,
    version === 4
      ? { operationName: name, variables, extensions, query }
      : { operationName: name, variables, query },
  );
}

/** The request `client` sends for `op` to the GraphQL endpoint at `endpoint` (a full URL), with `token`. */
export function clientRequest(
  client: ClientName,
  op: GraphQLOperation,
  token: string,
  endpoint: string,
): ClientRequest {
  const url = new URL(endpoint);
  const json = { 'content-type': JSON_TYPE, [TOKEN_HEADER]: token };
  switch (client) {
    case 'urql':
      return urql(op, token, url);
    case 'apollo4':
      return apollo(op, token, url, 4);
    case 'apollo3':
      return apollo(op, token, url, 3);
    case 'graphqlRequest': {
      const name = operationName(plainDocument(op.query), 'graphqlRequest');
      const headers = { accept: GRAPHQL_REQUEST_ACCEPT, ...json };
      return post(url.pathname, headers, { query: op.query, variables: op.variables, operationName: name });
    }
    case 'relay':
      return post(
        url.pathname,
        { accept: FETCH_ACCEPT, ...json },
        { query: op.query, variables: op.variables },
      );
    case 'fetch':
      return post(
        url.pathname,
        { accept: FETCH_ACCEPT, ...json },
        { query: op.query, operationName: op.operationName, variables: op.variables },
      );
  }
}
