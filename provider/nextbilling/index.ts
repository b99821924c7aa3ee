export { RingGroup, STRATEGIES } from "./ringGroupResource";
export type { RingGroupArgs, Strategy } from "./ringGroupResource";
export { Did, ROUTING_TYPES, DELETION_POLICIES, normaliseNumber } from "./didResource";
export type { DidArgs, DidSupplierArgs, DidRoutingArgs, DidEndpointArgs, RoutingType } from "./didResource";
