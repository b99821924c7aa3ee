/**
 * Stable entry point of `nextbilling.RingGroup`, stored in every such resource's state.
 *
 * Pulumi serializes a dynamic provider into each resource's `__provider`, and runs *that* copy for
 * refresh and delete. Because this module's exports are the provider, an installed package is
 * stored as one line, `require("pulumi-telephony/dist/provider/dynamic/nextbilling-ringgroup.js")`,
 * so state stays small, holds no credentials, and picks up provider fixes on upgrade. Keep this
 * path and these seven functions stable; put behaviour in ../nextbilling/ringGroup.ts.
 *
 * Outside node_modules (this repository's own examples) the closure serializer copies modules by
 * value instead; then only these small functions and the absolute path below are copied.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";

const implementation = require.resolve("../nextbilling/ringGroup");

function provider(): dynamic.ResourceProvider {
    return require(implementation).ringGroupProvider;
}

export const configure = (req: dynamic.ConfigureRequest) => provider().configure!(req);
export const check = (olds: any, news: any) => provider().check!(olds, news);
export const diff = (id: string, olds: any, news: any) => provider().diff!(id, olds, news);
export const create = (inputs: any) => provider().create(inputs);
export const read = (id: string, props: any) => provider().read!(id, props);
export const update = (id: string, olds: any, news: any) => provider().update!(id, olds, news);
const remove = (id: string, props: any) => provider().delete!(id, props);
export { remove as delete };
