/**
 * Builds the stable entry point that Pulumi stores in a resource's `__provider`.
 *
 * Pulumi serializes a dynamic provider into every resource's state and runs *that* copy for
 * refresh and delete. Each resource type has a module in this folder whose exports object is the
 * provider built here, so an installed package is stored as one line,
 * `require("pulumi-telephony/dist/provider/dynamic/<type>.js")`: state stays small, holds no
 * credentials, and provider fixes reach existing resources on upgrade. Keep those paths stable;
 * behaviour lives in the implementation module.
 *
 * Outside node_modules (this repository's own examples) the serializer copies these small
 * functions by value instead, with the implementation's absolute path.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";

/** The names of a module's exports that are ResourceProviders. */
type ProviderExport<Module> = { [K in keyof Module]: Module[K] extends Required<dynamic.ResourceProvider> ? K : never }[keyof Module] &
    string;

/**
 * `implementation` is the implementation module's absolute path (`require.resolve`, so it stays
 * right in dist/ and under ts-node alike); `exportName` is its ResourceProvider export, checked
 * against the module's type.
 */
export function hostedProvider<Module>(implementation: string, exportName: ProviderExport<Module>): Required<dynamic.ResourceProvider> {
    const provider = (): Required<dynamic.ResourceProvider> => require(implementation)[exportName];
    return {
        configure: (req) => provider().configure(req),
        check: (olds, news) => provider().check(olds, news),
        diff: (id, olds, news) => provider().diff(id, olds, news),
        create: (inputs) => provider().create(inputs),
        read: (id, props) => provider().read(id, props),
        update: (id, olds, news) => provider().update(id, olds, news),
        delete: (id, props) => provider().delete(id, props),
    };
}
