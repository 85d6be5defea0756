import type { Plugin } from 'graphql-yoga';
import { requestIdOf } from '../requestId';

/** Echo the request id on every response so callers can quote it. */
export function useRequestIdHeader(): Plugin {
  return {
    onResponse({ request, response }) {
      response.headers.set('x-request-id', requestIdOf(request));
    },
  };
}
