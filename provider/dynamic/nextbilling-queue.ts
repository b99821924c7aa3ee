/** Stable entry point of `nextbilling.Queue`, stored in every such resource's state: see hosted.ts. */
import { hostedProvider } from "./hosted";

export = hostedProvider<typeof import("../nextbilling/queue/provider")>(require.resolve("../nextbilling/queue/provider"), "queueProvider");
