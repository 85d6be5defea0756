import type { Context as TraceContext } from '@opentelemetry/api';
import type { YogaInitialContext } from 'graphql-yoga';
import { type Access, passthroughAccess } from './access/access';
import { type CacheLookup, type UpstreamCache, uncachedPages, wantsFreshAnswer } from './cache';
import type { Config } from './config';
import { credentialsRequired } from './errors';
import type { Logger } from './logger';
import { createPageLoader, type PageLoader } from './repositories/loaders';
import { createRepositoryLoader, type RepositoryKey, type RepositoryLoader } from './repositories/references';
import { requestStateOf } from './request/state';
import { traceHeadersOf } from './request/traceContext';
import { type Deadline, startDeadline } from './resilience/deadline';
import type { ListResult, SwrClient } from './swr/client';
import type { UpstreamCredential } from './swr/credentials/credential';
import type { SharedRepository } from './swr/mapping';
import type { WireListQuery } from './swr/wire';
import { tracedPages } from './tracing/pageSpans';
import type { Tracer } from './tracing/tracer';

/** Everything a resolver may use; built fresh for every request. */
export interface GatewayContext {
  requestId: string;
  logger: Logger;
  credential: UpstreamCredential | null;
  paging: Config['paging'];
  /** Number of upstream pages this request did not get from the cache (for logs and response extensions). */
  upstreamCalls: number;
  /** What the cache did for each distinct upstream page (reported in `extensions.cache` and the access log). */
  cacheLookups: CacheLookup[];
  /** Load one upstream page through the per-request loader; needs a credential. */
  loadPage(query: WireListQuery): Promise<ListResult>;
  /** Resolve a federation reference through the per-request batching loader (null: no such repository). */
  loadRepository(key: RepositoryKey): Promise<SharedRepository | null>;
  /** The operation is done: free the request's deadline timer (aborts nothing). */
  finish(): void;
  /** When tracing: the context of the operation's span, under which its page lookups are traced. */
  trace?: TraceContext;
}

export interface ContextDeps {
  config: Config;
  logger: Logger;
  client: SwrClient;
  /** Caller authentication and the upstream credential; passthrough when absent. */
  access?: Access;
  /** The process-wide upstream cache; without one every page goes to SWR (BYPASS). */
  cache?: UpstreamCache;
  /** Traces every page lookup; absent when tracing is off. */
  tracer?: Tracer | undefined;
}

/** What a context is built on: yoga's initial context, or the direct path's own object with a request view. */
export interface ContextBase {
  /** The request's headers and abort signal (a Fetch `Request`, or the direct path's view of a Node request). */
  request: Request;
  /** The request's id (its record's): logs, the upstream call and the response all carry it. */
  requestId: string;
  /** The request's deadline on its own signal, when the base can abort that signal itself (the direct path). */
  startDeadline?: (ms: number, startedAt: number) => Deadline & { release(): void };
}

/**
 * Builds the per-request context on `base` once the caller's access is known. Shared by yoga's context factory
 * and the fast path's direct execution, so both give resolvers the same loaders, deadline and accounting.
 */
export function createContextBuilder(deps: ContextDeps) {
  const cached = deps.cache ?? uncachedPages(deps.client);
  const pages = deps.tracer ? tracedPages(cached, deps.tracer) : cached;
  return <T extends ContextBase>(base: T, credential: UpstreamCredential | null, caller?: string) => {
    const { request, requestId } = base;
    // The deadline runs from here; its timer starts only with the first upstream call.
    const startedAt = performance.now();
    let loader: PageLoader | undefined;
    let repositories: RepositoryLoader | undefined;
    let deadline: ReturnType<typeof startDeadline> | undefined;
    // Built on the base object itself: yoga copies a returned object's fields into its context, so a
    // counter incremented on a separate object would never be seen by plugins (access log, metrics).
    const context: T & GatewayContext = Object.assign(base, {
      requestId,
      logger: deps.logger,
      credential,
      paging: deps.config.paging,
      upstreamCalls: 0,
      cacheLookups: [],
      loadPage(query: WireListQuery): Promise<ListResult> {
        if (!credential) return Promise.reject(credentialsRequired());
        const ms = deps.config.resilience.deadlineMs;
        deadline ??= base.startDeadline
          ? base.startDeadline(ms, startedAt)
          : startDeadline(request.signal, ms, startedAt);
        loader ??= createPageLoader(
          pages,
          credential,
          {
            requestId,
            fresh: wantsFreshAnswer(request.headers),
            ...traceHeadersOf(request.headers),
            trace: context.trace,
            signal: deadline.signal,
            deadlineAt: deadline.deadlineAt,
          },
          (lookup) => {
            context.cacheLookups.push(lookup);
            if (lookup.status === 'MISS' || lookup.status === 'BYPASS') context.upstreamCalls++;
          },
        );
        return loader.load(query);
      },
      loadRepository(key: RepositoryKey): Promise<SharedRepository | null> {
        // Through loadPage, so entity lookups share its credential check, call count and upstream cache.
        repositories ??= createRepositoryLoader(
          deps.config.federation.center,
          (query) => context.loadPage(query),
          context.logger,
        );
        return repositories.load(key);
      },
      finish() {
        deadline?.release();
      },
    });
    // The request's logger is made when first used: most requests log nothing of their own.
    let logger: Logger | undefined;
    Object.defineProperty(context, 'logger', {
      enumerable: true,
      configurable: true,
      get: () => {
        logger ??= deps.logger.child(caller === undefined ? { requestId } : { requestId, caller });
        return logger;
      },
      // Yoga assigns the context's fields onto itself; that must keep (not break) the property.
      set: (value: Logger) => {
        logger = value;
      },
    });
    return context;
  };
}

export function createContextFactory(deps: ContextDeps) {
  const access = deps.access ?? passthroughAccess;
  const build = createContextBuilder(deps);
  return async (initial: YogaInitialContext): Promise<GatewayContext> => {
    const state = requestStateOf(initial, initial.request);
    // In the service modes an unauthenticated caller is refused here, before any operation (introspection
    // included) runs and before anything reaches SWR or IAM. The front door may have let it in already.
    if (state.accessRefusal !== undefined) throw state.accessRefusal;
    state.access ??= await access.resolve(initial.request);
    const { credential, caller } = state.access;
    state.record.caller = caller;
    return build(Object.assign(initial, { requestId: state.record.id }), credential, caller);
  };
}
