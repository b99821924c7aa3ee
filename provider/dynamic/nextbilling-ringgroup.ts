/** Stable entry point of `nextbilling.RingGroup`, stored in every such resource's state: see hosted.ts. */
import { hostedProvider } from "./hosted";

export = hostedProvider<typeof import("../nextbilling/ringGroup/provider")>(
    require.resolve("../nextbilling/ringGroup/provider"),
    "ringGroupProvider",
);
