import { describe, expect, it } from "vitest";
import { isStackLine, isTrouble } from "./signals.js";

describe("isTrouble", () => {
  it("finds errors, failures and warnings", () => {
    for (const l of ["ERROR: boom", "[error] x", "Traceback (most recent call last):", "FAILED tests/a.py::t", "java.lang.IllegalStateException: x",
      "warning: unused variable", "panicked at 'x'", "Process exited with exit code 2", "fatal: not a git repository", "Connection refused.", "Error.",
      "start-stop-daemon: unable to stat /usr/libexec/polkitd (No such file or directory)", "bash: foo: command not found", "cannot open shared object file"])
      expect(isTrouble(l), l).toBe(true);
  });
  it("a trouble word inside a name is not trouble", () => {
    for (const l of ["status installed libgpg-error-dev:amd64 1.46-1", "install liberror-prone-java:all <none> 2.18.0-1", "Unpacking python3-exceptiongroup (1.1.0-2) ...",
      "src/on_error.rs", "node-fail-fast 1.0", "see docs/errors/intro.md", "all 12 tests passed"])
      expect(isTrouble(l), l).toBe(false);
  });
});

describe("isStackLine", () => {
  it("frames of several languages", () => {
    for (const l of ["    at Object.<anonymous> (/app/x.js:1:2)", '  File "/app/x.py", line 3, in f', "Caused by: java.io.IOException", "#3 /var/www/app.php(12): f()"])
      expect(isStackLine(l), l).toBe(true);
    expect(isStackLine("plain line")).toBe(false);
  });
});
