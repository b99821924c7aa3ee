/**
 * The public Args types of Queue and Ivr and the zod schemas check validates against accept the
 * same shapes (as test/types/args.test.ts proves for the other resources): resolved, each Args type
 * is assignable to its schema's input and the other way round, checked by the type-checker; and
 * the examples of each class's doc comment pass check, a queue's `recordId` in place of its id.
 */
import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { validateInputs } from "../../../provider/kit/check";
import type { IvrActionArgs, IvrArgs } from "../../../provider/nextbilling/ivr/Ivr";
import { ivrSchema } from "../../../provider/nextbilling/ivr/schema";
import type { QueueArgs } from "../../../provider/nextbilling/queue/Queue";
import { queueSchema } from "../../../provider/nextbilling/queue/schema";
import { same, type Resolved, type Same } from "../../support/argsTypes";

same<Same<Resolved<QueueArgs>, z.input<typeof queueSchema>>>(true);
same<Same<Resolved<IvrArgs>, z.input<typeof ivrSchema>>>(true);
same<Same<Resolved<IvrActionArgs>, NonNullable<z.input<typeof ivrSchema>["onEntry"]>>>(true);

// Every id that points at another record takes another resource's output, at every level.
const recordId = pulumi.output(12);
export const typed: [QueueArgs, IvrArgs] = [
    { customerId: 13, description: "Fila Vendas", devices: [recordId, 31], overflowQueueId: recordId },
    {
        customerId: 13,
        description: "URA Principal",
        timeProfileId: recordId,
        onEntry: { action: "voicemail", lineId: recordId },
        whenClosed: pulumi.output({ action: "hangup" as const }),
        options: { "1": { action: "queue", queueId: recordId }, "#": { action: "ringGroup", ringGroupId: recordId } },
    },
];

describe("each class's documented example passes its schema", () => {
    it.each([
        ["Queue (support)", queueSchema, { customerId: 13, description: "Fila Suporte", devices: [32] }],
        [
            "Queue (sales)",
            queueSchema,
            {
                customerId: 13,
                description: "Fila Vendas",
                strategy: "rrmemory",
                devices: [30, 31],
                announcePosition: true,
                timeoutSeconds: 60,
                overflowQueueId: 14,
            },
        ],
        [
            "Ivr",
            ivrSchema,
            {
                customerId: 13,
                description: "URA Principal",
                timeProfileId: 3,
                options: {
                    "1": { action: "queue", queueId: 12 },
                    "2": { action: "line", lineId: 32 },
                    "9": { action: "voicemail", lineId: 30 },
                },
                whenClosed: { action: "hangup" },
            },
        ],
    ] as const)("%s", (_name, schema, example) => {
        expect(validateInputs(schema as z.ZodObject, example as Record<string, unknown>).failures).toEqual([]);
    });
});
