import type { FieldDiff, OperationResult, StepOp, StepResult } from "./types";

const SYMBOLS: Record<StepOp, string> = {
    create: "+",
    update: "~",
    replace: "+-",
    "delete-replaced": "--",
    delete: "-",
    same: " ",
    refresh: "~",
    "read-gone": "-",
};

const COLORS: Record<StepOp, number> = {
    create: 32,
    update: 33,
    replace: 35,
    "delete-replaced": 31,
    delete: 31,
    same: 2,
    refresh: 33,
    "read-gone": 31,
};

const SUMMARY_ORDER: StepOp[] = ["create", "update", "replace", "delete", "refresh", "read-gone", "same"];

const HEADINGS: Record<OperationResult["kind"], string> = {
    preview: "Previewing update",
    up: "Updating",
    refresh: "Refreshing",
    destroy: "Destroying",
};

function formatValue(value: unknown): string {
    if (value === undefined) return "(none)";
    const text = typeof value === "string" && value.startsWith("[") && value.endsWith("]") ? value : JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function formatDiffs(diffs: FieldDiff[], op: StepOp): string {
    // A create has no "before": list what will be created.
    const format = (d: FieldDiff) =>
        op === "create" ? `${d.field}: ${formatValue(d.new)}` : `${d.field}: ${formatValue(d.old)} → ${formatValue(d.new)}`;
    return `[${diffs.map(format).join(", ")}]`;
}

function formatDuration(ms: number): string {
    return ms < 1000 ? `${ms}ms` : `${(ms / 1000).toFixed(1)}s`;
}

/** Plan-like text for one operation: a line per changed resource with its field diffs, then counts and duration. */
export function renderOperation(result: OperationResult, options: { color?: boolean } = {}): string {
    const paint = (op: StepOp, text: string) => (options.color ? `\u001b[${COLORS[op]}m${text}\u001b[0m` : text);
    const lines = [`${HEADINGS[result.kind]}:`];
    const showDiffs = (step: StepResult) => step.diffs.length > 0;
    for (const step of result.steps) {
        if (step.op === "same" && !step.error) continue;
        let line = `  ${SYMBOLS[step.op]} ${step.op} ${step.type} ${step.name}`;
        if (showDiffs(step)) line += ` ${formatDiffs(step.diffs, step.op)}`;
        if (step.op === "replace" && step.deleteBeforeReplace) line += " (delete before replace)";
        if (step.op === "read-gone") line += " (deleted outside Pulumi)";
        lines.push(paint(step.op, line));
        if (step.error) lines.push(`      error: ${step.error}`);
    }
    for (const failure of result.failures ?? []) {
        lines.push(`  check failure: ${failure.urn}: ${failure.property}: ${failure.reason}`);
    }
    if (result.outputs && Object.keys(result.outputs).length > 0) {
        lines.push("Outputs:");
        for (const [key, value] of Object.entries(result.outputs)) lines.push(`    ${key}: ${formatValue(value)}`);
    }
    const counts = SUMMARY_ORDER.filter((op) => result.counts[op]).map((op) => `${result.counts[op]} ${op}`);
    lines.push(`Resources: ${counts.length > 0 ? counts.join(", ") : "no changes"}`);
    if (result.error) lines.push(`error: ${result.error}`);
    lines.push(`Duration: ${formatDuration(result.durationMs)}`);
    return lines.join("\n");
}
