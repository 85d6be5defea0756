/** The SWR simulator: a faithful local stand-in for `GET /v2/manage/shared-repositories`. */
export { type AnswerOptions, answerList } from './answer';
export type { SimulatedRepository } from './dataset';
export type { Fault, FaultController } from './faults';
export type { SimulatedResponse } from './response';
export { isValidNamespace, isValidRepositoryName } from './rules';
export { startSimulator } from './server';
export type { RecordedRequest, RuntimeOptions, Simulator, SimulatorOptions } from './types';

/** A token the embedded simulator accepts, for demos and the README. */
export const DEMO_TOKEN = 'demo-token';
