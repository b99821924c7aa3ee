/**
 * What the registry (provider/resources.ts) knows of one resource, besides its definition: how
 * `telephony export` and `telephony drift` read its live records, and how the export declares one.
 * Everything else (type token, natural key, fields, secrets, what is never compared) comes from
 * the definition, so no command keeps a list of its own.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { Inputs, ResourceDefinition } from "./resource";

export type VendorName = "NextBilling" | "Directcall" | "PBX Erix";

/** A live record in its resource's input shape: the ground truth behind export and drift. */
export interface InventoryRecord {
    /** The class that manages it, as its definition names it: `RingGroup`. */
    resource: string;
    /** The vendor's id: a record id, or a Directcall registration code. */
    id: string;
    /** NextBilling customer, when the record belongs to one. */
    customerId?: number;
    /** The record as the resource's inputs (secrets included: callers decide what to show). */
    inputs: Inputs;
    /** A human label from the vendor (description, URL). */
    label: string;
}

/** A kind that could not be read at all, or one record that cannot be declared as it is. */
export interface Skipped {
    kind: string;
    /** The record, when one record is skipped rather than the whole kind. */
    id?: string;
    label?: string;
    reason: string;
    /** The record as read, when it could be read but not declared: what drift matches a declaration's natural key against. */
    inputs?: Inputs;
}

export interface Listing {
    records: InventoryRecord[];
    skipped: Skipped[];
}

/** A record another one points at (a DID's line, queue or IVR; a queue's lines and overflow queue; an IVR's targets). */
export interface Reference {
    /** The class of the record pointed at, as its definition names it: `Line`, `Queue`, `Ivr`, `TimeProfile`, `RingGroup`. */
    resource: string;
    customerId: number;
    id: number;
}

/** Code written as is into a generated program: another resource's output (`ramal2001.recordId`). */
export class Code {
    constructor(readonly text: string) {}
}

/** A property of a generated object literal: a value, code, or a nested object. */
export interface Property {
    key: string;
    value?: unknown;
    /** Written as is: an expression such as `config.requireSecret("x")`. */
    code?: string;
    nested?: Property[];
    /** After the value, on the same line. */
    trailing?: string;
    /** Own lines before the property. */
    leading?: string[];
}

/** What the export offers a resource's own declaration code. */
export interface ExportContext {
    /** The name of a referenced record, when the inventory read it. */
    nameOf(reference: Reference): string | undefined;
    /**
     * A referenced record's id as the program should write it: the other resource's output
     * (`new Code("ramal2001.recordId")`) when the export declares that record too, so Pulumi orders
     * creates and deletes by it; else the number. Usable inside arrays (`devices`).
     */
    ref(reference: Reference): Code | number;
    /** A secret the program reads from its stack config (never written): the expression that reads it. */
    secret(key: string, description: string): string;
    /** Every input, in the fields' order (unknown ones after, alphabetically), absent ones left out. */
    plain(inputs: Inputs, order?: readonly string[]): Property[];
}

export interface ResourceEntry<I extends Inputs = Inputs, C = unknown> {
    /** As programs reach the class under the package root, and as reports name it: `nextbilling.RingGroup`. */
    name: string;
    definition: ResourceDefinition<I, C>;
    provider: Required<dynamic.ResourceProvider>;
    vendor: VendorName;
    /** One sentence for the docs. */
    summary: string;
    /** The vendor method(s) behind it, for the docs. */
    vendorCalls: string;
    /** How export and drift read its live records; absent when the vendor cannot list them (Erix sessions). */
    inventory?: {
        /** The word `telephony export --only` takes: `ringgroups`. */
        kind: string;
        /** Singular and plural, for summaries: `["ring group", "ring groups"]`. */
        nouns: [string, string];
        /** Its records belong to the vendor account, not to a NextBilling customer (Directcall registrations). */
        accountWide?: boolean;
        /** Every record the credentials see, or of the given customers; what cannot be read goes to `skipped`. */
        list(client: C, scope: { customers?: number[] }): Promise<Listing>;
        /** Records it points at: declared before it and written as outputs when exported too (ExportContext.ref). */
        references?(record: InventoryRecord): Reference[];
        /** Whether the export comments the names of referenced records it does not declare (a DID's queue): the inventory then lists them. */
        namesReferences?: boolean;
    };
    /** How `telephony export` declares one record; the default declares every input in the fields' order. */
    export?: {
        /** The inputs a declaration needs besides the record's own (a plain-http callback needs allowInsecureHttp). */
        declarable?(record: InventoryRecord): Inputs;
        /** The resource name before it is made unique, from the record. */
        baseName?(record: InventoryRecord): string;
        /** What the comment above the declaration adds after the record's label: a DID's number. */
        detail?(record: InventoryRecord): string;
        properties?(record: InventoryRecord, name: string, context: ExportContext): Property[];
    };
    /** Why drift cannot compare it, when the vendor cannot show it (Erix has no status query). */
    notCheckable?: string;
}
