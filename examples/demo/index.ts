/**
 * The demo stack: the whole telephony setup of a store, customer 45 ("Varejo Novo", empty in the
 * emulator's seed), declared as one program whose references are outputs, so Pulumi creates what
 * is pointed at first and deletes it last. Then a call-status webhook and the call-center agents.
 * `npm start` (examples/walkthrough.ts) runs it, compiled, on the real engine against the embedded
 * emulator, as project telephony-demo, stack demo, and sets its config: preview, up, drift, a change
 * that flows through the references, and destroy. It has no Pulumi.yaml of its own. Run in a project
 * of yours, it reads these keys of that project (`telephony-demo:` in the walkthrough): `receiverUrl`,
 * `thirdLine` (optional, false by default) and the secrets `linePassword4501`, `linePassword4502`,
 * `linePassword4503` (with thirdLine), `trunkPassword` and `receiverPassword`; and the provider's
 * `telephony:*` settings for NextBilling, Directcall and Erix (the README's Configuration; the
 * walkthrough's `config()` sets every one of them).
 */
import * as pulumi from "@pulumi/pulumi";
import * as telephony from "pulumi-telephony";

const config = new pulumi.Config();
const customerId = 45;

// Opening hours: the IVR answers with the menu inside them, and sends callers to voicemail outside.
const hours = new telephony.nextbilling.TimeProfile("store-hours", {
    customerId,
    description: "Horário da Loja",
    week: {
        mon: [["08:00", "18:00"]],
        tue: [["08:00", "18:00"]],
        wed: [["08:00", "18:00"]],
        thu: [["08:00", "18:00"]],
        fri: [["08:00", "18:00"]],
        sat: [["08:00", "12:00"]],
    },
});

// The store's SIP lines (extensions): the phones register with these usernames and passwords.
const cashier = new telephony.nextbilling.Line("ramal-4501", {
    customerId,
    username: "4501",
    password: config.requireSecret("linePassword4501"),
    callerId: "1145001000",
    maxSimultaneousCalls: 2,
});
const seller = new telephony.nextbilling.Line("ramal-4502", {
    customerId,
    username: "4502",
    password: config.requireSecret("linePassword4502"),
    callerId: "1145001000",
});
// A third extension, declared once the store hires (`npm start` turns it on in step 8): it joins the
// queue and the ring group through their references, in the same `up` that creates it.
const extraLines = config.getBoolean("thirdLine")
    ? [
          new telephony.nextbilling.Line("ramal-4503", {
              customerId,
              username: "4503",
              password: config.requireSecret("linePassword4503"),
              callerId: "1145001000",
          }),
      ]
    : [];
const salesTeam = [seller, ...extraLines];

const salesQueue = new telephony.nextbilling.Queue("sales-queue", {
    customerId,
    description: "Fila Vendas Varejo",
    strategy: "rrmemory",
    devices: salesTeam.map((line) => line.recordId),
    timeoutSeconds: 20,
});

const menu = new telephony.nextbilling.Ivr("main-menu", {
    customerId,
    description: "URA Varejo Novo",
    timeProfileId: hours.recordId,
    options: {
        "1": { action: "queue", queueId: salesQueue.recordId },
        "2": { action: "line", lineId: cashier.recordId },
    },
    whenClosed: { action: "voicemail", lineId: cashier.recordId },
});

const reception = new telephony.nextbilling.RingGroup("reception", {
    customerId,
    description: "Ramais Loja",
    strategy: "linear",
    devices: [cashier.recordId, ...salesTeam.map((line) => line.recordId)],
    enabled: true,
});

// The store's inbound numbers: the main number to the menu over a supplier trunk, the sales number
// straight to the queue, and a number handed to the cashier's line that goes back to the pool on destroy.
const mainNumber = new telephony.nextbilling.Did("main-number", {
    customerId,
    number: "+55 (11) 4500-1000",
    description: "Número Principal",
    routing: { type: "ivr", ivrId: menu.recordId },
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

const salesNumber = new telephony.nextbilling.Did("sales-number", {
    customerId,
    number: "11 4500-2000",
    description: "Vendas",
    routing: { type: "queue", queueId: salesQueue.recordId },
    maxCalls: 20,
});

const cashierNumber = new telephony.nextbilling.Did("cashier-number", {
    customerId,
    number: "1145003000",
    description: "Caixa",
    routing: { type: "line", deviceId: cashier.recordId },
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

export const lineIds = { cashier: cashier.recordId, salesTeam: salesTeam.map((line) => line.recordId) };
export const queueId = salesQueue.recordId;
export const ivrId = menu.recordId;
export const receptionRingGroupId = reception.recordId;
export const didIds = { main: mainNumber.recordId, sales: salesNumber.recordId, cashier: cashierNumber.recordId };
export const callbackRegistration = crmHook.code;
export const salesAgents = { maria: maria.paused.apply((paused) => (paused ? "paused" : "available")), joao: joao.pauseReason };
