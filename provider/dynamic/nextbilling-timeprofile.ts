/** Stable entry point of `nextbilling.TimeProfile`, stored in every such resource's state: see hosted.ts. */
import { hostedProvider } from "./hosted";

export = hostedProvider<typeof import("../nextbilling/timeProfile/provider")>(
    require.resolve("../nextbilling/timeProfile/provider"),
    "timeProfileProvider",
);
