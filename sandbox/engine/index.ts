export { Stack, StackOperationError, DEMO_PASSPHRASE, reverseDependencyOrder } from "./stack";
export { renderOperation } from "./render";
export type { StackOptions, StackState, ResourceState, OperationResult, StepResult, StepOp, FieldDiff, CheckFailure } from "./types";
