/** `npm start` is the main job: its walkthrough must keep telling the whole story. */
import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { DEMO_CREDENTIALS, DIRECTCALL_DEMO_CREDENTIALS } from "../../sandbox";

const REPO = path.resolve(__dirname, "..", "..");

it("takes the demo stack through plan, up, no-op, drift, revert and destroy", async () => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(REPO, "dist", "examples", "walkthrough.js")], {
        cwd: REPO,
        env: { ...process.env, TELEPHONY_DEMO_ENGINE: "standin" },
    });
    const sections = stdout.split(/^== /m);
    expect(sections[1]).toMatch(/^1\. preview[\s\S]*\+ create \S+RingGroup reception \[customerId: 9, description: "Ramais Recepção"/);
    expect(sections[1]).toMatch(
        /\+ create \S+Did sales-line \[.*number: "1130001000", routing: \{"queueId":12,"type":"queue"\}.*supplierPassword: \[secret\]\]/,
    );
    expect(sections[1]).toMatch(
        /\+ create \S+CallbackUrl crm-hook \[allowInsecureHttp: true, basicAuth: \{"username":"directcall"\}, basicAuthPassword: \[secret\]/,
    );
    expect(sections[1]).toMatch(/Resources: 8 create/);
    expect(sections[2]).toMatch(
        /Resources: 8 create[\s\S]*Erix: maria at 2001 in vendas, available; joao at 2002 in vendas, paused \(Almoço\)/,
    );
    expect(sections[3]).toMatch(/receiver got: answered call [0-9a-f-]{36} 11999990000 → 1130001000[\s\S]*receiver got: hung up call/);
    expect(sections[4]).toMatch(/Resources: 8 same[\s\S]*emulator: 0 writes during this preview/);
    expect(sections[6]).toMatch(/~ refresh \S+RingGroup reception \[.*strategy: "linear" → "ringall"/);
    expect(sections[6]).toMatch(
        /~ refresh \S+Did sales-line \[maxCalls: 30 → 10, routing: \{"queueId":12,"type":"queue"\} → \{"queueId":14,"type":"queue"\}\]/,
    );
    expect(sections[7]).toMatch(/~ update \S+RingGroup reception \[.*strategy: "ringall" → "linear"/);
    expect(sections[7]).toMatch(/Resources: 2 update, 6 same/);
    expect(sections[8]).toMatch(
        /Resources: 8 delete[\s\S]*numbers in the pool \(customer 0\): .*1130003000[\s\S]*Erix: no agent logged in/,
    );
    expect(sections[9]).toMatch(
        /Exported 4 ring groups, 4 DIDs[\s\S]*pulumi config set --secret telephony:nextbillingToken <value>[\s\S]*\| new telephony.nextbilling.RingGroup\("comercial-todos-2"/,
    );
    expect(sections[10]).toMatch(/up: 8 resources adopted by importId .*emulator writes: 0\n\s+preview afterwards: 8 same/);
    expect(sections[11]).toMatch(/unmanaged\s+nextbilling.RingGroup \d+ "Plantão Fim de Semana" \(customer 31\)[\s\S]*exit code: 2/);
    expect(stdout).toMatch(/Timings[\s\S]*ms {2}total/);
    for (const text of [stdout, stderr]) {
        expect(text).not.toContain(DEMO_CREDENTIALS.token);
        expect(text).not.toContain(DEMO_CREDENTIALS.key);
        expect(text).not.toContain("demo-trunk-password");
        expect(text).not.toContain("demo-receiver-password");
        expect(text).not.toContain(DIRECTCALL_DEMO_CREDENTIALS.client_secret);
    }
});
