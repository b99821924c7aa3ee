/**
 * The demo stack: two ring groups of the emulator's demo tenant. `npm start` takes it through
 * preview, up, drift and destroy; with a real `pulumi` CLI: `npm run build && pulumi up`.
 */
import * as telephony from "pulumi-telephony";

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

export const receptionRingGroupId = reception.recordId;
export const salesRingGroupId = sales.recordId;
