/**
 * The NextBilling records other resources point at: lines (listDevices), queues (manageQueue) and
 * IVRs (manageIvr). Listed once per customer per provider process and shared by every resource,
 * so checking N DIDs' references costs a few list calls, not N.
 */
import { TelephonyError } from "../http/errors";
import { NextBillingClient } from "./client";

export interface Reference {
    id: number;
    name: string;
}

export type ReferenceKind = "line" | "queue" | "ivr";

/** Where each kind is listed: the vendor method whose GET lists a customer's records of that kind. */
const LISTS: Record<ReferenceKind, { apiMethod: string; name: string; label: (r: Record<string, unknown>) => unknown }> = {
    line: { apiMethod: "listDevices", name: "listDevices", label: (r) => r.nome ?? r.ramal ?? r.descricao },
    queue: { apiMethod: "manageQueue", name: "listQueues", label: (r) => r.descricao ?? r.nome },
    ivr: { apiMethod: "manageIvr", name: "listIvrs", label: (r) => r.descricao ?? r.nome },
};

/**
 * GET /api/listDevices/T/K/{customerId}, /api/manageQueue/T/K/{customerId}, /api/manageIvr/T/K/{customerId}.
 * listDevices groups its answer by customer (`data: {"9": [...]}`); the others answer a flat list.
 */
export function listReferences(client: NextBillingClient, kind: ReferenceKind, customerId: number): Promise<Reference[]> {
    const { apiMethod, name, label } = LISTS[kind];
    return client.lists.get(`${apiMethod}/${customerId}`, async () => {
        const answer = await client.call({ name, method: "GET", apiMethod, id: customerId, safeToRepeat: true });
        return NextBillingClient.records(answer)
            .filter((record) => record.id_cliente === undefined || Number(record.id_cliente) === customerId)
            .map((record) => ({ id: Number(record.id), name: String(label(record) ?? "") }));
    });
}

/**
 * Whether `id` is a `kind` of the customer: true, false, or undefined when the list cannot be read
 * here (the server lacks the method, 404/405), in which case the vendor's own check decides later.
 */
export async function referenceExists(
    client: NextBillingClient,
    kind: ReferenceKind,
    customerId: number,
    id: number,
): Promise<{ exists?: boolean; known: Reference[] }> {
    try {
        const known = await listReferences(client, kind, customerId);
        return { exists: known.some((reference) => reference.id === id), known };
    } catch (error) {
        if (error instanceof TelephonyError && (error.status === 404 || error.status === 405)) return { known: [] };
        throw error;
    }
}
