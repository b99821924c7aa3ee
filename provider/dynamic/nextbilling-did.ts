/** Stable entry point of `nextbilling.Did`, stored in every such resource's state: see hosted.ts. */
import { hostedProvider } from "./hosted";

export = hostedProvider(require.resolve("../nextbilling/did"), "didProvider");
