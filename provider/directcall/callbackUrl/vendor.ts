/**
 * Directcall's callback registrations ("Callback de status de chamada", docs/vendors/directcall.md).
 * Documented: POST /voz/add-callback with `url` and optional `pin`, answered with the
 * registration's `code` (and, verbatim, `status: "ok"` with codigo 001). Remove (by `code`) and
 * list are documented calls whose PATHS no page gives: `voz/remove-callback` and
 * `voz/list-callback` are assumptions, kept here and nowhere else, and never load-bearing.
 */
import { ServerError } from "../../http/errors";
import type { LiveRecord } from "../../kit/resource";
import { UnexpectedShape } from "../../kit/undocumented";
import { DirectcallClient, directcallRecords, isDirectcallError } from "../client";
import type { CallbackUrlInputs } from "./schema";

export const CALLBACK_PATHS = { add: "voz/add-callback", remove: "voz/remove-callback", list: "voz/list-callback" } as const;
const LIST_KEY = "list-callback";

/** The URL Directcall stores: Basic auth travels inside it, as `https://user:pass@host/path`. */
export function registeredUrl(inputs: Pick<CallbackUrlInputs, "url" | "basicAuth" | "basicAuthPassword">): string {
    if (!inputs.basicAuth) return inputs.url;
    const url = new URL(inputs.url);
    url.username = encodeURIComponent(inputs.basicAuth.username);
    url.password = encodeURIComponent(inputs.basicAuthPassword ?? "");
    return url.toString();
}

/** A listed registration in the resource's input shape; the credentials come out of the URL. */
export function fromVendor(record: Record<string, unknown>): LiveRecord | undefined {
    let url: URL;
    try {
        url = new URL(String(record.url ?? ""));
    } catch {
        return undefined; // not a registration we could have made
    }
    const inputs: Record<string, unknown> = {};
    if (url.username) {
        inputs.basicAuth = { username: decodeURIComponent(url.username) };
        inputs.basicAuthPassword = decodeURIComponent(url.password);
    }
    url.username = "";
    url.password = "";
    inputs.url = url.toString();
    if (record.pin !== undefined && record.pin !== null && String(record.pin) !== "") inputs.pin = String(record.pin);
    return { id: String(record.code ?? record.id ?? ""), inputs };
}

/**
 * POST /voz/list-callback (path assumed): every registration of the account, once per process and
 * kept true by this process's writes (kit/listCache.ts); `undefined` when this server has no such
 * list. `fresh` lists again, to resolve an add-callback whose answer was lost.
 */
export function listCallbacks(client: DirectcallClient, fresh = false): Promise<LiveRecord[] | undefined> {
    const load = async () => {
        const answer = await client.call("listCallbacks", CALLBACK_PATHS.list, {}, true);
        // Without an envelope or a list, the answer is not the list (an empty object is not "no registrations").
        const enveloped = answer.status !== undefined || answer.codigo !== undefined || answer.data !== undefined;
        const records = enveloped ? directcallRecords(answer) : undefined;
        if (records === undefined) {
            throw new UnexpectedShape(
                `Directcall listCallbacks (POST /${CALLBACK_PATHS.list}) answered without a list: ${client.printable(JSON.stringify(answer), 200)}`,
            );
        }
        return records.map(fromVendor).filter((record): record is LiveRecord => record !== undefined && record.id !== "");
    };
    return client.undocumented.run(
        "Directcall listCallbacks",
        "the check for a duplicate registration and the recovery of a lost add-callback answer are left out, and refresh keeps the stored state",
        () => (fresh ? client.lists.fresh(LIST_KEY, load) : client.lists.get(LIST_KEY, load)),
    );
}

const recordId = (record: LiveRecord) => record.id;

/** POST /voz/add-callback with url and optional pin; resolves to the registration's `code`. Not repeated on a lost answer. */
export async function addCallback(client: DirectcallClient, url: string, pin: string | undefined): Promise<string> {
    const sentAt = client.lists.mark();
    try {
        const answer = await client.call("addCallback", CALLBACK_PATHS.add, pin === undefined ? { url } : { url, pin }, false);
        if (typeof answer.code !== "string" && typeof answer.code !== "number") {
            throw new ServerError({ call: `Directcall addCallback (POST /${CALLBACK_PATHS.add})` }, "the answer carries no code");
        }
        const code = String(answer.code);
        // Write-through, in the shape the cached list holds: the registration as fromVendor reads a listed one.
        const registered = fromVendor({ code, url, pin });
        if (registered) client.lists.add<LiveRecord>(LIST_KEY, code, recordId, registered, sentAt);
        return code;
    } catch (error) {
        // Applied or not, only the vendor can say now.
        client.lists.invalidate(LIST_KEY);
        throw error;
    }
}

/**
 * POST /voz/remove-callback (path assumed) with code. Codes 009 and 010 ("does not exist",
 * "already cancelled") mean removed. Resolves `false` when this server has no such call.
 */
export async function removeCallback(client: DirectcallClient, code: string): Promise<boolean> {
    if (client.undocumented.lacks("Directcall removeCallback")) return false;
    try {
        await client.call("removeCallback", CALLBACK_PATHS.remove, { code }, true);
        client.lists.drop<LiveRecord>(LIST_KEY, code, recordId);
        return true;
    } catch (error) {
        if (isDirectcallError(error, "009", "010")) {
            client.lists.drop<LiveRecord>(LIST_KEY, code, recordId);
            return true;
        }
        client.lists.invalidate(LIST_KEY);
        const outcome = client.undocumented.failed("Directcall removeCallback", "registrations cannot be removed from here", error);
        if (outcome === "passing") throw error;
        return false;
    }
}
