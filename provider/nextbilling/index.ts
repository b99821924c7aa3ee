export { RingGroup, RingStrategy } from "./ringGroup/RingGroup";
export type { RingGroupArgs } from "./ringGroup/RingGroup";
export { Did, RoutingType, DeletionPolicy, normaliseNumber } from "./did/Did";
export type { DidArgs, DidSupplierArgs, DidRoutingArgs, DidEndpointArgs, DidRouting, DidEndpoint, DidSupplier } from "./did/Did";
