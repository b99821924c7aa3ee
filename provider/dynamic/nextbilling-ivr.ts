/** Stable entry point of `nextbilling.Ivr`, stored in every such resource's state: see hosted.ts. */
import { hostedProvider } from "./hosted";

export = hostedProvider<typeof import("../nextbilling/ivr/provider")>(require.resolve("../nextbilling/ivr/provider"), "ivrProvider");
