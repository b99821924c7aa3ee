/**
 * A typed client for the emulator's admin API (`/_admin/`), for tests, demos and pipelines that
 * script the emulator: reset it, inspect it, edit records "by hand in the panel", inject faults.
 * It talks HTTP, so it works the same against an in-process sandbox or `telephony sandbox`.
 */
import type {
    BulkCallbackRequest,
    BulkDidRequest,
    BulkDidResult,
    BulkResult,
    BulkRingGroupRequest,
    ErixSessionView,
    ErixSettings,
    FaultPlan,
} from "./admin";
import type { DirectcallSettings } from "./directcall";
import type { SimulatedCall, SimulatedCallResult } from "./directcallCalls";
import type { RequestLogSnapshot } from "./server";
import type {
    Did,
    DirectcallCallback,
    DirectcallDelivery,
    ErixAnswerFormat,
    Ivr,
    NextBillingLine,
    Queue,
    RingGroup,
    SandboxState,
    TimeProfile,
} from "./store";
import type { VariantSelection, VariantsView } from "./variants";

/**
 * A DID as the admin API takes it: the vendor's field names, `customer_id` and `did_number` required,
 * every other field optional (left out = the vendor default: null number, "" text, default flag).
 */
export type DidInput = Partial<Omit<Did, "id">> & Pick<Did, "customer_id" | "did_number">;

/**
 * A line as the admin API takes it: the stored record's field names (listDevices' and manageDevices'),
 * `domain` an array of addresses, the owner as `id_cliente` (or manageDevices' `customer_id`); every
 * field but the owner optional (left out = manageDevices' default).
 */
export type LineInput = Partial<Omit<NextBillingLine, "id">> & ({ id_cliente: number } | { customer_id: number });
/** A line change: any stored field, the owner under either name. */
export type LineChange = Partial<Omit<NextBillingLine, "id">> & { customer_id?: number };
export type QueueInput = Partial<Omit<Queue, "id">> & Pick<Queue, "id_cliente" | "descricao">;
export type IvrInput = Partial<Omit<Ivr, "id">> & Pick<Ivr, "id_cliente" | "descricao">;
export type TimeProfileInput = Partial<Omit<TimeProfile, "id">> & Pick<TimeProfile, "id_cliente" | "descricao">;

export class SandboxAdmin {
    constructor(private readonly baseUrl: string) {}

    /**
     * Back to the seeded state (Directcall's and Erix's included) and to the startup variants; clears
     * faults, the request log and the delivery log.
     */
    reset(): Promise<unknown> {
        return this.call("POST", "reset");
    }

    state(): Promise<SandboxState> {
        return this.call("GET", "state");
    }

    /** Vendor requests so far (credentials replaced), counts per method and path, and accepted writes. */
    requests(): Promise<RequestLogSnapshot> {
        return this.call("GET", "requests");
    }

    clearRequests(): Promise<unknown> {
        return this.call("DELETE", "requests");
    }

    /** Replaces the whole fault plan; fields left out mean no such fault. */
    setFaults(plan: Partial<FaultPlan>): Promise<unknown> {
        return this.call("PUT", "faults", plan);
    }

    clearFaults(): Promise<unknown> {
        return this.call("DELETE", "faults");
    }

    /** The variant selection in force: every key (sandbox/variants.ts), and `profile` when one was named. */
    variants(): Promise<VariantsView> {
        return this.call("GET", "variants");
    }

    /**
     * Replaces the whole selection: the defaults, then `profile`'s values, then the keys given. Rejects
     * (HTTP 400, naming the allowed values) an unknown key, value or profile. Answers the new selection.
     */
    setVariants(selection: VariantSelection): Promise<VariantsView> {
        return this.call("PUT", "variants", selection);
    }

    /** Out-of-band edits to NextBilling ring groups, in vendor field names (what drift is made of). */
    readonly ringGroups = {
        create: (group: Omit<RingGroup, "id">): Promise<RingGroup> => this.call("POST", "nextbilling/ring-groups", group),
        patch: (id: number, change: Partial<Omit<RingGroup, "id">>): Promise<RingGroup> =>
            this.call("PATCH", `nextbilling/ring-groups/${id}`, change),
        remove: (id: number): Promise<RingGroup> => this.call("DELETE", `nextbilling/ring-groups/${id}`),
        /**
         * `count` groups of one customer described "<description> 1", "<description> 2", …, with one
         * strategy and device list; one state change. Not a vendor request, so neither logged nor counted as a write.
         */
        bulk: (request: BulkRingGroupRequest): Promise<BulkResult> => this.call("POST", "nextbilling/ring-groups/bulk", request),
    };

    /**
     * Out-of-band edits to NextBilling DIDs, validated by the vendor's rules. `patch` is partial
     * (null clears an optional field). Answers are the stored record, `password` included.
     */
    readonly dids = {
        create: (did: DidInput): Promise<Did> => this.call("POST", "nextbilling/dids", did),
        patch: (id: number, change: Partial<Omit<Did, "id">>): Promise<Did> => this.call("PATCH", `nextbilling/dids/${id}`, change),
        remove: (id: number): Promise<Did> => this.call("DELETE", `nextbilling/dids/${id}`),
        /**
         * `count` DIDs of one customer with consecutive numbers from `firstNumber` (same length),
         * described "DID <number>", all routed alike; one state change, all or nothing. Not a vendor
         * request, so neither logged nor counted as a write.
         */
        bulk: (request: BulkDidRequest): Promise<BulkDidResult> => this.call("POST", "nextbilling/dids/bulk", request),
    };

    /**
     * Out-of-band edits to NextBilling lines, queues, IVRs and time profiles, in vendor field names.
     * Unlike ring groups and DIDs, only each value's type and format is checked, never the rules
     * between records (customer, references, username taken, in use, intervals in order): any drift a
     * person could make, dangling references included. `patch` is partial (null or "" sets a field's
     * default); answers are the stored record, a line's `password` included.
     */
    readonly lines = {
        create: (line: LineInput): Promise<NextBillingLine> => this.call("POST", "nextbilling/lines", line),
        patch: (id: number, change: LineChange): Promise<NextBillingLine> => this.call("PATCH", `nextbilling/lines/${id}`, change),
        remove: (id: number): Promise<NextBillingLine> => this.call("DELETE", `nextbilling/lines/${id}`),
    };

    readonly queues = {
        create: (queue: QueueInput): Promise<Queue> => this.call("POST", "nextbilling/queues", queue),
        patch: (id: number, change: Partial<Omit<Queue, "id">>): Promise<Queue> => this.call("PATCH", `nextbilling/queues/${id}`, change),
        remove: (id: number): Promise<Queue> => this.call("DELETE", `nextbilling/queues/${id}`),
    };

    readonly ivrs = {
        create: (ivr: IvrInput): Promise<Ivr> => this.call("POST", "nextbilling/ivrs", ivr),
        patch: (id: number, change: Partial<Omit<Ivr, "id">>): Promise<Ivr> => this.call("PATCH", `nextbilling/ivrs/${id}`, change),
        remove: (id: number): Promise<Ivr> => this.call("DELETE", `nextbilling/ivrs/${id}`),
    };

    readonly timeProfiles = {
        create: (profile: TimeProfileInput): Promise<TimeProfile> => this.call("POST", "nextbilling/time-profiles", profile),
        patch: (id: number, change: Partial<Omit<TimeProfile, "id">>): Promise<TimeProfile> =>
            this.call("PATCH", `nextbilling/time-profiles/${id}`, change),
        remove: (id: number): Promise<TimeProfile> => this.call("DELETE", `nextbilling/time-profiles/${id}`),
    };

    /** Directcall: token lifetime and expiry, registrations made outside the API, and simulated calls. */
    readonly directcall = {
        settings: (): Promise<DirectcallSettings> => this.call("GET", "directcall/settings"),
        /** Applies to tokens issued from now on; reset goes back to the startSandbox option (default 3600). */
        setTokenTtl: (seconds: number): Promise<DirectcallSettings> =>
            this.call("PUT", "directcall/settings", { tokenTtlSeconds: seconds }),
        /** Every token issued so far is refused from now on (codigo 006). Answers how many were still live. */
        expireTokens: async (): Promise<number> => (await this.call<{ expired: number }>("POST", "directcall/expire-tokens")).expired,
        /** Successful `request_token` calls since the seed (reset sets it back to 0). */
        tokenRequests: async (): Promise<number> =>
            (await this.call<{ tokenRequests: number }>("GET", "directcall/token-requests")).tokenRequests,
        /**
         * Registrations of every account, as stored (`clientId` included). `create` registers for the
         * demo account, with the vendor's rules; `remove` answers the removed registration.
         */
        callbacks: {
            list: (): Promise<DirectcallCallback[]> => this.call("GET", "directcall/callbacks"),
            create: (callback: { url: string; pin?: string }): Promise<DirectcallCallback> =>
                this.call("POST", "directcall/callbacks", callback),
            remove: (code: string): Promise<DirectcallCallback> => this.call("DELETE", `directcall/callbacks/${encodeURIComponent(code)}`),
            /** `count` registrations of the demo account, `url` with 1, 2, … appended; one state change, not a vendor request. */
            bulk: (request: BulkCallbackRequest): Promise<BulkResult> => this.call("POST", "directcall/callbacks/bulk", request),
        },
        /** Delivers one event per status to every matching registration; answers once all deliveries finished. */
        simulateCall: (call: SimulatedCall = {}): Promise<SimulatedCallResult> => this.call("POST", "directcall/calls", call),
        /** Every delivery since the last reset, oldest first. */
        deliveries: async (): Promise<DirectcallDelivery[]> =>
            (await this.call<{ deliveries: DirectcallDelivery[] }>("GET", "directcall/deliveries")).deliveries,
    };

    /**
     * Erix: who is logged in where (the vendor documents no status query), a supervisor's logoff at
     * the PBX, and whether `/api/agent.php` answers JSON or bare text (an alias of the `erixAnswers`
     * variant). None of these is a vendor request.
     */
    readonly erix = {
        /** Every logged-in agent, in login order, with the agent's display name. */
        sessions: (): Promise<ErixSessionView[]> => this.call("GET", "erix/sessions"),
        /** Ends the agent's session out of band; answers the session that ended. Rejects (404) when not logged in. */
        logoff: (agent: string): Promise<ErixSessionView> => this.call("POST", `erix/sessions/${encodeURIComponent(agent)}/logoff`),
        settings: (): Promise<ErixSettings> => this.call("GET", "erix/settings"),
        /**
         * The `erixAnswers` variant under its older name: "text" answers the bare message (`Login OK`) as
         * text/plain. Leaves the other variants as they are; reset goes back to the startup variants.
         */
        setAnswerFormat: (answerFormat: ErixAnswerFormat): Promise<ErixSettings> => this.call("PUT", "erix/settings", { answerFormat }),
    };

    private async call<T>(method: string, route: string, body?: unknown): Promise<T> {
        const response = await fetch(`${this.baseUrl}/_admin/${route}`, {
            method,
            headers: body === undefined ? undefined : { "content-type": "application/json" },
            body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await response.text();
        const answer = text ? JSON.parse(text) : undefined;
        if (!response.ok) {
            const why = typeof answer?.error === "string" ? answer.error : text;
            throw new Error(`emulator admin ${method} /_admin/${route}: HTTP ${response.status}: ${why}`);
        }
        return answer as T;
    }
}
