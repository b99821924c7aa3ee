/** Stable entry point of `nextbilling.Did`, stored in every such resource's state: see hosted.ts. */
import { hostedProvider } from "./hosted";

export = hostedProvider<typeof import("../nextbilling/did/provider")>(require.resolve("../nextbilling/did/provider"), "didProvider");
