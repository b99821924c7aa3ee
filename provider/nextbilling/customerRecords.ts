/**
 * One kind of a customer's NextBilling records managed the way manageRingGroups is documented:
 * `GET …/{0|customer}` lists, `PUT …/{segment}` creates, `POST …/{segment}` with `id_record` updates,
 * `DELETE …/{segment}?id_record=N` deletes. Ring groups, queues, IVRs, time profiles and lines
 * (written by manageDevices, listed by listDevices) are each one `CustomerRecords`, so the list
 * cache, its write-through, the references other resources check against, and the handling of
 * writes a server lacks live here once (docs/vendors/nextbilling.md says which calls are assumed).
 */
import { NotFoundError, TelephonyError } from "../http/errors";
import type { z } from "zod";
import type { InventoryRecord, Listing, Skipped } from "../kit/entry";
import { indexed } from "../kit/listCache";
import type { LiveRecord, NaturalKey, ResourceDefinition, VendorCalls } from "../kit/resource";
import { assumedCallError, lacksCall, UnexpectedShape } from "../kit/undocumented";
import { warnOnce } from "../runtime";
import type { NextBillingClient } from "./client";
import { comparableDescription, customerOf, integer, text, type VendorRecord } from "./records";

export interface CustomerRecordsSpec {
    /** The method whose GET lists them: `manageQueue`, `listDevices`. */
    listMethod: string;
    /** The method that writes them, and the last path segment of its writes (`0`; manageDevices: `1`). */
    writeMethod: string;
    writeSegment: number;
    /** Our names of the calls, as errors show them: `listQueues`, `createQueue`… */
    names: { list: string; create: string; update: string; delete: string };
    /** What a record is called in messages: `queue`. */
    noun: string;
    /**
     * Only `…/0` (every customer's records) is documented: a customer's records are read from it,
     * never from an assumed `…/{customer}` (manageIvr).
     */
    listsEveryCustomerOnly?: boolean;
    /** The writes no vendor page documents; the others are documented. */
    assumed: { create: boolean; update: boolean; delete: boolean };
    /** A write's fields as the list holds them; default: the fields over what was listed, with the id. */
    listed?(fields: Record<string, unknown>, before: VendorRecord | undefined, id: number, customerId: number): VendorRecord;
    /** The name a reference check quotes: `12 (Fila Vendas)`. */
    label(record: VendorRecord): unknown;
}

const listedId = (record: { id?: unknown }) => String(integer(record.id));

/** How export and drift read one kind (CustomerRecords.inventory). */
export interface InventorySpec {
    /** The inventory's word for the kind: `queues`. */
    kind: string;
    /** The resource's name in the registry's definitions: `Queue`. */
    resource: string;
    /** A listed record in the resource's input shape. */
    read(record: VendorRecord): LiveRecord;
    /** What a person calls the record (default: its description). */
    label?(inputs: Record<string, unknown>, record: VendorRecord): string;
    /** Records that cannot be declared as the vendor has them: the schema they must pass, and what is wrong when they do not. */
    declarable?: { schema: z.ZodType; unfit: string };
    /** The list's answer is documented (listDevices'); the others are read in every plausible shape. */
    listDocumented?: boolean;
    /** Listing every customer's at once (`…/0`) is not documented for this kind. */
    everyCustomerAssumed?: boolean;
}

export class CustomerRecords {
    private readonly named = new WeakMap<readonly VendorRecord[], { id: number; name: string }[]>();
    private readonly views = new WeakMap<readonly VendorRecord[], Map<number, VendorRecord[]>>();

    constructor(readonly spec: CustomerRecordsSpec) {}

    /**
     * The customer's records (`0`: every customer's), listed once per customer per process and kept
     * true by this process's writes (kit/listCache.ts); `fresh` lists again, to resolve a create
     * whose answer was lost. A server that lists other customers' records too is filtered here.
     */
    list(client: NextBillingClient, customerId: number, fresh = false): Promise<VendorRecord[]> {
        if (this.spec.listsEveryCustomerOnly && customerId !== 0) {
            return this.list(client, 0, fresh).then((every) => this.customerView(every, customerId));
        }
        const load = async () => {
            const records = await client.list({ name: this.spec.names.list, apiMethod: this.spec.listMethod, id: customerId });
            if (customerId === 0) return records;
            // A customer's own list need not say whose each record is: one that does not is that customer's
            // (read back without a customer, its customerId would differ from the declaration's, a replace).
            return records.flatMap((record) => {
                const owner = customerOf(record);
                if (Number.isNaN(owner)) return [{ ...record, id_cliente: customerId }];
                return owner === customerId ? [record] : [];
            });
        };
        const key = this.keys(customerId)[0]!;
        return fresh ? client.lists.fresh(key, load) : client.lists.get(key, load);
    }

    /**
     * The list, or `undefined` when its answer is of no shape we can read (the lists but lines' are
     * undocumented): the duplicate check and refresh then give up, once, with a warning.
     */
    async readable(client: NextBillingClient, customerId: number, fresh = false): Promise<VendorRecord[] | undefined> {
        try {
            return await this.list(client, customerId, fresh);
        } catch (error) {
            if (!(error instanceof UnexpectedShape)) throw error;
            warnOnce(
                `${this.spec.names.list}:shape`,
                `${error.message}: the duplicate check of ${this.spec.noun}s is left out and refresh keeps their stored state (the list answer is undocumented; docs/vendors/nextbilling.md).`,
            );
            return undefined;
        }
    }

    /** The listed record with this id: `null` when the list does not hold it, `undefined` when it cannot be read. */
    async byId(client: NextBillingClient, customerId: number, id: string): Promise<VendorRecord | null | undefined> {
        const records = await this.readable(client, customerId);
        return records && (indexed(records, listedId).get(id) ?? null);
    }

    /**
     * How export and drift read this kind: `…/0` lists every customer's in one call, named customers
     * are listed one by one (from the `/0` list where only that is documented: `listsEveryCustomerOnly`). A list this package cannot read skips the whole kind with the reason
     * (drift then checks none of its declarations, rather than some); so does a refused `/0` where
     * listing every customer at once is assumed. A record the panel allows but a declaration cannot
     * say is skipped with what to fix.
     */
    inventory(spec: InventorySpec): (client: NextBillingClient, scope: { customers?: number[] }) => Promise<Listing> {
        const { listMethod } = this.spec;
        return async (client, { customers }) => {
            const records: InventoryRecord[] = [];
            const skipped: Skipped[] = [];
            for (const scope of customers ?? [0]) {
                let listed: VendorRecord[];
                try {
                    listed = await this.list(client, scope);
                } catch (error) {
                    if (error instanceof UnexpectedShape) {
                        return {
                            records: [],
                            skipped: [
                                {
                                    kind: spec.kind,
                                    reason: `${error.message} (the ${listMethod} list answer is ${spec.listDocumented ? "not of its documented shape" : "undocumented"})`,
                                },
                            ],
                        };
                    }
                    const refusal =
                        error instanceof TelephonyError &&
                        !["authentication", "rate_limit", "configuration", "connection", "server"].includes(error.cause);
                    if (scope === 0 && spec.everyCustomerAssumed && refusal) {
                        const reason =
                            `this server does not list every customer's ${this.spec.noun}s at once (GET /api/${listMethod}/T/K/0; NextBilling documents ` +
                            `the list per customer): ${(error as Error).message}; name the customers (export --customer, drift --customers)`;
                        return { records: [], skipped: [{ kind: spec.kind, reason }] };
                    }
                    throw error;
                }
                for (const record of listed) {
                    const { id, inputs } = spec.read(record);
                    const customerId = inputs.customerId as number;
                    if (customers && !customers.includes(customerId)) continue;
                    const label = spec.label?.(inputs, record) ?? String(inputs.description);
                    const valid = spec.declarable?.schema.safeParse(inputs);
                    if (valid && !valid.success) {
                        const issue = valid.error.issues[0];
                        const where = issue?.path.length ? `${issue.path.join(".")} ` : "";
                        const reason = `${spec.declarable!.unfit} (${where}${issue?.message ?? "invalid"}); fix it in the panel, or declare it by hand`;
                        skipped.push({ kind: spec.kind, id, label, reason, inputs });
                        continue;
                    }
                    records.push({ resource: spec.resource, id, customerId, inputs, label });
                }
            }
            return { records, skipped };
        };
    }

    /** The customer's records as reference checks quote them, from the same list: one list per kind per customer per run. */
    async references(client: NextBillingClient, customerId: number): Promise<{ id: number; name: string }[]> {
        const records = await this.list(client, customerId);
        let named = this.named.get(records);
        if (!named) {
            named = records.map((record) => ({ id: integer(record.id), name: text(this.spec.label(record)) }));
            // A write-through replaces a cached list, never edits it (kit/listCache.ts): the names of one list stay true.
            this.named.set(records, named);
        }
        return named;
    }

    /** PUT …/{segment}: creates; answers the documented `new_record`. */
    async create(client: NextBillingClient, fields: Record<string, unknown>, customerId: number): Promise<number> {
        const { writeMethod, writeSegment, names, noun, assumed } = this.spec;
        const sentAt = client.lists.mark();
        try {
            const id = await client.create({ name: names.create, apiMethod: writeMethod, id: writeSegment, json: fields });
            this.writeThrough(client, id, fields, customerId, sentAt);
            return id;
        } catch (error) {
            if (assumed.create && lacksCall(error)) {
                // Nothing was written: the lists are still true.
                throw assumedCallError(
                    error as TelephonyError,
                    "NextBilling",
                    `the ${noun} create (PUT /api/${writeMethod}/T/K/${writeSegment})`,
                    `create ${noun} ${JSON.stringify(text(this.spec.label(fields)))} of customer ${customerId} in NextBilling's panel, then adopt it with \`importId: <its id>\``,
                );
            }
            this.forget(client, customerId);
            throw error;
        }
    }

    /** POST …/{segment} with `id_record`: what a resource sends is the whole of what it manages, so repeating it is harmless. */
    async update(client: NextBillingClient, id: number, fields: Record<string, unknown>, customerId: number): Promise<void> {
        const { writeMethod, writeSegment, names, noun, assumed } = this.spec;
        try {
            await client.call({
                name: names.update,
                method: "POST",
                apiMethod: writeMethod,
                id: writeSegment,
                json: { id_record: id, ...fields },
                safeToRepeat: true,
            });
            this.writeThrough(client, id, fields, customerId);
        } catch (error) {
            if (assumed.update && lacksCall(error)) {
                throw assumedCallError(
                    error as TelephonyError,
                    "NextBilling",
                    `the ${noun} update (POST /api/${writeMethod}/T/K/${writeSegment} with id_record)`,
                    `change ${noun} ${id} in NextBilling's panel; \`pulumi refresh\` then records what it holds`,
                );
            }
            this.forget(client, customerId);
            throw error;
        }
    }

    /**
     * DELETE …/{segment}?id_record=N. Resolves `false` when this server has no such (assumed) delete:
     * the caller warns that the record was left at NextBilling. A refusal (a record in use: "Fila 12
     * em uso: DID 5") is thrown with the vendor's text; "not found" is a record already gone.
     */
    async delete(client: NextBillingClient, id: number, customerId: number): Promise<boolean> {
        const { writeMethod, writeSegment, names, noun, assumed } = this.spec;
        const call = `NextBilling ${names.delete}`;
        if (client.undocumented.lacks(call)) return false;
        try {
            await client.call({
                name: names.delete,
                method: "DELETE",
                apiMethod: writeMethod,
                id: writeSegment,
                query: { id_record: id },
                safeToRepeat: true,
            });
            this.writeThrough(client, id, undefined, customerId);
            return true;
        } catch (error) {
            if (assumed.delete && lacksCall(error)) {
                // A 404 may be about the record rather than the method: one that is gone is a delete done.
                const records = await this.list(client, customerId, true).catch(() => undefined);
                if (records && !records.some((record) => integer(record.id) === id)) return true;
                client.undocumented.failed(call, `destroy leaves ${noun}s at NextBilling, to be removed in the panel`, error);
                return false;
            }
            if (error instanceof NotFoundError) this.writeThrough(client, id, undefined, customerId);
            else if (!(error instanceof TelephonyError) || error.cause !== "invalid_input") this.forget(client, customerId);
            throw error;
        }
    }

    /** The cached lists a customer's record is in: its own and every customer's (`/0`, what export and drift read). */
    private keys(customerId: number): string[] {
        const every = `${this.spec.listMethod}/0`;
        return this.spec.listsEveryCustomerOnly ? [every] : [`${this.spec.listMethod}/${customerId}`, every];
    }

    /** One customer's records of every customer's list, once per list (a write-through replaces the list, never edits it). */
    private customerView(every: VendorRecord[], customerId: number): VendorRecord[] {
        let views = this.views.get(every);
        if (!views) this.views.set(every, (views = new Map()));
        let view = views.get(customerId);
        if (!view) views.set(customerId, (view = every.filter((record) => customerOf(record) === customerId)));
        return view;
    }

    /** A write this process made, into the cached lists, in the shape they hold; `undefined` takes the record out. */
    private writeThrough(
        client: NextBillingClient,
        id: number,
        fields: Record<string, unknown> | undefined,
        customerId: number,
        createdAt?: number,
    ): void {
        const listed = this.spec.listed ?? ((given, before, recordId) => ({ ...before, ...given, id: recordId }));
        for (const key of this.keys(customerId)) {
            if (!fields) client.lists.drop<VendorRecord>(key, String(id), listedId);
            else if (createdAt !== undefined)
                client.lists.add<VendorRecord>(key, String(id), listedId, (before) => listed(fields, before, id, customerId), createdAt);
            else client.lists.put<VendorRecord>(key, String(id), listedId, (before) => listed(fields, before, id, customerId));
        }
    }

    /** A write whose outcome is unknown: only the vendor can say what its lists hold now. */
    private forget(client: NextBillingClient, customerId: number): void {
        for (const key of this.keys(customerId)) client.lists.invalidate(key);
    }
}

/** A listed record's description as compared: the key of the index a create looks its twin up in. */
function listedDescription(record: VendorRecord): string {
    return comparableDescription(record.descricao);
}

type Described = { customerId: number; description: string };

/**
 * What the records keyed by customer and description share (ring groups, queues, IVRs, time
 * profiles: NextBilling itself allows twins, these resources do not): where importId looks, the
 * natural key, and the read, all from the customer's one list. `live` reads a listed record in the
 * resource's input shape, given what is stored.
 */
export function describedByCustomer<I extends Described>(
    records: CustomerRecords,
    live: (record: VendorRecord, stored: I) => LiveRecord,
): {
    adoptionScope: NonNullable<ResourceDefinition<I, NextBillingClient>["adoptionScope"]>;
    naturalKey: NaturalKey<I, NextBillingClient>;
    read: VendorCalls<I, NextBillingClient>["read"];
} {
    return {
        adoptionScope: (inputs) => ({ text: `of customer ${inputs.customerId}`, inputs: ["customerId"] }),
        naturalKey: {
            property: "description",
            words: "customer and description (case and surrounding spaces aside)",
            key: (inputs) => `${inputs.customerId}/${comparableDescription(inputs.description)}`,
            describe: (inputs) => `customer ${inputs.customerId} and description ${JSON.stringify(inputs.description)}`,
            alternative: "give it a different description",
            async find(client, inputs, fresh) {
                const listed = await records.readable(client, inputs.customerId, fresh);
                if (listed === undefined) return undefined;
                const wanted = comparableDescription(inputs.description);
                const twin = indexed(listed, listedDescription).get(wanted);
                return twin ? live(twin, inputs) : null;
            },
        },
        async read(client, id, stored) {
            const record = await records.byId(client, stored.customerId, id);
            return record && live(record, stored);
        },
    };
}
