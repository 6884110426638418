// A query word or identifier found on most lines (the host of a one-host log) must not rank every
// template as a match and crowd out what is rare.
import { describe, expect, it } from "vitest";
import { compress } from "../../compress.js";
// @ts-expect-error plain JS module without types
import { authLog } from "../../../bench/generate-text.mjs";

describe("words on every line", () => {
  it("naming the host in the question still keeps the one accepted login", async () => {
    const log = authLog(3000) as string;
    const plain = await compress(log, { type: "log", query: "Did anyone log in successfully?" });
    const withHost = await compress(log, { type: "log", query: "Did anyone log in successfully on web-1?" });
    for (const r of [plain, withHost]) expect(r.text).toContain("Accepted publickey for deploy from 10.20.30.40");
    expect(withHost.tokensAfter).toBeLessThanOrEqual(plain.tokensAfter * 1.2);
  });
});
