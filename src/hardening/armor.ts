import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config';
import { RequestErrorCode, requestError } from '../errors';

type ArmorConfig = NonNullable<Parameters<typeof EnvelopArmorPlugin>[0]>;
type RejectHandling = Pick<NonNullable<ArmorConfig['maxDepth']>, 'onReject' | 'propagateOnRejection'>;

/**
 * Turn an armor rejection into a request error with a stable code. Validation-phase protections get a
 * validation context: reporting there makes it a validation error (400 under graphql-response+json, no
 * execution). The token limit runs inside the parser (no context): throwing there makes it a parse error.
 */
function rejectWith(code: RequestErrorCode): RejectHandling {
  return {
    propagateOnRejection: false,
    onReject: [
      (context, error) => {
        // Armor prefixes every message with "Syntax Error:", which misleads for depth or alias limits.
        const coded = requestError(code, error.message.replace(/^Syntax Error: /, ''));
        if (context === null) throw coded;
        context.reportError(coded);
      },
    ],
  };
}

/** graphql-armor's limits (depth, aliases, tokens, directives) and its field-suggestion masking. */
export function useArmor(limits: Config['limits']): Plugin {
  return EnvelopArmorPlugin({
    maxDepth: { n: limits.maxDepth, ...rejectWith(RequestErrorCode.MAX_DEPTH_EXCEEDED) },
    maxAliases: { n: limits.maxAliases, ...rejectWith(RequestErrorCode.MAX_ALIASES_EXCEEDED) },
    maxTokens: { n: limits.maxTokens, ...rejectWith(RequestErrorCode.MAX_TOKENS_EXCEEDED) },
    maxDirectives: { n: limits.maxDirectives, ...rejectWith(RequestErrorCode.MAX_DIRECTIVES_EXCEEDED) },
    // Armor's cost model cannot see page sizes; ./cost.ts prices what an operation fetches instead.
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: true },
  });
}
