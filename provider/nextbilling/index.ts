export { RingGroup, STRATEGIES } from "./ringGroup";
export type { RingGroupArgs, Strategy } from "./ringGroup";
