/** The SWR simulator: a faithful local stand-in for `GET /v2/manage/shared-repositories`. */

export { DEMO_ACCESS_KEY, type SimulatedAccessKey } from './aksk';
export { type AnswerOptions, answerList } from './answer';
export type { SimulatedRepository } from './dataset';
export { DEMO_TOKEN } from './demo';
export type { Fault, FaultController } from './faults';
export { firstTouchWork } from './firstTouch';
export { DEMO_IAM_USER, type SimulatedIamUser } from './iam';
export type { SimulatedResponse } from './response';
export { isValidNamespace, isValidRepositoryName } from './rules';
export { startSimulator } from './server';
export type { RecordedRequest, RuntimeOptions, Simulator, SimulatorOptions } from './types';
