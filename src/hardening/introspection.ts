import type { ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { RequestErrorCode, requestError } from '../errors';

/** `__schema` and `__type` reveal the schema; `__typename` is harmless and clients rely on it. */
const INTROSPECTION_FIELDS = new Set(['__schema', '__type']);

const noIntrospection: ValidationRule = (context) => ({
  Field(node) {
    if (INTROSPECTION_FIELDS.has(node.name.value)) {
      context.reportError(
        requestError(RequestErrorCode.INTROSPECTION_DISABLED, 'Introspection is disabled on this gateway.'),
      );
    }
  },
});

/** Refuse introspection queries (production default; the schema is published as `schema.graphql`). */
export function useDisableIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(noIntrospection);
    },
  };
}
