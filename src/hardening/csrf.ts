import type { Plugin } from 'graphql-yoga';
import { RequestErrorCode, requestError } from '../errors';
import type { HeaderGetter } from '../request/headers';

/**
 * Any of these headers proves a script set it, which a cross-site form or `<img>` cannot do: a browser sends a
 * non-simple header cross-site only after a CORS preflight, which the CORS allowlist answers. The credential
 * headers count too: this gateway has no ambient credentials (no cookies), so a request that carries a token
 * was written by code holding that token — exactly what CSRF prevention wants to establish. That keeps plain
 * GET queries from real clients (urql's default, needed for ETag revalidation) working.
 */
export const CSRF_HEADERS = [
  'x-graphql-csrf',
  'x-graphql-yoga-csrf',
  'apollo-require-preflight',
  'x-auth-token',
  'authorization',
  'x-api-key',
] as const;

/** Content types a browser sends cross-site without a CORS preflight. */
const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

function isPreflighted(contentType: string | null | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.toLowerCase();
  return !SIMPLE_CONTENT_TYPES.some((simple) => type.startsWith(simple));
}

/**
 * CSRF prevention: a request a browser could send cross-site without a preflight (GET, or a POST with a form or
 * text body) must carry one of `CSRF_HEADERS`. JSON POSTs (GraphiQL's included) are preflighted by the browser
 * and pass as they are. The front door answers only requests that pass; yoga refuses the others.
 */
export function passesCsrfCheck(header: HeaderGetter): boolean {
  if (isPreflighted(header('content-type'))) return true;
  return CSRF_HEADERS.some((name) => {
    const value = header(name);
    return value !== null && value !== undefined;
  });
}

export function useCsrfPrevention(): Plugin {
  return {
    onRequestParse({ request }) {
      if (passesCsrfCheck((name) => request.headers.get(name))) return;
      throw requestError(
        RequestErrorCode.CSRF_HEADER_REQUIRED,
        `This request needs a JSON body or one of the headers ${CSRF_HEADERS.join(', ')} (CSRF prevention).`,
        { status: 403, spec: false },
      );
    },
  };
}
