// The ML path through compress(): the committed tiny model thins prose; without a model folder
// compress() falls back to the extractive path and says so.
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { compress } from "../../compress.js";
import { memoryStore } from "../../store/index.js";
import { retrieve } from "../../retrieve.js";
import { closeModels } from "./model-path.js";

const MODEL = fileURLToPath(new URL("../../../test/fixtures/tiny-token-model", import.meta.url));
const prose = Array.from({ length: 30 }, (_, i) =>
  `The service really basically started on port ${8000 + i} and the very slow request to /api/orders/${i} was logged.`).join("\n") + "\n";

afterAll(() => closeModels());

describe("text ML path", () => {
  it("runs the local model, keeps numbers and paths, and the ref gives the original back", async () => {
    const store = memoryStore();
    const r = await compress(prose, { type: "text", model: { path: MODEL, worker: false }, store, query: "which port?" });
    expect(r.reasons.map((x) => x.code)).toContain("text.ml");
    expect(r.text.split("\n").length).toBeGreaterThanOrEqual(30);
    expect(r.text).toContain("/api/orders/17");
    expect(r.text).toContain("8029");
    expect(r.tokensAfter).toBeLessThan(r.tokensBefore);
    const back = await retrieve(r.refs[0]!, { store });
    expect(back.ok && back.value.text).toBe(prose);
  });

  it("a missing model folder falls back to the extractive path with a reason", async () => {
    const r = await compress(prose, { type: "text", model: { path: "/nonexistent/model-folder", worker: false } });
    const codes = r.reasons.map((x) => x.code);
    expect(codes).toContain("text.ml-unavailable");
    expect(codes).not.toContain("text.ml");
  });
});
