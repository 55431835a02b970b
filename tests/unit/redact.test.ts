import { describe, expect, it } from "vitest";
import { parseConfigText } from "@/lib/config";
import { connectionSecrets, redactText, redactUrls, secretList, serverSecretsOf, urlSecrets } from "@/lib/redact";
import { MINIMAL_CONFIG } from "../support/config-text";

// The one redaction module: what counts as a secret, and how a text is masked.

describe("what counts as a secret", () => {
  it.each<[string, string, string[]]>([
    ["a URL password, raw and decoded", "postgres://u:p%40ss@db/x", ["p%40ss", "p@ss"]],
    ["credential query values", "postgres://db/x?sslpassword=ssl-key-1&application_name=app", ["ssl-key-1"]],
    ["nothing in a URL without credentials", "redis://127.0.0.1:6379", []],
    ["nothing in a text that is no URL", "not a url", []],
  ])("urlSecrets: %s", (_, url, expected) => {
    expect(urlSecrets(url)).toEqual(expected);
  });

  it.each<[string, string, string[]]>([
    ["the URL and its password when it has one", "redis://:r3dis-pass@h:6379", ["redis://:r3dis-pass@h:6379", "r3dis-pass"]],
    ["nothing for a URL without credentials", "postgres://postgres@127.0.0.1:5432/test", []],
    ["the whole text when it is no URL", "host=db password=x", ["host=db password=x"]],
  ])("connectionSecrets: %s", (_, url, expected) => {
    expect(connectionSecrets(url)).toEqual(expected);
  });

  it("the server's own: every token secret (valid or not), the session secret, storage and Redis passwords", () => {
    const secrets = serverSecretsOf({
      HANDBACK_TOKENS: "ci:infra:tok-ci-0123456789abcdef, dev:dev:short, broken-entry",
      HANDBACK_SESSION_SECRET: "session-secret-0123456789abcdef0123",
      DATABASE_URL: "postgres://app:db-pass-42@db:5432/handback",
      REDIS_URL: "redis://127.0.0.1:6379",
    });
    expect(secrets).toEqual(expect.arrayContaining(["tok-ci-0123456789abcdef", "short", "session-secret-0123456789abcdef0123", "db-pass-42"]));
    expect(secrets).not.toContain("redis://127.0.0.1:6379");
    expect(secrets).not.toContain("broken-entry");
  });

  it("every value interpolated into the config", () => {
    const text = MINIMAL_CONFIG.replace("title: ", "title: ${TITLE} ").replace("teams:", "# ${IN_A_COMMENT}\nteams:");
    const result = parseConfigText(text, { TITLE: "interpolated-title-value", IN_A_COMMENT: "never-read" });
    expect(result.ok && result.interpolated).toEqual(["interpolated-title-value"]);
  });
});

describe("masking", () => {
  it.each<[string, string, string[], string]>([
    ["every occurrence", "a-secret and a-secret", ["a-secret"], "*** and ***"],
    ["the longest first, so no part of a longer secret survives", "token-abc-123", ["token-abc", "token-abc-123"], "***"],
    ["empty secrets are ignored", "text", [""], "text"],
  ])("redactText: %s", (_, text, secrets, expected) => {
    expect(redactText(text, secrets)).toBe(expected);
  });

  it("redactUrls masks the password of any scheme://user:password@", () => {
    expect(redactUrls("cannot reach postgres://app:s3cret@db:5432/x")).toBe("cannot reach postgres://app:***@db:5432/x");
  });

  it("secretList drops short values and duplicates, longest first", () => {
    expect(secretList(["abcd", "on", "abcdef", "abcd"])).toEqual(["abcdef", "abcd"]);
  });
});
