import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context';

/** Tell the context when its operation is done, so per-request resources (the deadline timer) go at once. */
export function useFinishContext(): Plugin<GatewayContext> {
  return {
    onExecute() {
      return {
        onExecuteDone({ args }) {
          args.contextValue.finish?.();
        },
      };
    },
  };
}
