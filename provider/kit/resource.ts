/**
 * The shared dynamic-resource kit: every resource is a `ResourceDefinition` (its schema, its field
 * declarations, its vendor calls and its natural key) and `dynamicProvider` turns it into the
 * Pulumi ResourceProvider. What no resource writes for itself lives here: configure, check via
 * the schema, field diffs, outputs, adoption by `importId` or by `telephony:adoptExisting`, the
 * duplicate check by natural key, resolving a create whose answer was lost, "already gone is
 * success" on delete, and keeping the stored state when a server cannot be read.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { z } from "zod";
import {
    AuthenticationError,
    ConflictError,
    ConnectionError,
    NotFoundError,
    OutcomeUnknownError,
    ServerError,
    TelephonyError,
    errorFromAnswer,
} from "../http/errors";
import { configureFromEngine, createdHere, createLock, lifecycleSettings, warn, warnedOnce, warnOnce } from "../runtime";
import { containsUnknown, leftToCreate, validateInputs, type ValidateOptions } from "./check";
import { changedFields, vendorChanges, type Fields } from "./fields";

export type Inputs = Record<string, unknown>;

/** A vendor record in the resource's own input shape: what a program would declare to describe it. */
export interface LiveRecord {
    /** The Pulumi id: the vendor's record id or code, as text. */
    id: string;
    inputs: Inputs;
    /**
     * Inputs the vendor's answer did not show at all (a listing that carries fewer fields): their
     * live value is unknown. Adoption cannot compare them, so a declared one is sent, as a password is.
     */
    unseen?: string[];
}

/** The declared inputs a write must carry because the record's answer cannot show them: write-only ones, and unseen ones. */
function uncomparable(fields: Record<string, { writeOnly?: boolean }>, live: LiveRecord, inputs: Inputs): string[] {
    return Object.keys(fields).filter((name) => inputs[name] !== undefined && (fields[name]!.writeOnly || live.unseen?.includes(name)));
}

/**
 * How duplicates are recognised: the fields that make two records "the same one" to a person
 * (a ring group's customer and description, a DID's number, a callback's URL and PIN).
 */
export interface NaturalKey<I, C> {
    /** The input a duplicate is reported against. */
    property: string;
    /** The key in words, for the docs: "customer and description", "number". */
    words: string;
    /** The key as text, equal for the same record (locks and bookkeeping). */
    key(inputs: I): string;
    /** The key as a person reads it: `customer 9 and description "Ramais Recepção"`. */
    describe(inputs: I): string;
    /** How to make a second record on purpose: "give it a different description". */
    alternative: string;
    /**
     * The record holding this key, `null` when none does, `undefined` when this server cannot tell
     * (an undocumented lookup it lacks; the caller warned already). Reads the list cached for this
     * run, which this process's own writes keep true (kit/listCache.ts); `fresh` lists anew, for
     * what only the vendor can tell: whether a create whose answer was lost was applied.
     */
    find(client: C, inputs: I, fresh: boolean): Promise<LiveRecord | null | undefined>;
}

export interface VendorCalls<I, C> {
    /** The record, `null` when it is gone, `undefined` when this server cannot read it (the stored state is then kept). */
    read(client: C, id: string, stored: I): Promise<LiveRecord | null | undefined>;
    /** Creates the record; resolves to its id. Never retried by the request core: a lost answer is resolved by natural key. */
    create(client: C, inputs: I): Promise<string>;
    /** Sends the declared record in place. Absent when the vendor has no update (every vendor field then replaces). */
    update?(client: C, id: string, news: I, olds: I): Promise<void>;
    /** Deletes the record. Failing because it is already gone is fine: the kit reads it again to tell. */
    delete(client: C, id: string, stored: I): Promise<void>;
}

export interface ResourceDefinition<I extends Inputs, C> {
    /** Pulumi type token parts: `telephony/nextbilling` and `RingGroup`. */
    module: string;
    name: string;
    /** What the record is called in messages: "ring group". */
    noun: string;
    schema: z.ZodObject;
    fields: Fields;
    /** Options of the schema check: secret properties, explanations of unknown nested keys. */
    validation?: ValidateOptions;
    /** The vendor's client of this process; throws ConfigurationError when the vendor is not configured. */
    client(): C;
    /** The output carrying the vendor's id besides Pulumi's own (`recordId` a number, `code` a text). */
    idOutput?: { name: string; integer: boolean };
    /**
     * Checks against the vendor at preview, once inputs are valid (references to lines, queues,
     * IVRs). Values not known yet (another resource's output, the engine's unknown sentinel, see
     * `containsUnknown`) may remain anywhere in `inputs`: skip them, the vendor checks them at create.
     */
    checkAtVendor?(client: C, inputs: I): Promise<dynamic.CheckFailure[]>;
    /**
     * Rules between inputs (`playAgentAudio` only with `type: "full"`), over the values given: each
     * rule skips itself while one of its values is unknown or of the wrong type (the schema reports
     * those). They are judged at preview even while other inputs are outputs not known yet, which
     * is why they live here and not in the schema (kit/check.ts leaves unknown properties out of it).
     * What a rule says of a property replaces what the vendor check said of it (a queue that
     * overflows into itself is better told so than "no such queue"), but not what the schema said.
     */
    rules?(inputs: Inputs): dynamic.CheckFailure[];
    naturalKey?: NaturalKey<I, C>;
    /**
     * Take a live twin with the same natural key and the same fields without being asked
     * (Directcall: two identical registrations of one URL are indistinguishable, and a second
     * would deliver every event twice). Otherwise only with importId or telephony:adoptExisting.
     */
    adoptIdenticalTwin?: boolean;
    /**
     * The vendor itself refuses a second record with this natural key (NextBilling's unique DID
     * number). When a lost answer cannot be resolved by a lookup, the create is then sent again:
     * it either creates the record or is refused because the first one was applied.
     */
    vendorRefusesDuplicates?: boolean;
    /** Replace by deleting first (one agent cannot be logged in twice). */
    deleteBeforeReplace?: boolean | ((olds: I, news: I) => boolean);
    /** Where a record adopted by importId is looked for, when inputs locate it: `{text: "of customer 9", inputs: ["customerId"]}`. */
    adoptionScope?(inputs: I): { text: string; inputs: string[] };
    /** Why a record found by importId is not the declared one (a DID of another number), or undefined. */
    refuseAdoption?(live: LiveRecord, inputs: I): string | undefined;
    /** The input a vendor refusal concerns, read from its text (`Linha 99 não pertence…` → routing.deviceId). */
    attribute?(error: TelephonyError, inputs: I): string | undefined;
    vendor: VendorCalls<I, C>;
}

/** How long to keep looking for a record whose create answer was lost: the write may still be under way at the vendor. */
let lookupDelaysMs: readonly number[] = [250, 1_000, 2_500];

/** For tests: shorter waits between the lookups that resolve a lost answer. */
export function setLostAnswerLookupDelays(delays: readonly number[]): void {
    lookupDelaysMs = delays;
}

export function typeToken(definition: Pick<ResourceDefinition<Inputs, unknown>, "module" | "name">): string {
    return `pulumi-nodejs:dynamic/${definition.module}:${definition.name}`;
}

/** The ResourceProvider of a definition: what the engine calls, in the provider host process. */
export function dynamicProvider<I extends Inputs, C>(definition: ResourceDefinition<I, C>): Required<dynamic.ResourceProvider> {
    const resource = new KitResource(definition);
    return {
        configure: async (request) => configureFromEngine(request.config),
        check: (olds, news) => resource.check(olds, news),
        diff: async (_id, olds, news) => resource.diff(olds, news),
        create: (inputs) => resource.create(inputs),
        read: (id, props) => resource.read(id, props),
        update: (id, olds, news) => resource.update(id, olds, news),
        delete: (id, props) => resource.delete(id, props),
    };
}

class KitResource<I extends Inputs, C> {
    constructor(private readonly definition: ResourceDefinition<I, C>) {}

    async check(olds: Inputs, news: Inputs): Promise<dynamic.CheckResult> {
        const def = this.definition;
        const result = validateInputs(def.schema, news, def.validation);
        const ruled = def.rules?.(result.inputs) ?? [];
        // A value the schema refuses is told so first; the rules speak of the other properties.
        if (result.failures.length > 0) {
            const schemaSaid = (rule: dynamic.CheckFailure) => result.failures.some((given) => given.property === rule.property);
            return { inputs: result.inputs, failures: [...result.failures, ...ruled.filter((rule) => !schemaSaid(rule))] };
        }
        const client = def.client(); // configuration problems surface at preview, too
        lifecycleSettings();
        // A resource of which nothing the vendor stores changes (a no-op) is not checked against the vendor: no
        // write follows, so a preview of an unchanged stack makes no call. What changes is checked, as new.
        const unchanged = existsAlready(olds) && vendorChanges(def.fields, changedFields(def.fields, olds, result.inputs)).length === 0;
        // Side by side: a DID's reference lists and its duplicate list are one round trip, not two.
        const [atVendor, duplicate] = await Promise.all([
            def.checkAtVendor && !unchanged ? def.checkAtVendor(client, result.inputs as I) : [],
            ruled.length > 0 ? [] : this.duplicateFailures(client, olds, result.inputs as I, result.unknownProperties),
        ]);
        const failures = [
            ...atVendor.filter((given) => !ruled.some((rule) => rule.property === given.property)),
            ...duplicate.filter((given) => !atVendor.some((other) => other.property === given.property)),
            ...ruled,
        ];
        return { inputs: result.inputs, failures };
    }

    /**
     * The duplicate check, at preview: a new resource whose natural key a record at the vendor
     * already holds, with fields that differ from the declaration, fails Check, so a `pulumi up`
     * stops before its first write instead of at this resource's Create, half-way through. It reads the very list Create reads next (cached for the
     * run, kit/listCache.ts), so an `up` makes no extra call for it; a preview makes that one list
     * per kind per customer. Create keeps its own check, under the natural-key lock, for what
     * changes in between (another resource of the same update taking the key).
     *
     * Left to Create: a resource that exists already (its olds; its record is its own), one adopted
     * by importId, inputs not all known yet (another resource's output, in a preview: adoption
     * compares every field), and a list that cannot be read here (with one warning); only bad
     * credentials and throttling fail the check itself, as in the reference checks.
     *
     * Also left to Create: a record identical to the declaration. The engine calls Check without
     * olds for a resource it replaces in place (`pulumi up --replace`, a tainted resource), whose
     * record is its own and still there; with `deleteBeforeReplace` it is gone by the time Create
     * looks. An identical record may also be an interrupted `up`'s, which Create names the same way.
     */
    private async duplicateFailures(client: C, olds: Inputs, inputs: I, unknown: string[]): Promise<dynamic.CheckFailure[]> {
        const def = this.definition;
        const key = def.naturalKey;
        if (!key || existsAlready(olds) || inputs.importId !== undefined || unknown.length > 0) return [];
        // A list that could not be read at an earlier Check is not tried again at preview: every Check, one at a
        // time, would wait for its retries and timeouts (a vendor out of reach from where the preview runs).
        const gaveUp = `${typeToken(def)}:duplicate-check`;
        if (warnedOnce(gaveUp)) return [];
        let existing: LiveRecord | null | undefined;
        try {
            existing = await key.find(client, inputs, false);
        } catch (error) {
            if (!leftToCreate(error)) throw error;
            warnOnce(
                gaveUp,
                `${def.noun}s could not be listed for the duplicate check at preview (${error.message}): each create checks again.`,
            );
            return [];
        }
        if (!existing) return [];
        const verdict = this.verdictOn(existing, inputs, `${typeToken(def)}/${key.key(inputs)}`);
        return "refused" in verdict && !verdict.identical ? [{ property: key.property, reason: verdict.refused.message }] : [];
    }

    diff(olds: Inputs, news: Inputs): dynamic.DiffResult {
        const def = this.definition;
        const changed = changedFields(def.fields, olds, news);
        const replaces = changed.filter((name) => def.fields[name].onChange === "replace");
        const deleteFirst =
            typeof def.deleteBeforeReplace === "function"
                ? def.deleteBeforeReplace(olds as I, news as I)
                : def.deleteBeforeReplace === true;
        return { changes: changed.length > 0, replaces, deleteBeforeReplace: replaces.length > 0 && deleteFirst };
    }

    async create(inputs: I): Promise<dynamic.CreateResult> {
        const def = this.definition;
        const client = def.client();
        const id =
            inputs.importId !== undefined
                ? await this.adopt(client, String(inputs.importId), inputs)
                : await this.createNew(client, inputs);
        return { id, outs: this.outputs(inputs, id) };
    }

    async read(id: string, props: Inputs): Promise<dynamic.ReadResult> {
        const def = this.definition;
        const stored = props as I;
        const live = await withStoredCredentialsHint(def.vendor.read(def.client(), id, stored));
        const storedInputs = this.inputsOf(props);
        // This server cannot read the record: the best knowledge there is, is what was stored.
        if (live === undefined) return { id, props: this.outputs(storedInputs as I, id), inputs: storedInputs };
        // Gone (deleted out of band): an empty id drops it from state, so the next `up` creates it again.
        if (live === null) return { id: "", props: {} };
        const inputs = this.refreshedInputs(storedInputs, live.inputs);
        return { id, props: this.outputs(inputs as I, id), inputs };
    }

    async update(id: string, olds: Inputs, news: Inputs): Promise<dynamic.UpdateResult> {
        const def = this.definition;
        const changed = vendorChanges(def.fields, changedFields(def.fields, olds, news));
        if (changed.length > 0 && def.vendor.update) {
            await def.vendor.update(def.client(), id, news as I, olds as I).catch((error) => {
                throw this.attributed(error, news as I);
            });
        }
        return { outs: this.outputs(news as I, id) };
    }

    async delete(id: string, props: Inputs): Promise<void> {
        const def = this.definition;
        const client = def.client();
        try {
            await def.vendor.delete(client, id, props as I);
        } catch (error) {
            if (!(error instanceof TelephonyError) || error.cause === "authentication" || error.cause === "rate_limit") {
                throw storedCredentialsHint(error);
            }
            // Already gone (deleted by hand, or by an earlier attempt whose answer was lost) is success.
            const live = await def.vendor.read(client, id, props as I).catch(() => undefined);
            if (live !== null) throw error;
        }
        // Its natural key is free again: a later create of it in this process is not a twin.
        if (def.naturalKey) {
            const lockKey = `${typeToken(def)}/${def.naturalKey.key(props as I)}`;
            if (createdHere().get(lockKey) === id) createdHere().delete(lockKey);
        }
    }

    // -----------------------------------------------------------------------------------------

    /** Takes the record `id` as this resource's, making it match the declaration. */
    private async adopt(client: C, id: string, inputs: I): Promise<string> {
        const def = this.definition;
        const live = await def.vendor.read(client, id, inputs);
        if (live === null) {
            const scope = def.adoptionScope?.(inputs);
            throw new NotFoundError(
                { property: "importId" },
                `there is no ${def.noun} ${id}${scope ? ` ${scope.text}` : ""}; check importId${scope ? ` and ${scope.inputs.join(", ")}` : ""}`,
            );
        }
        if (live === undefined) {
            // This server cannot show the record: send the declaration, so that what is stored is true.
            if (def.vendor.update) await this.sendUpdate(client, id, inputs, inputs);
            else
                warn(
                    `importId ${id}: this server cannot list ${def.noun}s, so ${def.noun} ${id} was adopted as declared without checking it.`,
                );
            return id;
        }
        const refusal = def.refuseAdoption?.(live, inputs);
        if (refusal) throw new ConflictError({ property: "importId" }, refusal);
        const differs = vendorChanges(def.fields, changedFields(def.fields, live.inputs, inputs));
        const unchangeable = differs.filter((name) => def.fields[name].onChange === "replace" || !def.vendor.update);
        if (unchangeable.length > 0) {
            throw new ConflictError(
                { property: "importId" },
                `${def.noun} ${id} differs in ${unchangeable.join(", ")}, which cannot be changed in place; ` +
                    `declare ${unchangeable.length > 1 ? "them" : "it"} as the vendor has ${unchangeable.length > 1 ? "them" : "it"} (${described(live.inputs, unchangeable, def.fields)}) to adopt it, then change ${unchangeable.length > 1 ? "them" : "it"} in a later update (a replacement)`,
            );
        }
        // Adopting what already matches makes no write (an exported program's first `up` changes nothing);
        // a write-only field (a password) or one the answer does not show cannot be compared, so a declared one is sent.
        if (differs.length > 0 || uncomparable(def.fields, live, inputs).length > 0)
            await this.sendUpdate(client, id, inputs, live.inputs as I);
        return id;
    }

    private async sendUpdate(client: C, id: string, inputs: I, olds: I): Promise<void> {
        await this.definition.vendor.update!(client, id, inputs, olds).catch((error) => {
            throw this.attributed(error, inputs);
        });
    }

    /** A new record, unless one with the same natural key exists; creates of one key run one at a time. */
    private async createNew(client: C, inputs: I): Promise<string> {
        const def = this.definition;
        const key = def.naturalKey;
        if (!key) return this.createOnce(client, inputs);
        const lockKey = `${typeToken(def)}/${key.key(inputs)}`;
        return createLock().run(lockKey, async () => {
            // The cached list, not a fresh one: N creates cost N writes and one list, not N lists. It holds
            // every record this process made (write-through), which is what the lock needs to keep twins out;
            // one made out of band since the list was fetched is the vendor's checks' to catch (listCache.ts).
            const existing = await key.find(client, inputs, false);
            if (existing) return this.takeExisting(client, existing, inputs, lockKey);
            // No list to look in (`undefined`): this process's own creates of the key are known all the same.
            const madeHere = existing === undefined ? createdHere().get(lockKey) : undefined;
            if (madeHere !== undefined) throw this.madeMomentsAgo(madeHere, inputs);
            const id = await this.createOnce(client, inputs, existing === undefined);
            createdHere().set(lockKey, id);
            return id;
        });
    }

    /** A live record with the declared natural key: adopted when allowed and identical, else the error naming both ways out. */
    private async takeExisting(client: C, existing: LiveRecord, inputs: I, lockKey: string): Promise<string> {
        const def = this.definition;
        const verdict = this.verdictOn(existing, inputs, lockKey);
        if ("refused" in verdict) throw verdict.refused;
        warn(
            `${def.noun} with ${def.naturalKey!.describe(inputs)}: adopted the existing record ${existing.id} (${verdict.adoptedBecause}) instead of creating a second one.`,
        );
        if (uncomparable(def.fields, existing, inputs).length > 0 && def.vendor.update)
            await this.sendUpdate(client, existing.id, inputs, existing.inputs as I);
        return existing.id;
    }

    /**
     * What a live record with the declared natural key means for a create: taken when adoption is
     * allowed and it matches the declaration, else the error naming both ways out. Judged by Create
     * and, ahead of it, by Check.
     */
    private verdictOn(
        existing: LiveRecord,
        inputs: I,
        lockKey: string,
    ): { adoptedBecause: string } | { refused: ConflictError; identical: boolean } {
        const def = this.definition;
        const key = def.naturalKey!;
        const differs = vendorChanges(def.fields, changedFields(def.fields, existing.inputs, inputs)).filter(
            (name) => !def.fields[name].writeOnly && !existing.unseen?.includes(name),
        );
        const identical = differs.length === 0;
        const mine = createdHere().get(lockKey) === existing.id;
        if (mine) return { refused: this.madeMomentsAgo(existing.id, inputs), identical };
        if ((def.adoptIdenticalTwin || lifecycleSettings().adoptExisting) && identical) {
            const adoptedBecause =
                def.adoptIdenticalTwin && !lifecycleSettings().adoptExisting
                    ? "an identical one already exists"
                    : "telephony:adoptExisting is set";
            return { adoptedBecause };
        }
        const found = this.alreadyExists(existing.id, inputs);
        const mismatch =
            differs.length > 0 ? ` It differs from this declaration in ${differs.join(", ")}, so it is not adopted on its own.` : "";
        return {
            identical,
            refused: new ConflictError(
                { property: key.property },
                `${found}.${mismatch} If it is this resource's own (an earlier \`pulumi up\` that was interrupted or lost an answer), adopt it: ` +
                    `add \`importId: ${def.idOutput?.integer === false ? JSON.stringify(existing.id) : existing.id}\` to its inputs, or set \`telephony:adoptExisting\` to true, which adopts records whose fields match the declaration. ` +
                    `Otherwise ${key.alternative}.`,
            ),
        };
    }

    private alreadyExists(id: string, inputs: I): string {
        const def = this.definition;
        const idName = def.idOutput?.name === "code" ? "code" : "record";
        return `${article(def.noun)} ${def.noun} with ${def.naturalKey!.describe(inputs)} already exists (${idName} ${id})`;
    }

    /** Raised when a second resource of one update declares the natural key of a record the first just created. */
    private madeMomentsAgo(id: string, inputs: I): ConflictError {
        const def = this.definition;
        const key = def.naturalKey!;
        return new ConflictError(
            { property: key.property },
            `${this.alreadyExists(id, inputs)}: another resource of this same update created it moments ago with the same ${key.property}. Two resources cannot manage one ${def.noun}: ${key.alternative}.`,
        );
    }

    /**
     * One create call. When its outcome is unknown (no answer, 5xx, an unreadable answer) the
     * record is looked up by natural key, a few times with backoff, and taken when found; only
     * then is the error reported, saying that the record may exist.
     */
    private async createOnce(client: C, inputs: I, lookupUnavailable = false): Promise<string> {
        const def = this.definition;
        try {
            return await def.vendor.create(client, inputs);
        } catch (error) {
            if (!isAmbiguous(error)) throw this.attributed(error, inputs);
            const key = def.naturalKey;
            if (!key) throw error;
            let lookupFailure: unknown;
            if (!lookupUnavailable) {
                for (const delay of lookupDelaysMs) {
                    await sleep(delay);
                    try {
                        const found = await key.find(client, inputs, true);
                        if (found) return found.id;
                        // No list to look in (it failed, and was given up for this process): not "not found".
                        if (found === undefined) {
                            lookupFailure = "unreadable";
                            break;
                        }
                        lookupFailure = undefined;
                    } catch (lookupError) {
                        if (lookupError instanceof AuthenticationError) throw lookupError;
                        lookupFailure = lookupError;
                    }
                }
            }
            if (lookupUnavailable && def.vendorRefusesDuplicates) return this.createAgain(client, inputs, error);
            throw outcomeUnknown(def, inputs, error, lookupUnavailable ? "unavailable" : lookupFailure);
        }
    }

    /** The lost create sent once more, where the vendor's own duplicate check makes that safe. */
    private async createAgain(client: C, inputs: I, lost: unknown): Promise<string> {
        const def = this.definition;
        try {
            return await def.vendor.create(client, inputs);
        } catch (error) {
            if (error instanceof ConflictError || (error instanceof TelephonyError && error.cause === "invalid_input")) {
                throw outcomeUnknown(def, inputs, lost, "applied", error);
            }
            throw this.attributed(error, inputs);
        }
    }

    // -----------------------------------------------------------------------------------------

    private outputs(inputs: I, id: string): Inputs {
        const outs: Inputs = {};
        for (const [name, value] of Object.entries(inputs)) if (value !== undefined && name !== "__provider") outs[name] = value;
        const idOutput = this.definition.idOutput;
        if (idOutput) outs[idOutput.name] = idOutput.integer ? Number(id) : id;
        return outs;
    }

    /** What was declared, out of stored outputs: every field, and importId. */
    private inputsOf(props: Inputs): Inputs {
        const inputs: Inputs = {};
        for (const name of [...Object.keys(this.definition.fields), "importId"]) if (props[name] !== undefined) inputs[name] = props[name];
        return inputs;
    }

    /**
     * The declaration, fresh where the vendor says: what the program declared comes back as inputs,
     * so `pulumi up` after a refresh proposes to revert drift. Fields the vendor never returns (a
     * password) or that are ours alone are kept; optional fields the program left out stay out.
     */
    private refreshedInputs(stored: Inputs, live: Inputs): Inputs {
        const inputs: Inputs = {};
        for (const [name, field] of Object.entries(this.definition.fields)) {
            const keep = field.writeOnly || field.onChange === "state" || (field.managed === "whenDeclared" && stored[name] === undefined);
            const value = keep
                ? stored[name]
                : field.narrow && live[name] !== undefined
                  ? field.narrow(live[name], stored[name])
                  : live[name];
            if (value !== undefined) inputs[name] = value;
        }
        if (stored.importId !== undefined) inputs.importId = stored.importId;
        return inputs;
    }

    private attributed(error: unknown, inputs: I): unknown {
        if (!(error instanceof TelephonyError) || error.property || error.cause === "authentication") return error;
        const property = this.definition.attribute?.(error, inputs);
        if (!property) return error;
        return errorFromAnswer({
            call: error.call,
            status: error.status,
            vendorReason: error.vendorReason,
            vendorCode: error.vendorCode,
            cause: error.cause,
            property,
        });
    }
}

/** Check's olds are a resource's stored inputs; a new one has none (the engine sends an empty map). */
function existsAlready(olds: Inputs): boolean {
    return Object.keys(olds).some((name) => name !== "__provider");
}

/** A create whose outcome cannot be known from its answer: the vendor may have applied it. */
export function isAmbiguous(error: unknown): boolean {
    return error instanceof ConnectionError || error instanceof ServerError;
}

function outcomeUnknown<I extends Inputs, C>(
    def: ResourceDefinition<I, C>,
    inputs: I,
    error: unknown,
    lookup: unknown,
    refusal?: TelephonyError,
): OutcomeUnknownError {
    const key = def.naturalKey!;
    const cause = error instanceof TelephonyError ? error : undefined;
    const looked =
        lookup === "applied"
            ? `sent again, it was refused (${refusal?.vendorReason ?? refusal?.message}), so the first one most likely was, but this server offers no lookup to find its id`
            : lookup === "unavailable"
              ? "this server offers no lookup to tell whether it was"
              : lookup === "unreadable"
                ? `looking it up by ${key.describe(inputs)} was not possible: the list to look in could not be read`
                : lookup === undefined
                  ? `looking it up by ${key.describe(inputs)} ${lookupDelaysMs.length} times did not find it, so it was probably not, but the vendor may still be applying it`
                  : `looking it up by ${key.describe(inputs)} failed too (${lookup instanceof Error ? lookup.message : String(lookup)})`;
    return new OutcomeUnknownError(
        { call: cause?.call, status: cause?.status, vendorReason: cause?.vendorReason, property: key.property },
        `${cause ? cause.message.replace(/^.*? failed: /, "") : String(error)}. The ${def.noun} may have been created: ${looked}. ` +
            `If ${article(def.noun)} ${def.noun} with ${key.describe(inputs)} now exists, it is this resource's: add \`importId: <its id>\` to adopt it, or set \`telephony:adoptExisting\` to true; if none exists, run \`pulumi up\` again` +
            (lookup === "unreadable" || lookup === "unavailable"
                ? ` (look in the vendor's panel first: without a list, the next run cannot tell either).`
                : "."),
    );
}

/** Fields as an error quotes them: a secret one (a registered password) as `[secret]`, never its value. */
function described(inputs: Inputs, names: string[], fields: Fields): string {
    return names.map((name) => `${name} ${fields[name]?.secret ? "[secret]" : JSON.stringify(inputs[name] ?? null)}`).join(", ");
}

/**
 * Refresh and destroy run with the configuration stored at the last `pulumi up`, not the stack's
 * current one: after a rotation, the stored credentials are the revoked ones. Say so.
 */
export function storedCredentialsHint(error: unknown): unknown {
    if (!(error instanceof AuthenticationError) || error.message.includes("credentials stored")) return error;
    const hinted = errorFromAnswer({
        call: error.call,
        status: error.status,
        vendorReason: error.vendorReason,
        vendorCode: error.vendorCode,
        cause: "authentication",
        property: error.property,
    });
    hinted.message +=
        ". Note: `pulumi refresh` and `pulumi destroy` use the credentials stored at the last `pulumi up`, not the stack's current config; " +
        "after rotating credentials run `pulumi refresh --run-program` (or `pulumi destroy --run-program`), or `pulumi up` first";
    hinted.stack = `${hinted.name}: ${hinted.message}`;
    return hinted;
}

async function withStoredCredentialsHint<T>(operation: Promise<T>): Promise<T> {
    try {
        return await operation;
    } catch (error) {
        throw storedCredentialsHint(error);
    }
}

/** "a ring group", "an IVR": the article a noun takes, by its first letter (the nouns here are regular). */
export function article(noun: string): string {
    return /^[aeiou]/i.test(noun) ? "an" : "a";
}

function sleep(ms: number): Promise<void> {
    return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
}

export { containsUnknown };
