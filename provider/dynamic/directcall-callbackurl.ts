/** Stable entry point of `directcall.CallbackUrl`, stored in every such resource's state: see hosted.ts. */
import { hostedProvider } from "./hosted";

export = hostedProvider<typeof import("../directcall/callbackUrl/provider")>(
    require.resolve("../directcall/callbackUrl/provider"),
    "callbackUrlProvider",
);
