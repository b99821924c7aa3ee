/**
 * The demo stack: ring groups, inbound numbers, a call-status webhook and call-center agents of
 * the emulator's demo tenant. `npm start`
 * takes it through preview, up, drift and destroy; with a real `pulumi` CLI:
 * `npm run build && pulumi up` (see the README).
 */
import * as pulumi from "@pulumi/pulumi";
import * as telephony from "pulumi-telephony";

const config = new pulumi.Config();

const reception = new telephony.nextbilling.RingGroup("reception", {
    customerId: 9,
    description: "Ramais Recepção",
    strategy: "linear",
    devices: [1, 4, 19, 23],
    enabled: true,
});

const sales = new telephony.nextbilling.RingGroup("sales", {
    customerId: 13,
    description: "Vendas Loja Centro",
    strategy: "ringall",
    devices: [30, 31, 32],
});

// Inbound numbers of the store (customer 13): one to the sales queue over a supplier trunk,
// one to the IVR, and one handed to a PBX over IP with a backup address.
const salesLine = new telephony.nextbilling.Did("sales-line", {
    customerId: 13,
    number: "+55 (11) 3000-1000",
    description: "Número Entrante Vendas",
    routing: { type: "queue", queueId: 12 },
    supplier: {
        host: "192.168.0.2",
        port: 5060,
        username: "trunk01",
        password: config.requireSecret("trunkPassword"),
        additionalHosts: ["192.168.0.1", "192.168.0.3"],
        register: true,
    },
    maxCalls: 30,
});

const menuLine = new telephony.nextbilling.Did("menu-line", {
    customerId: 13,
    number: "11 3000-2000",
    description: "URA Loja Centro",
    routing: { type: "ivr", ivrId: 7 },
});

const pbxTrunk = new telephony.nextbilling.Did("pbx-trunk", {
    customerId: 13,
    number: "1130003000",
    description: "Tronco PABX",
    routing: { type: "ip", deviceId: 30, primary: { ipAddress: "10.0.0.10" }, backup: { ipAddress: "10.0.0.11", port: 5080 } },
    // A number customers already dial: on destroy it goes back to the pool instead of being deleted.
    deletionPolicy: "release",
});

// Call-status webhooks of the store's CRM: Directcall POSTs every call's events to this URL.
// The demo registers a local receiver (plain http on loopback, hence allowInsecureHttp).
const crmHook = new telephony.directcall.CallbackUrl("crm-hook", {
    url: config.require("receiverUrl"),
    allowInsecureHttp: true,
    basicAuth: { username: "directcall", password: config.requireSecret("receiverPassword") },
});

// The store's sales team in the PBX Erix call center: two agents in the sales queue, one at lunch.
// (Agent sessions are operational state: see the README on what refresh can and cannot see.)
const maria = new telephony.erix.AgentSession("maria-vendas", { agent: "maria", extension: "2001", queue: "vendas", paused: false });
const joao = new telephony.erix.AgentSession("joao-vendas", {
    agent: "joao",
    extension: "2002",
    queue: "vendas",
    paused: true,
    pauseReason: "Almoço",
});

export const receptionRingGroupId = reception.recordId;
export const salesRingGroupId = sales.recordId;
export const didIds = { salesLine: salesLine.recordId, menuLine: menuLine.recordId, pbxTrunk: pbxTrunk.recordId };
export const callbackRegistration = crmHook.code;
export const salesAgents = { maria: maria.paused.apply((paused) => (paused ? "paused" : "available")), joao: joao.pauseReason };
