/** Stable entry point of `nextbilling.Line`, stored in every such resource's state: see hosted.ts. */
import { hostedProvider } from "./hosted";

export = hostedProvider<typeof import("../nextbilling/line/provider")>(require.resolve("../nextbilling/line/provider"), "lineProvider");
