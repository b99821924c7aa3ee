export { RingGroup, STRATEGIES } from "./ringGroup";
export type { RingGroupArgs, Strategy } from "./ringGroup";
export { Did, ROUTING_TYPES, DELETION_POLICIES, normaliseNumber } from "./did";
export type { DidArgs, DidSupplierArgs, DidRoutingArgs, RoutingType } from "./did";
