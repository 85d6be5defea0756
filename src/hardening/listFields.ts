import type { ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { RequestErrorCode, requestError } from '../errors';
import { rootFieldsNamed } from './rootFields';

/** The root field whose every selection costs upstream calls. */
export const LIST_FIELD = 'sharedRepositories';

/** Refuse operations selecting `sharedRepositories` more than `max` times (aliases make it cheap to ask). */
export function maxListFieldsRule(max: number): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      const count = rootFieldsNamed(context.getDocument(), operation, LIST_FIELD).length;
      if (count > max) {
        context.reportError(
          requestError(
            RequestErrorCode.TOO_MANY_LIST_FIELDS,
            `An operation may select ${LIST_FIELD} at most ${max} times; this one selects it ${count} times.`,
          ),
        );
      }
    },
  });
}

export function useMaxListFields(max: number): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(maxListFieldsRule(max));
    },
  };
}
