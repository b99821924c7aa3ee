/**
 * The public Args types and the zod schemas that check validates against accept the same shapes:
 * resolved (every Input and Output taken away), each Args type is assignable to its schema's
 * input, and the other way round. Checked by the type-checker (`npm test` runs `npm run
 * typecheck` over test/), so a field added to one and not the other fails the build; the runtime
 * part proves that the examples of each class's doc comment pass check.
 */
import type { z } from "zod";
import type { CallbackUrlArgs } from "../../provider/directcall/callbackUrl/CallbackUrl";
import { callbackUrlSchema } from "../../provider/directcall/callbackUrl/schema";
import type { AgentSessionArgs } from "../../provider/erix/agentSession/AgentSession";
import { agentSessionSchema } from "../../provider/erix/agentSession/schema";
import { validateInputs } from "../../provider/kit/check";
import type { DidArgs } from "../../provider/nextbilling/did/Did";
import { didSchema } from "../../provider/nextbilling/did/schema";
import type { RingGroupArgs } from "../../provider/nextbilling/ringGroup/RingGroup";
import { ringGroupSchema } from "../../provider/nextbilling/ringGroup/schema";
import { same, type Resolved, type Same } from "../support/argsTypes";

/** The classes move secret passwords out of their objects into a top-level input, so only the password is secret. */
type SplitPassword<T, Parent extends keyof T, Secret extends string> = Omit<T, Parent> & {
    [K in Parent]?: Omit<NonNullable<T[K]>, "password">;
} & { [K in Secret]?: string };

/** The schema's input, with the preprocessed password fields (typed `unknown` by zod) as the text they are. */
type SchemaInput<S extends z.ZodType, Secret extends string = never> = Omit<z.input<S>, Secret> & { [K in Secret]?: string };

same<Same<Resolved<RingGroupArgs>, SchemaInput<typeof ringGroupSchema>>>(true);
same<Same<SplitPassword<Resolved<DidArgs>, "supplier", "supplierPassword">, SchemaInput<typeof didSchema, "supplierPassword">>>(true);
same<Same<Resolved<AgentSessionArgs>, SchemaInput<typeof agentSessionSchema>>>(true);
// basicAuth needs its password: the schema checks that pair, so its username object stays required within basicAuth.
same<
    Same<
        SplitPassword<Resolved<CallbackUrlArgs>, "basicAuth", "basicAuthPassword">,
        SchemaInput<typeof callbackUrlSchema, "basicAuthPassword">
    >
>(true);

describe("each class's documented example passes its schema", () => {
    it.each([
        ["RingGroup", ringGroupSchema, { customerId: 9, description: "Ramais Recepção", strategy: "linear", devices: [1, 4, 19, 23] }],
        [
            "Did",
            didSchema,
            {
                customerId: 13,
                number: "+55 (11) 3000-1000",
                description: "Número Entrante Vendas",
                routing: { type: "queue", queueId: 12 },
                supplier: { host: "192.168.0.2", username: "trunk01" },
                supplierPassword: "x",
            },
        ],
        [
            "CallbackUrl",
            callbackUrlSchema,
            { url: "https://crm.example.com.br/hooks/directcall", basicAuth: { username: "directcall" }, basicAuthPassword: "x" },
        ],
        ["AgentSession", agentSessionSchema, { agent: "joao", extension: "2002", queue: "vendas", paused: true, pauseReason: "Almoço" }],
    ] as const)("%s", (_name, schema, example) => {
        expect(validateInputs(schema as z.ZodObject, example as Record<string, unknown>).failures).toEqual([]);
    });
});
