import { expect, test } from "@playwright/test";
import { signIn } from "./screens";

// The post-incident report of the shared server's incident, after workflow-handback.spec.ts confirmed the
// handback (named to run after it): /report shows the title, the criteria table and the frozen record, and
// Chromium prints it to PDF. Chromium's PDF text is in compressed font subsets, so the page is checked in
// the DOM and the PDF by its header, its page objects and its /Title (the document title).

/** The document title as Chromium writes it in the PDF info dictionary: a literal or UTF-16BE hex string. */
function pdfTitle(pdf: Buffer): string {
  const text = pdf.toString("latin1");
  const hex = /\/Title\s*<FEFF([0-9A-Fa-f]*)>/.exec(text);
  if (hex) return Buffer.from(hex[1]!, "hex").swap16().toString("utf16le");
  return /\/Title\s*\(([^)]*)\)/.exec(text)?.[1] ?? "";
}

test("/report shows the criteria and the confirmed record, and prints to PDF", async ({ page, request }) => {
  const record = await request.get("/api/handback/record");
  expect(record.status(), "workflow-handback.spec.ts confirms the handback first").toBe(200);
  const { id, hash } = (await record.json()) as { id: number; hash: string };

  await signIn(page, "dev");
  await page.goto("/report");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Post-incident report: ISSUE-1278");
  const criteria = page.getByRole("table", { name: "criteria" });
  await expect(criteria.getByRole("row")).not.toHaveCount(1);
  const records = page.getByRole("table", { name: "handback records" });
  await expect(records.getByRole("link", { name: `#${id}` })).toHaveAttribute("href", `/api/handback/records/${id}`);
  await expect(records).toContainText(hash.slice(0, 16));
  await expect(page.getByTestId("declaration")).toContainText("Success declaration — ISSUE-1278");

  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation")).toBeHidden();
  const pdf = await page.pdf({ format: "A4", printBackground: false });
  expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  expect(pdf.toString("latin1").match(/\/Type\s*\/Page\b/g)?.length ?? 0).toBeGreaterThan(0);
  expect(pdfTitle(pdf)).toContain("ISSUE-1278");

  const md = await request.get("/api/report?format=md");
  expect(md.headers()["content-type"]).toContain("text/markdown");
  expect(await md.text()).toContain(`| ${id} | confirm |`);
});
