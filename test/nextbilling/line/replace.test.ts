/**
 * A line moved to another customer is a replacement. NextBilling keeps SIP usernames unique across
 * the platform, so under the same username the new line cannot exist beside the old one: the diff
 * asks the engine to delete first. With a new username as well, the new line comes first.
 */
import { lineProvider } from "../../../provider/nextbilling/line/provider";

const line = { customerId: 13, username: "2030", auth: { type: "password" }, function: { type: "line" }, enabled: true };

describe("Line replacement order", () => {
    it("deletes first when the username stays (the vendor would refuse the twin)", async () => {
        const diff = await lineProvider.diff!("30", line, { ...line, customerId: 45 });
        expect(diff).toEqual({ changes: true, replaces: ["customerId"], deleteBeforeReplace: true });
    });

    it("creates first when the username changes too", async () => {
        const diff = await lineProvider.diff!("30", line, { ...line, customerId: 45, username: "4530" });
        expect(diff).toMatchObject({ replaces: ["customerId"], deleteBeforeReplace: false });
    });

    it("an update in place is no replacement at all", async () => {
        const diff = await lineProvider.diff!("30", line, { ...line, username: "2031" });
        expect(diff).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    });
});
