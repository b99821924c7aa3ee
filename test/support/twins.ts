/**
 * A new resource whose natural key a record at the vendor already holds, with fields that differ
 * from the declaration, is refused twice over: by Check, at preview, before any write of the
 * update; and by Create itself, for a record made between preview and `up`. Both say the same
 * thing, against the same property. (An identical record is Create's alone to refuse.)
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { ConflictError } from "../../provider/http/errors";

export async function refusedTwin(
    provider: dynamic.ResourceProvider,
    inputs: Record<string, unknown>,
): Promise<{ property: string; message: string }> {
    const checked = await provider.check!({}, inputs);
    expect(checked.failures).toHaveLength(1);
    const [failure] = checked.failures!;
    const error = await provider.create(checked.inputs).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).property).toBe(failure!.property);
    expect((error as ConflictError).message).toBe(failure!.reason);
    return { property: failure!.property, message: failure!.reason };
}
