export { RingGroup, RingStrategy } from "./ringGroup/RingGroup";
export type { RingGroupArgs } from "./ringGroup/RingGroup";
export { Did, RoutingType, DeletionPolicy, normaliseNumber } from "./did/Did";
export type { DidArgs, DidSupplierArgs, DidRoutingArgs, DidEndpointArgs, DidRouting, DidEndpoint, DidSupplier } from "./did/Did";
export { Line, LineAuthType, LineFunctionType, LineMedia } from "./line/Line";
export type {
    LineArgs,
    LineAuthArgs,
    LineFunctionArgs,
    LineFollowMeArgs,
    LineFollowMeTargetArgs,
    LineAuth,
    LineFunction,
    LineFollowMe,
    LineFollowMeTarget,
} from "./line/Line";
export { TimeProfile, Weekday } from "./timeProfile/TimeProfile";
export type { TimeProfileArgs, WeekScheduleArgs, TimeIntervalArgs, TimeInterval, WeekSchedule } from "./timeProfile/TimeProfile";
export { Queue, QueueStrategy, MusicOnHold, QueueType } from "./queue/Queue";
export type { QueueArgs } from "./queue/Queue";
export { Ivr, IvrActionType } from "./ivr/Ivr";
export type { IvrArgs, IvrActionArgs, IvrOptionsArgs, IvrAction, IvrOptions, IvrMenuKey } from "./ivr/Ivr";
