import { isAsyncIterable, type Plugin, processRegularResult } from 'graphql-yoga';
import { chooseResultMediaType } from '../request/negotiation';

/**
 * Yoga answers a single result in the media type the gateway's one `Accept` rule chooses (`chooseResultMediaType`,
 * which the front door uses too): weights honoured, JSON preferred for a single result. Registered after yoga's
 * own result processors, so its choice is the last word; streams stay with yoga's processors.
 */
export function useResultMediaType(): Plugin {
  return {
    onResultProcess({ request, result, setResultProcessor }) {
      if (isAsyncIterable(result)) return;
      const choice = chooseResultMediaType(request.headers.get('accept'));
      if (choice.json !== undefined) setResultProcessor(processRegularResult, choice.json);
      // Nothing acceptable by weight (e.g. `application/json;q=0`): yoga's 406, whatever it matched by name.
      else if (!choice.acceptable) setResultProcessor(undefined as never, '');
    },
  };
}
