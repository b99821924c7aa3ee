/**
 * Variants: how the emulator writes the answers nobody documents. A documented answer is a
 * contract and has one shape (docs/vendors/); an undocumented one is a guess, so the emulator can
 * give every plausible shape, one selection at a time, and a client's tests can prove it reads each.
 *
 * Variants only change how answers are written, never what is stored: `/_admin/state` is the same
 * whatever the selection, and a state file never holds one. The selection lives in the server
 * (startup option, `PUT /_admin/variants`, `telephony sandbox --variant`); `/_admin/reset` goes back
 * to the startup selection.
 *
 * Every key, its values (the first is the default) and what each value answers:
 *
 * - `nextbillingLists`, the shape of every undocumented NextBilling list answer (GET manageRingGroups,
 *   manageQueue, manageIvr, manageTimeProfiles, and manageDID when it answers a list). The documented
 *   listDevices is never affected: it always nests, as documented.
 *   - `flat`: `{"error":0,"reason":"OK","records":N,"data":[record,…]}`, records by id.
 *   - `nested`: like the documented listDevices: `{"error":0,"reason":"OK","records":<blocks>,
 *     "data":[{"id_cliente":9,"nome_fantasia":"…","records":<n>,"data":[record,…]}]}`, one block per
 *     customer that has records (by customer id; outer `id_cliente` and `records` numbers, as
 *     documented for listDevices). A DID for sale (customer 0) sits in a block of customer 0 with
 *     `nome_fantasia` "". No records: `records` 0, `data` [].
 *   - `keyed`: `{"error":0,"reason":"OK","records":N,"data":{"9":[record,…],…}}`, N the number of
 *     records; no records: `data` {}.
 * - `nextbillingValues`, the values inside those records:
 *   - `strings`: every value a string (`"id":"1"`, ids inside arrays too), null stays null.
 *   - `numbers`: each value in its column's type: ids, flags and counts numbers (`"id":1`), texts
 *     strings (a DID number stays `"1130009999"`: it is a phone number, leading zeros matter; an IVR
 *     action's `action_data` and a time profile's "08:00:00" are texts too).
 *   Objects keep their nesting in both: `"announce":{"id":"23"}` or `{"id":23}`, `null` for none.
 * - `nextbillingObjects`, the object fields of listed queues and IVRs (after `nextbillingValues`): a
 *   queue's `announce`, an IVR's `perfil_horario` and `audio_…` (references to other records), its
 *   `closed_action`, `action1` and `options`:
 *   - `objects`: as they are stored: `{"id":23}` or `null` for none, actions `{"action":…,"action_data":…}`.
 *   - `bareIds`: a reference as the bare id (`23`, `"23"` under `strings`), `0` for none, as an
 *     integer foreign-key column holds it; actions and options as `objects`.
 *   - `jsonText`: every one of those fields as JSON text (`"{\"id\":23}"`, a JSON column read as a
 *     string), `null` staying `null`.
 * - `ivrOptions`, an IVR record's `options` (before `nextbillingObjects`):
 *   - `keyed`: `{"1":{"action":"queue","action_data":"15"},…}`, by key pressed.
 *   - `php`: as PHP's `json_encode` writes its array: a list (`[{…},{…}]`, the index the key) when
 *     the keys are exactly "0", "1", … in order, `[]` when there are none, else `keyed`.
 *   - `list`: `[{"key":"1","action":"queue","action_data":"15"},…]`, one row per option.
 * - `timeProfileTimes`, a time profile record's 28 times:
 *   - `seconds`: `"08:00:00"`, `""` for no interval. `minutes`: `"08:00"`, `""` for none (a server
 *     that keeps minutes only). `null`: `"08:00:00"`, `null` for none. `midnight`: `"08:00:00"`,
 *     `"00:00:00"` for both ends of no interval (a TIME column that cannot be empty).
 * - `ringGroupDevices`, a ring group record's `devices`, and a queue record's `devices` alike:
 *   - `array`: `["1","4"]`, or `[1,4]` under `numbers`.
 *   - `csv`: `"1,4"`. `brackets`: `"[1,4]"` (a JSON array stored in a text column). Both are strings
 *     whatever `nextbillingValues` says.
 * - `didLookup`, the undocumented reads `GET /api/manageDID/T/K/0` (or without a segment: every DID)
 *   and `GET /api/manageDID/T/K/{id}` (one DID). Credentials are checked first, as the method exists
 *   (its PUT and POST are documented).
 *   - `supported`: a list (shape per `nextbillingLists`, values per `nextbillingValues`); `/{id}` a
 *     one-record list, an unknown id `{"error":1,"reason":"Registro não encontrado: 99"}`.
 *   - `notFound`: a server that reads one record by id and has no list: `/0` (and no segment) reads
 *     record 0, which does not exist: HTTP 200 `{"error":1,"reason":"Registro não encontrado"}`.
 *     `/{id}` answers exactly as `supported` does (one-record list, or not found for an unknown id).
 *   - `404`: HTTP 404 `{"error":1,"reason":"Método não encontrado: manageDID"}` (no GET on this method).
 *   - `405`: HTTP 405 `{"error":1,"reason":"Método HTTP não permitido: GET"}`.
 *   - `html`: HTTP 200, `text/html`, the PHP panel's login page (a web server routing unknown API
 *     reads to the panel).
 *   - `unexpected`: HTTP 200 `{"error":0,"reason":"OK","data":"ok"}`: a valid envelope, no records.
 * - `didDelete`, the undocumented `DELETE /api/manageDID/T/K?id_record=N`. Every value but
 *   `supported` deletes nothing and answers whatever the request carries (after the credentials):
 *   - `supported`: deletes, `{"error":0,"reason":"OK"}`; unknown record error 1; no id_record 422.
 *   - `404`, `405`, `html`: as for `didLookup` (405 names DELETE).
 *   - `notFound`: HTTP 200 `{"error":1,"reason":"Registro não encontrado"}`.
 * - `lineWrites`, the assumed `POST` (update) and `DELETE` of `/api/manageDevices/T/K/1`: `supported`,
 *   or `404`: HTTP 404 `{"error":1,"reason":"Método não encontrado: manageDevices"}`, nothing changed.
 *   The documented create (PUT) and listDevices answer as always.
 * - `queueWrites`, `ivrWrites`, `timeProfileWrites`, the assumed writes of manageQueue and
 *   manageTimeProfiles (PUT create, DELETE; their POST update is documented) and of manageIvr (PUT,
 *   POST, DELETE): `supported`, or `404`: each answers HTTP 404 `{"error":1,"reason":"Método não
 *   encontrado: manageQueue"}` (manageIvr, manageTimeProfiles), nothing changed; their GET lists and
 *   documented updates answer as always. A server whose API does not create or delete them.
 * - `callbackList`, Directcall's undocumented `POST /voz/list-callback`:
 *   - `array`: `data` an array of `{code,url,pin}`; `string`: `data` that array JSON-encoded, as
 *     Directcall's documented `/did/list` answers its `data`; `404`: the path is unknown to the server,
 *     the vendor-shaped 404 every unknown path gets; `html`: HTTP 200, `text/html`, a web page
 *     (whatever the token).
 * - `callbackRemove`, Directcall's undocumented `POST /voz/remove-callback`: `supported`, or `404`
 *   (unknown path; nothing removed).
 * - `erixAnswers`, how `/api/agent.php` wraps its texts (the wiki says "JSON" and shows none):
 *   `json` `{"success":"Login OK"}` / `{"error":"Agent not exists"}`, or `text`: the bare text as
 *   `text/plain`.
 * - `erixCrm`, the PBX's CRM module, which the agent API is said to need disabled (docs/vendors/erix.md;
 *   no stored copy of the wiki's "API Agente" page says so, nor what the API answers otherwise):
 *   `disabled`, or `enabled`: every agent.php request, whatever it carries, answers HTTP 200 with an
 *   HTML login page (`<title>Nuclear Erix CRM - Login</title>`) and changes nothing. The sandbox's
 *   choice: it is what a PHP application behind a login answers, and a client must neither read it
 *   as success nor as one of the documented error texts.
 */

export const VARIANT_VALUES = {
    nextbillingLists: ["flat", "nested", "keyed"],
    nextbillingValues: ["strings", "numbers"],
    nextbillingObjects: ["objects", "bareIds", "jsonText"],
    ivrOptions: ["keyed", "php", "list"],
    timeProfileTimes: ["seconds", "minutes", "null", "midnight"],
    ringGroupDevices: ["array", "csv", "brackets"],
    didLookup: ["supported", "notFound", "404", "405", "html", "unexpected"],
    didDelete: ["supported", "404", "405", "notFound", "html"],
    lineWrites: ["supported", "404"],
    queueWrites: ["supported", "404"],
    ivrWrites: ["supported", "404"],
    timeProfileWrites: ["supported", "404"],
    callbackList: ["array", "string", "404", "html"],
    callbackRemove: ["supported", "404"],
    erixAnswers: ["json", "text"],
    erixCrm: ["disabled", "enabled"],
} as const;

export type VariantKey = keyof typeof VARIANT_VALUES;

/** A full selection: one value per key. */
export type Variants = { -readonly [K in VariantKey]: (typeof VARIANT_VALUES)[K][number] };

export const VARIANT_KEYS = Object.keys(VARIANT_VALUES) as VariantKey[];

/** The first value of each key: what a server started without variants answers. */
export const DEFAULT_VARIANTS: Readonly<Variants> = Object.freeze(
    Object.fromEntries(VARIANT_KEYS.map((key) => [key, VARIANT_VALUES[key][0]])) as Variants,
);

/**
 * Named selections for parameterised test suites; each starts from the defaults. `callbackRemove`
 * "404", `erixCrm` "enabled" and the `…Writes` "404" are in none: they break whole operations, so
 * tests set them explicitly.
 */
export const VARIANT_PROFILES = {
    documented: {},
    nested: {
        nextbillingLists: "nested",
        nextbillingValues: "numbers",
        nextbillingObjects: "bareIds",
        ivrOptions: "php",
        timeProfileTimes: "minutes",
        ringGroupDevices: "csv",
    },
    keyed: {
        nextbillingLists: "keyed",
        nextbillingObjects: "jsonText",
        ivrOptions: "list",
        timeProfileTimes: "null",
        ringGroupDevices: "brackets",
        callbackList: "string",
        erixAnswers: "text",
    },
    "did-not-found": { didLookup: "notFound", didDelete: "notFound" },
    "did-404": { didLookup: "404", didDelete: "405", callbackList: "404" },
    unreadable: { didLookup: "html", didDelete: "html", callbackList: "html" },
} as const satisfies Record<string, Partial<Variants>>;

export type VariantProfile = keyof typeof VARIANT_PROFILES;

export const VARIANT_PROFILE_NAMES = Object.keys(VARIANT_PROFILES) as VariantProfile[];

/** What callers select: an optional profile, then keys that override it. */
export type VariantSelection = Partial<Variants> & { profile?: VariantProfile };

/** The selection in force: every key, plus the profile it started from when one was named. */
export type VariantsView = Variants & { profile?: VariantProfile };

/** A selection that names an unknown key, value or profile; the message names what is allowed. */
export class VariantError extends Error {}

/** Checks an untrusted selection (admin body, startup option) and answers it typed; throws VariantError. */
export function parseVariantSelection(input: unknown): VariantSelection {
    if (typeof input !== "object" || input === null || Array.isArray(input)) throw new VariantError("variants must be an object");
    const selection: VariantSelection = {};
    for (const [key, value] of Object.entries(input)) {
        if (key === "profile") {
            if (value === undefined) continue;
            selection.profile = checkProfile(value);
        } else if (isVariantKey(key)) {
            if (value === undefined) continue;
            (selection as Record<string, string>)[key] = checkValue(key, value);
        } else {
            throw new VariantError(`unknown variant '${key}'; known: profile, ${VARIANT_KEYS.join(", ")}`);
        }
    }
    return selection;
}

/** The defaults, then the profile's values, then the keys given. */
export function resolveVariants(selection: VariantSelection = {}): VariantsView {
    const { profile, ...keys } = parseVariantSelection(selection);
    const resolved: VariantsView = { ...DEFAULT_VARIANTS, ...(profile ? VARIANT_PROFILES[profile] : {}), ...keys };
    if (profile) resolved.profile = profile;
    return resolved;
}

/**
 * One `--variant` argument of `telephony sandbox`: a profile name (`nested`, or `profile=nested`)
 * or `key=value` (`didLookup=404`); a key given twice keeps the last value. Adds it to `selection`; throws VariantError naming what is allowed.
 */
export function addVariantArgument(selection: VariantSelection, argument: string): VariantSelection {
    const equals = argument.indexOf("=");
    if (equals < 0 || argument.startsWith("profile=")) {
        const name = argument.slice(equals + 1);
        if (!(VARIANT_PROFILE_NAMES as readonly string[]).includes(name)) {
            throw new VariantError(`'${name}' is neither a profile (${VARIANT_PROFILE_NAMES.join(", ")}) nor KEY=VALUE`);
        }
        const profile = name as VariantProfile;
        if (selection.profile !== undefined && selection.profile !== profile) {
            throw new VariantError(`only one profile may be given, got ${selection.profile} and ${profile}`);
        }
        return { ...selection, profile };
    }
    const key = argument.slice(0, equals);
    const value = argument.slice(equals + 1);
    if (!isVariantKey(key)) throw new VariantError(`unknown variant '${key}'; known: ${VARIANT_KEYS.join(", ")} (or a profile)`);
    return { ...selection, [key]: checkValue(key, value) };
}

export function isVariantKey(key: string): key is VariantKey {
    return Object.prototype.hasOwnProperty.call(VARIANT_VALUES, key);
}

function checkValue<K extends VariantKey>(key: K, value: unknown): Variants[K] {
    const allowed: readonly string[] = VARIANT_VALUES[key];
    if (typeof value !== "string" || !allowed.includes(value)) {
        throw new VariantError(`${key} must be one of ${allowed.join(", ")}; got ${shown(value)}`);
    }
    return value as Variants[K];
}

function checkProfile(value: unknown): VariantProfile {
    if (typeof value !== "string" || !(VARIANT_PROFILE_NAMES as readonly string[]).includes(value)) {
        throw new VariantError(`profile must be one of ${VARIANT_PROFILE_NAMES.join(", ")}; got ${shown(value)}`);
    }
    return value as VariantProfile;
}

function shown(value: unknown): string {
    return typeof value === "string" ? `'${value}'` : (JSON.stringify(value) ?? String(value));
}

/**
 * The `html` variants' answer: the login page of a PHP web panel, which is what a server that
 * routes unknown paths (or a logged-out session) to its panel sends where JSON was expected.
 */
export function htmlPage(title: string): string {
    return [
        "<!DOCTYPE html>",
        `<html lang="pt-BR"><head><meta charset="utf-8"><title>${title}</title></head>`,
        '<body><form method="post" action="/login.php">',
        '<input name="usuario" placeholder="Usuário"><input name="senha" type="password" placeholder="Senha">',
        '<button type="submit">Entrar</button></form></body></html>',
        "",
    ].join("\n");
}

export const HTML_CONTENT_TYPE = "text/html; charset=UTF-8";
