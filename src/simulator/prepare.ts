import { repositoryJsonOf } from './answer';
import { tenantRepositories } from './dataset';
import { SORT_COLUMNS, sortedList } from './listing';
import { CENTERS } from './wire';

/**
 * Build now what the first answers to these tokens would otherwise build: each center's list, its sorted copy for
 * every order, each repository's JSON (`firstTouchWork` counts them). The simulator stands in for SWR, which runs
 * on other machines; where it shares the cores with the gateway under test, a run that brings new tokens would
 * otherwise also measure the simulator generating their data. Counts no request and changes no answer.
 */
export function prepareTenants(tokens: Iterable<string>): void {
  for (const token of tokens) {
    for (const center of CENTERS) {
      const all = tenantRepositories(token, center);
      for (const column of SORT_COLUMNS) {
        sortedList(all, column, 'asc');
        sortedList(all, column, 'desc');
      }
      for (const repository of all) repositoryJsonOf(repository);
    }
  }
}
