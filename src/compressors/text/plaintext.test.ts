// Plain-text structure: titles framed by rule lines or underlined count as headings and a kept hit
// keeps its heading chain; a kept bullet keeps its indented continuation lines; key = value
// configuration files keep their active settings for keys and sections the question names.
import { describe, expect, it } from "vitest";
import { compress } from "../../compress.js";
import { memoryStore } from "../../store/index.js";
import { parseBlocks, headingText } from "./blocks.js";
import { configLine, ConfigLine, keyMatches } from "./config.js";
import { lineTable } from "./lines.js";

const NOUNS = ["buffer", "socket", "scheduler", "timer", "channel", "worker", "driver", "handle", "stream", "queue", "runtime", "signal"];
const VERBS = ["polls", "wakes", "drains", "flushes", "parks", "spawns", "closes", "reads", "writes", "yields", "tracks", "resets"];
/** A filler sentence that never mentions what the tests ask about. */
const filler = (k: number) => `The ${NOUNS[k % 12]} ${VERBS[(k * 5) % 12]} the ${NOUNS[(k * 7 + 3) % 12]} before the ${NOUNS[(k * 11 + 1) % 12]} is released in step ${k}.`;
const para = (k: number, n = 4) => Array.from({ length: n }, (_, j) => filler(k * 10 + j)).join(" ");

describe("plain-text headings", () => {
  const kinds = (t: string) => parseBlocks(t, lineTable(t)).map((b) => b.kind);
  it("a title framed by rule lines (same character above and below) is one heading", () => {
    for (const ch of ["=", "-", "*", "#"]) {
      const rule = ch.repeat(30);
      const t = `${rule}\n  Installation Notes\n${rule}\n\n${para(1)}\n`;
      const blocks = parseBlocks(t, lineTable(t));
      expect(blocks[0]!.kind, ch).toBe("heading");
      expect(blocks[0]!.last - blocks[0]!.first).toBe(2);
      expect(headingText(t, lineTable(t), blocks[0]!)).toBe("Installation Notes");
    }
  });
  it("underlined titles: setext, reStructuredText marks, numbered titles", () => {
    expect(kinds("Overview\n========\n\ntext here.\n")[0]).toBe("heading");
    expect(kinds("Details\n~~~~~~~\n\ntext here.\n")[0]).toBe("heading");
    expect(kinds("2. Upgrading from 1.x\n=====================\n\ntext here.\n")[0]).toBe("heading");
    // a rule line that frames nothing, or frames two different marks, is no title
    expect(kinds("====\nabc\n----\n\ntext.\n")[0]).not.toBe("heading");
  });
  it("a hit under framed titles keeps its heading chain", async () => {
    const sections: string[] = [];
    for (let s = 0; s < 12; s++) {
      sections.push("=".repeat(40), `  Part ${s}: ${NOUNS[s]} handling`, "=".repeat(40), "");
      for (let k = 0; k < 3; k++) {
        sections.push(`Chapter ${s}.${k} on ${VERBS[k]}`, "-".repeat(24), "");
        sections.push(s === 7 && k === 1 ? `${para(s * 3 + k, 2)} The retention window defaults to forty days unless overridden. ${para(s * 3 + k + 50, 2)}` : para(s * 3 + k, 5), "");
      }
    }
    const text = sections.join("\n") + "\n";
    const r = await compress(text, { type: "text", store: memoryStore(), query: "how long is the retention window?" });
    expect(r.text).toContain("The retention window defaults to forty days unless overridden.");
    expect(r.text).toContain(`${"=".repeat(40)}\n  Part 7: ${NOUNS[7]} handling\n${"=".repeat(40)}`);
    expect(r.text).toContain(`Chapter 7.1 on ${VERBS[1]}\n${"-".repeat(24)}`);
    expect(r.ratio).toBeGreaterThan(0.5);
  });
});

describe("bullets with continuation lines", () => {
  it("a kept bullet of line-oriented text keeps its indented continuation lines", async () => {
    const out: string[] = [];
    for (let k = 0; k < 60; k++) {
      out.push(`    • item ${k}: /srv/data/${NOUNS[k % 12]}_${k}.db (${k * 13} KB)`);
      if (k === 41) out.push("          mirrored nightly to cold storage at 03:00", "          keeps 14 snapshots; older ones are pruned");
      else out.push(`          owner ${VERBS[k % 12]}-svc, mode 0640`);
    }
    const text = `Inventory of data files\n\n${out.join("\n")}\n`;
    const r = await compress(text, { type: "text", store: memoryStore(), query: "which file is item 41?" });
    expect(r.text).toContain("    • item 41: /srv/data/");
    expect(r.text).toContain("          mirrored nightly to cold storage at 03:00\n          keeps 14 snapshots; older ones are pruned");
  });
});

describe("key = value configuration files", () => {
  it("classifies settings, commented-out settings and comments", () => {
    expect(configLine("ssl = on\t\t\t# (change requires restart)")).toBe(ConfigLine.ACTIVE);
    expect(configLine("PermitRootLogin no")).toBe(ConfigLine.ACTIVE);
    expect(configLine("#ssl_ciphers = 'HIGH:MEDIUM:+3DES:!aNULL'\t# allowed SSL ciphers")).toBe(ConfigLine.COMMENTED);
    expect(configLine("#PermitRootLogin prohibit-password")).toBe(ConfigLine.COMMENTED);
    expect(configLine("# This file consists of lines of the form:")).toBe(ConfigLine.COMMENT);
    expect(configLine("[database]")).toBe(ConfigLine.SECTION);
    expect(keyMatches("sslmode", ["ssl"])).toBe(1);
    expect(keyMatches("ssl_cert_file", ["ssl", "cert"])).toBe(2);
    expect(keyMatches("classless", ["ssl"])).toBe(0);
  });

  /** A postgresql.conf-like file: many commented-out defaults with comments, a few active settings. */
  function pgConf(): string {
    const out = ["# -----------------------------", "# Server configuration file", "# -----------------------------", "#", "# This file consists of lines of the form:", "#", "#   name = value", "#", "# Comments are introduced with '#' anywhere on a line.", ""];
    const sections: Array<[string, string[]]> = [
      ["Connection Settings", ["listen_addresses", "port", "max_connections", "unix_socket_directories", "unix_socket_group", "unix_socket_permissions"]],
      ["Authentication", ["authentication_timeout", "password_encryption", "scram_iterations", "krb_server_keyfile"]],
      ["SSL", ["ssl", "ssl_ca_file", "ssl_cert_file", "ssl_crl_file", "ssl_key_file", "ssl_ciphers", "ssl_prefer_server_ciphers", "ssl_ecdh_curve", "ssl_min_protocol_version", "ssl_passphrase_command"]],
      ["Memory", ["shared_buffers", "huge_pages", "temp_buffers", "work_mem", "maintenance_work_mem", "dynamic_shared_memory_type"]],
      ["Checkpoints", ["checkpoint_timeout", "checkpoint_completion_target", "max_wal_size", "min_wal_size"]],
      ["Where to Log", ["log_destination", "logging_collector", "log_directory", "log_filename", "log_rotation_age", "log_line_prefix", "log_timezone"]],
    ];
    const active: Record<string, string> = { port: "5433", max_connections: "200", ssl_cert_file: "'/etc/pki/server.crt'", ssl_key_file: "'/etc/pki/server.key'", ssl_min_protocol_version: "'TLSv1.3'", shared_buffers: "2GB", log_timezone: "'UTC'" };
    let k = 0;
    for (const [title, keys] of sections) {
      out.push(`# - ${title} -`, "");
      for (const key of keys) {
        k++;
        if (active[key]) out.push(`${key} = ${active[key]}\t\t# (change requires restart)`);
        else out.push(`#${key} = ${["on", "off", "0", "''", "-1", "'default'"][k % 6]}\t\t# ${["(change requires restart)", "0 selects the system default", "in milliseconds, 0 is disabled", "range 1-1000"][k % 4]}`);
        if (k % 3 === 0) out.push(`\t\t\t\t\t# ${filler(k)}`);
      }
      out.push("");
    }
    return out.join("\n") + "\n";
  }

  it("keeps the active settings whose key names a query word, above commented-out defaults", async () => {
    const text = pgConf();
    const r = await compress(text, { type: "text", store: memoryStore(), query: "Which ssl certificate and key does the server use, and what is the minimum TLS version?", targetRatio: 0.85 });
    expect(r.text).toContain("ssl_cert_file = '/etc/pki/server.crt'");
    expect(r.text).toContain("ssl_key_file = '/etc/pki/server.key'");
    expect(r.text).toContain("ssl_min_protocol_version = 'TLSv1.3'");
    expect(r.ratio).toBeGreaterThan(0.5);
  });

  it("a section header the question names brings that section's active settings", async () => {
    const text = pgConf();
    const r = await compress(text, { type: "text", store: memoryStore(), query: "what is in the memory section?", targetRatio: 0.9 });
    expect(r.text).toContain("# - Memory -");
    expect(r.text).toContain("shared_buffers = 2GB");
  });

  it("with budget to spare, active settings the question does not name come before commented-out defaults", async () => {
    const text = pgConf();
    const r = await compress(text, { type: "text", store: memoryStore(), query: "which port does the server listen on?", targetRatio: 0.5 });
    expect(r.text).toContain("port = 5433");
    for (const l of ["max_connections = 200", "shared_buffers = 2GB", "log_timezone = 'UTC'"]) expect(r.text).toContain(l);
  });

  it("sshd_config style (`Key value`, `#Key default`): the active setting wins over its commented default", async () => {
    const keys = ["Port", "AddressFamily", "ListenAddress", "HostKey", "RekeyLimit", "SyslogFacility", "LogLevel", "LoginGraceTime", "PermitRootLogin", "StrictModes", "MaxAuthTries", "MaxSessions", "PubkeyAuthentication", "AuthorizedKeysFile", "HostbasedAuthentication", "IgnoreRhosts", "PasswordAuthentication", "PermitEmptyPasswords", "KbdInteractiveAuthentication", "UsePAM", "AllowAgentForwarding", "AllowTcpForwarding", "GatewayPorts", "X11Forwarding", "PrintMotd", "TCPKeepAlive", "ClientAliveInterval", "UseDNS", "MaxStartups", "Banner"];
    const out = ["# This is the sshd server system-wide configuration file.  See", "# sshd_config(5) for more information.", ""];
    keys.forEach((key, k) => {
      out.push(`#${key} ${["yes", "no", "22", "any", "none", "10"][k % 6]}`);
      if (k % 4 === 0) out.push(`# ${filler(k)}`, "");
    });
    out.push("", "# Settings below override the defaults above", "PasswordAuthentication no", "X11Forwarding yes", "UsePAM yes", "");
    const text = out.join("\n") + "\n";
    const r = await compress(text, { type: "text", store: memoryStore(), query: "is password authentication allowed?", targetRatio: 0.9 });
    expect(r.text).toContain("\nPasswordAuthentication no\n");
  });
});
